// Where the application stands: still on the phone (waiting for signal, or being sent), refused
// by the server, or the server's status, with the LSP's reasons when it was returned. Checked
// again every few seconds while the screen is open, so a decision shows without a tap.
import { useEffect, useState } from "preact/hooks";
import { LocalApplication, loadApplication } from "../application";
import { Key, lang, reasonOf, t } from "../i18n";
import { fieldLabel } from "../form/apl01";
import { outbox } from "../outbox";
import { href } from "../router";
import { Session } from "../session";
import { useValue } from "../signal";
import { Heading, Notice } from "../ui";
import { ApplicationView, loadView } from "../view";
import { explain } from "./SignIn";

const POLL_MS = 4000;

function named(field: string): string {
  const label = fieldLabel(field);
  return label ? t(label) : field;
}

export function Status({ me }: { me: Session }) {
  const candidateId = me.candidate_id!;
  const queue = useValue(outbox);
  const [local, setLocal] = useState<LocalApplication | null | undefined>(undefined);
  const [view, setView] = useState<ApplicationView | null>(null);
  const [checked, setChecked] = useState<Date | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function load() {
    const known = (await loadApplication(candidateId)) ?? null;
    setLocal(known);
    if (!known?.application_id) return;
    try {
      setView(await loadView(candidateId, known.application_id));
      setChecked(new Date());
      setError(null);
    } catch (e) {
      setError(explain(e));
    }
  }

  useEffect(() => {
    void load();
    const timer = window.setInterval(() => {
      if (document.visibilityState === "visible") void load();
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [candidateId, queue.waiting.length, queue.failed.length]);

  const refused = queue.failed.find((item) => item.kind === "submit");
  const waiting = queue.waiting.find((item) => item.kind === "submit");
  let state: string;
  if (refused) state = "failed";
  else if (waiting) state = queue.sending && navigator.onLine ? "sending" : "local";
  else state = view?.status ?? local?.last_status ?? "none";
  const returned = state === "returned" ? view?.returned?.reasons ?? [] : [];

  return (
    <section>
      <Heading>{t("statusTitle")}</Heading>
      {state === "none" ? (
        <p>{t("noApplication")}</p>
      ) : (
        <p id="application-status" class={`badge ${state}`} data-status={state} role="status">
          {t(`status_${state}` as Key)}
        </p>
      )}
      {waiting ? <p>{t("queued", { n: queue.waiting.length })}</p> : null}
      {refused?.failed?.length ? (
        <ul class="reasons">
          {refused.failed.map((p) => (
            <li key={p.field}><strong>{named(p.field)}</strong>: {reasonOf(p)}</li>
          ))}
        </ul>
      ) : null}
      {returned.length ? (
        <>
          <h2>{t("reasonsTitle")}</h2>
          <ul class="reasons" id="returned-reasons">
            {returned.map((r) => (
              <li key={r.field}><strong>{named(r.field)}</strong>: {r.reason}</li>
            ))}
          </ul>
        </>
      ) : null}
      {state === "rejected" && view?.decision?.reason ? (
        <p><strong>{t("rejectedReason")}</strong>: {view.decision.reason}</p>
      ) : null}
      {error && state !== "local" ? <Notice kind="error">{error}</Notice> : null}
      {checked ? <p class="hint">{t("lastChecked", { time: checked.toLocaleTimeString(lang.get() === "en" ? "en-GB" : "id-ID") })}</p> : null}
      <nav class="actions" aria-label={t("statusTitle")}>
        {state === "failed" || state === "returned" || state === "none" ? (
          <a class="button" href={href("apl01")}>{state === "none" ? t("toApplication") : t("fixNow")}</a>
        ) : null}
        <button type="button" class="secondary" onClick={() => void load()}>{t("refresh")}</button>
        <a class="button secondary" href={href("profile")}>{t("back")}</a>
      </nav>
    </section>
  );
}
