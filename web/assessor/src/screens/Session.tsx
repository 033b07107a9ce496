// One session in the hall: its facts, the start code to read out and the start (offline too:
// the tablet keeps the moment and the server takes it when synced), the live view of who has
// everything sent (the roster, asked every few seconds while online), and the attendance of the
// assessor's candidates, each a record on the tablet first.
import { useEffect, useState } from "preact/hooks";
import { useValue } from "../../../src/signal";
import { deviceId } from "../device";
import {
  PhoneState, Roster, SessionFacts, cachedCode, cachedRoster, cachedSession, download, fetchRoster,
} from "../hall";
import { reasonOf, t } from "../i18n";
import * as db from "../db";
import { Presence, hall, loadHall, valueOf, write } from "../records";
import { candidateHref } from "../router";
import { session } from "../session";
import { OutboxItem, pull, queueStart, sync, written } from "../sync";
import { Heading, Notice, clock, explain, shortId, when } from "../ui";
import { Conflict } from "./Conflict";
import { status } from "./Sessions";

const POLL_MS = 5000;
const STATES: PhoneState[] = ["all_sent", "writing", "quiet", "never_heard"];
const PRESENCE: Presence[] = ["present", "late", "absent"];

export function useDevice(): string {
  const [device, setDevice] = useState("");
  useEffect(() => void deviceId().then(setDevice), []);
  return device;
}

export function useHallData(id: string) {
  const [facts, setFacts] = useState<SessionFacts | null>(null);
  const [roster, setRoster] = useState<Roster | null>(null);
  const [code, setCode] = useState<string | null>(null);
  const [startRefused, setStartRefused] = useState<OutboxItem["problems"] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [ready, setReady] = useState(false);
  const me = useValue(session);
  const reread = async () => {
    setFacts((await cachedSession(id)) ?? null);
    setRoster((await cachedRoster(id)) ?? null);
    setCode((await cachedCode(id)) ?? null);
    setStartRefused((await db.get<OutboxItem>(`start:${id}`, "outbox"))?.problems ?? null);
  };
  useEffect(() => {
    void loadHall(id);
    void reread().then(async () => {
      if (navigator.onLine && me) {
        try {
          await download(id, me.account_id);
          await pull(id); // what the server holds, from this tablet or another device
        } catch (e) {
          if (navigator.onLine) setError(explain(e));
        }
        await reread();
      }
      setReady(true);
    });
  }, [id]);
  return { facts, roster, code, error, ready, reread, setRoster, startRefused };
}

