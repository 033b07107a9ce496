// My sessions: the sessions naming the assessor, the soonest first, from the tablet's copy at
// once and from the server when there is signal.
import { useEffect, useState } from "preact/hooks";
import { ListedSession, cachedSessions, fetchSessions } from "../hall";
import { t } from "../i18n";
import { sessionHref } from "../router";
import { Heading, Notice, explain, when } from "../ui";

export function status(s: { cancelled: boolean; started_at: string | null; offline_start?: boolean }) {
  if (s.cancelled) return "status_cancelled" as const;
  if (s.offline_start) return "status_offline_start" as const;
  return s.started_at ? ("status_started" as const) : ("status_scheduled" as const);
}

export function Sessions() {
  const [list, setList] = useState<{ at: string; sessions: ListedSession[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fresh, setFresh] = useState(false);

  async function load() {
    setError(null);
    try {
      const sessions = await fetchSessions();
      setList({ at: new Date().toISOString(), sessions });
      setFresh(true);
    } catch (e) {
      if (!navigator.onLine) return;
      setError(explain(e));
    }
  }
  useEffect(() => {
    void cachedSessions().then((found) => found && setList((now) => now ?? found));
    void load();
  }, []);

  return (
    <section>
      <Heading>{t("sessionsTitle")}</Heading>
      {list && !fresh ? <p class="hint">{t("sessionsCached", { time: when(list.at) })}</p> : null}
      {error ? <Notice kind="error">{error}</Notice> : null}
      {list && !list.sessions.length ? <p>{t("sessionsNone")}</p> : null}
      {!list && !error ? <p class="hint" role="status">{t("loading")}</p> : null}
      <ul class="cards">
        {(list?.sessions ?? []).map((s) => (
          <li key={s.session_id} class="card" data-session={s.session_id}>
            <h2>{s.scheme_code}</h2>
            <p>{t("sessionWhen", { start: when(s.starts_at), n: s.exam_minutes })}</p>
            <p>{t("candidatesMine", { mine: s.mine, all: s.assigned })} · <span class={`badge ${status(s)}`}>{t(status(s))}</span></p>
            <a class="button" href={sessionHref(s.session_id)} aria-label={`${t("open")} ${s.scheme_code} ${when(s.starts_at)}`}>{t("open")}</a>
          </li>
        ))}
      </ul>
      <button type="button" class="secondary" onClick={() => void load()}>{t("refresh")}</button>
    </section>
  );
}
