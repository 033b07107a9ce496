// Before its exam starts, an LSP admin moves a session to a new window or calls it off, with a
// reason code (the note stays inside assessment; it may name someone). Assessment checks the
// new day again (site, assessors, every candidate's other sessions) and notifies the people
// assigned; a refusal lists each problem with its field.
import { useState } from "preact/hooks";
import { ApiError, call } from "../api";
import { reasonOf, t } from "../i18n";
import type { Key } from "../i18n";
import type { PlannedSession } from "../planning";
import { Notice, explain } from "../ui";

const REASONS = ["site_unavailable", "assessor_unavailable", "candidates_unavailable", "force_majeure", "other"];

// An ISO moment as the person's datetime-local field shows it.
const local = (iso: string) => {
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

export function SessionChanges({ session, onChanged }: { session: PlannedSession; onChanged: () => void }) {
  const [starts, setStarts] = useState(local(session.starts_at));
  const [ends, setEnds] = useState(local(session.ends_at));
  const [reason, setReason] = useState(REASONS[0]);
  const [note, setNote] = useState("");
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const send = async (path: "reschedule" | "cancel", body: Record<string, unknown>) => {
    setProblems([]), setBusy(true);
    try {
      await call("POST", `/sessions/${session.session_id}/${path}`, { ...body, reason, note }, "assessment");
      onChanged();
    } catch (e) {
      setProblems(e instanceof ApiError && e.problems.length ? e.problems.map((p) => `${p.field}: ${reasonOf(p)}`) : [explain(e)]);
    } finally {
      setBusy(false);
    }
  };
  const move = () => send("reschedule", { starts_at: new Date(starts).toISOString(), ends_at: new Date(ends).toISOString() });
  const callOff = () => {
    if (confirm(t("cancelConfirm"))) void send("cancel", {});
  };

  return (
    <details class="card" id="session-changes">
      <summary>{t("changeSession")}</summary>
      <div class="form-grid">
        <div class="field">
          <label for="c-reason">{t("changeReason")}</label>
          <select id="c-reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)}>
            {REASONS.map((r) => <option key={r} value={r}>{t(`reason_${r}` as Key)}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="c-note">{t("changeNote")}</label>
          <input id="c-note" maxLength={500} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="c-starts">{t("newStartsAt")}</label>
          <input id="c-starts" type="datetime-local" value={starts} onInput={(e) => setStarts(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="c-ends">{t("newEndsAt")}</label>
          <input id="c-ends" type="datetime-local" value={ends} onInput={(e) => setEnds(e.currentTarget.value)} />
        </div>
        <div class="wide toolbar filters">
          <button type="button" disabled={busy} onClick={move}>{t("reschedule")}</button>
          <button type="button" class="danger" disabled={busy} onClick={callOff}>{t("cancelSession")}</button>
        </div>
      </div>
      {problems.length ? <div class="notice error" role="alert"><ul>{problems.map((p) => <li key={p}>{p}</li>)}</ul></div> : null}
      {busy ? <Notice>{t("loading")}</Notice> : null}
    </details>
  );
}