export function Session({ id }: { id: string }) {
  const { facts, roster, code, error, ready, reread, setRoster, startRefused } = useHallData(id);
  const online = useValue(sync).online;
  const me = useValue(session)!;
  const records = useValue(hall);
  const device = useDevice();

  // The live view: the roster again every few seconds while there is signal.
  useEffect(() => {
    if (!online) return;
    const timer = window.setInterval(() => {
      void fetchRoster(id).then(setRoster).catch(() => undefined);
      if (!sync.get().records) void pull(id).catch(() => undefined);
      void reread();
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [id, online]);

  if (!facts) {
    return (
      <section>
        <Heading>{t("loading")}</Heading>
        {error ? <Notice kind="error">{error}</Notice> : ready ? <Notice kind="warn">{t("notDownloaded")}</Notice> : null}
        <a href="#/">{t("back")}</a>
      </section>
    );
  }
  const lines = roster?.candidates ?? [];
  const mine = lines.map((line, i) => ({ line, n: i + 1 })).filter(({ line }) => line.assessor_id === me.account_id);
  const start = async () => {
    if (!window.confirm(t("startConfirm"))) return;
    await queueStart(id);
    await reread();
  };

  return (
    <section>
      <p><a href="#/">{t("back")}</a></p>
      <Heading>{t("sessionTitle", { scheme: facts.scheme_code })}</Heading>
      {error ? <Notice kind="error">{error}</Notice> : ready && roster ? <p class="hint">{t("downloaded")}</p> : null}
      <div class="columns">
        <section aria-labelledby="facts-title">
          <h2 id="facts-title">{t("facts")}</h2>
          <dl class="facts">
            <div><dt>{t("starts")}</dt><dd>{when(facts.starts_at)}</dd></div>
            <div><dt>{t("ends")}</dt><dd>{when(facts.ends_at)}</dd></div>
            <div><dt>{t("district")}</dt><dd>{facts.district_code}</dd></div>
            <div><dt>{t("examLength")}</dt><dd>{t("minutes", { n: facts.exam_minutes })}</dd></div>
          </dl>
          <p><span id="session-status" class={`badge ${status(facts)}`} data-status={status(facts)}>{t(status(facts))}</span></p>
        </section>
        <section aria-labelledby="code-title">
          <h2 id="code-title">{t("startCodeTitle")}</h2>
          {code ? (
            <>
              <p class="hint">{t("startCodeIntro")}</p>
              <p id="start-code" class="start-code" aria-live="polite">{code}</p>
            </>
          ) : <p class="hint">{t("startCodeNotYet")}</p>}
          {facts.started_at ? (
            <p id="started">{facts.offline_start ? t("startedOffline", { time: clock(facts.started_at) })
              : t("startedAt", { time: clock(facts.started_at), deadline: clock(facts.deadline) })}</p>
          ) : null}
          {startRefused ? (
            <Notice kind="error">{startRefused.map((p) => `${p.field}: ${reasonOf(p)}`).join("; ")}</Notice>
          ) : null}
          {!facts.started_at && !facts.cancelled ? (
            <button type="button" id="start-exam" disabled={!code} onClick={() => void start()}>{t("startExam")}</button>
          ) : null}
        </section>
      </div>

      <section aria-labelledby="live-title">
        <h2 id="live-title">{t("liveTitle")}</h2>
        {roster ? (
          <>
            <p class="hint">{t("liveAsOf", { time: clock(roster.server_now) })} {online ? "" : t("liveOffline")}</p>
            <ul class="counts" id="live-counts">
              {STATES.map((s) => (
                <li key={s} class={`count ${s}`} data-state={s} data-count={roster.counts[s] ?? 0}>
                  <strong>{roster.counts[s] ?? 0}</strong> {t(`state_${s}`)}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section aria-labelledby="roster-title">
        <h2 id="roster-title">{t("rosterTitle")}</h2>
        <ol class="roster">
          {lines.map((line, i) => {
            const n = i + 1;
            const label = `${t("candidateN", { n })} (${shortId(line.candidate_id)})`;
            const ours = line.assessor_id === me.account_id;
            const attendance = records ? valueOf(id, line.candidate_id, "attendance") : undefined;
            const current = attendance?.current.length === 1 ? attendance.current[0] : null;
            const conflicts = records ? [...records.subjects.values()].filter(
              (s) => s.current.length > 1 && s.current[0].candidate_id === line.candidate_id).length : 0;
            const record = (presence: Presence, checked: boolean) =>
              void write(id, line.candidate_id, "attendance", "", { presence, identity_checked: checked }).then(written);
            return (
              <li key={line.candidate_id} class="roster-row" data-candidate={line.candidate_id}
                data-presence={current?.presence ?? ""} data-phone={line.state}>
                <span class="who">{label}</span>
                {ours ? (
                  <>
                    <fieldset class="presence" disabled={!!attendance && attendance.current.length > 1}>
                      <legend class="visually-hidden">{`${t("presence")}: ${label}`}</legend>
                      {PRESENCE.map((p) => (
                        <label class="check" key={p}>
                          <input type="radio" name={`presence-${line.candidate_id}`} value={p}
                            checked={current?.presence === p}
                            onChange={() => record(p, current?.identity_checked ?? false)} />
                          {t(p)}
                        </label>
                      ))}
                    </fieldset>
                    <label class="check">
                      <input type="checkbox" checked={!!current?.identity_checked} disabled={!current}
                        aria-label={`${t("identityChecked")}: ${label}`}
                        onChange={(e) => current && record(current.presence as Presence, e.currentTarget.checked)} />
                      {t("identityChecked")}
                    </label>
                  </>
                ) : <span class="hint">{t("notYours")}</span>}
                <span class={`phone ${line.state}`}>{t(`state_${line.state}`)} · {t("answered", { n: line.answered, total: line.questions })}</span>
                {conflicts ? <span class="badge failed">{t("conflictsN", { n: conflicts })}</span> : null}
                {ours ? <a class="button secondary" href={candidateHref(id, line.candidate_id)} aria-label={`${t("assess")}: ${label}`}>{t("assess")}</a> : null}
                {attendance && attendance.current.length > 1 ? (
                  <Conflict sessionId={id} state={attendance} device={device}
                    describe={(r) => `${t(`value_${r.presence as Presence}`)}${r.identity_checked ? `, ${t("identityChecked").toLowerCase()}` : ""}`} />
                ) : null}
              </li>
            );
          })}
        </ol>
        {!mine.length && roster ? <p class="hint">{t("sessionsNone")}</p> : null}
      </section>
    </section>
  );
}
