// One application as the LSP verifies it: what the candidate submitted (APL-01 and APL-02, their
// evidence) and the three decisions. Returning marks fields where they are read, each with its
// reason; the candidate's app highlights exactly those fields. Opening it is a recorded read.
import { useState } from "preact/hooks";
import { call, download, newClientId } from "../api";
import { type Key, t } from "../i18n";
import { href } from "../router";
import { Heading, Loading, Notice, explain, useLoad, when } from "../ui";
import { decidedHere } from "./Queue";

interface Judgement {
  unit_code: string;
  element_code: string;
  judgement: "K" | "BK";
}

interface Submitted {
  submission: number;
  submitted_at: string;
  scheme_code: string;
  scheme_version: number;
  purpose: string;
  cooperative_id: string;
  district_code: string;
  role: string;
  occupational_group: string;
  adjustment_needs: string[];
  judgements: Judgement[];
  personal: Record<string, string> | string;
  education: Record<string, string | number | null> | string;
  notes: Record<string, string | number | null> | string;
}

interface Evidence {
  evidence_id: string;
  media_type: string;
  size: number;
  file_name: string | null;
}

export interface ApplicationView {
  application_id: string;
  status: string;
  submissions: number;
  submitted: Submitted | null;
  returned: { at: string; reasons: { field: string; reason: string }[] } | null;
  decision: { outcome: string; at: string; reason?: string } | null;
  evidence: Evidence[];
}

interface SchemeVersion {
  title: string;
  units: { code: string; title: string; elements: { code: string; title: string }[] }[];
}

// A row of the submission: the API's field name (what a return reason names), its label, value.
interface Row {
  field: string;
  label: Key;
  value: string;
}

function rows(s: Submitted, cooperative: string): [Key, Row[]][] {
  const part = (value: unknown): Record<string, unknown> => (typeof value === "object" && value ? (value as Record<string, unknown>) : {});
  const personal = part(s.personal);
  const education = part(s.education);
  const notes = part(s.notes);
  const text = (v: unknown) => (v === null || v === undefined || v === "" ? "–" : String(v));
  const row = (field: string, label: Key, value: unknown): Row => ({ field: `apl01.${field}`, label, value: text(value) });
  return [
    ["personal", [
      row("personal.full_name", "fullName", personal.full_name),
      row("personal.nik", "nik", personal.nik),
      row("personal.birth_place", "birthPlace", personal.birth_place),
      row("personal.birth_date", "birthDate", personal.birth_date),
      row("personal.address", "address", personal.address),
      row("personal.phone", "phone", personal.phone),
      row("personal.email", "email", personal.email),
    ]],
    ["education", [
      row("education.level", "level", education.level),
      row("education.institution", "institution", education.institution),
      row("education.major", "major", education.major),
      row("education.graduation_year", "graduationYear", education.graduation_year),
    ]],
    ["employment", [
      row("employment.cooperative_id", "cooperative", cooperative),
      row("employment.role", "role", s.role),
      row("employment.occupational_group", "occupationalGroup", s.occupational_group),
      row("employment.position_title", "positionTitle", notes.position_title),
      row("employment.since_year", "sinceYear", notes.since_year),
    ]],
    ["schemeSection", [
      row("scheme", "scheme", `${s.scheme_code} v${s.scheme_version}`),
      row("purpose", "purpose", s.purpose),
      row("adjustment_needs", "needs", s.adjustment_needs.join(", ")),
    ]],
  ];
}

export function Application({ id }: { id: string }) {
  const state = useLoad(() => call<ApplicationView>("GET", `/applications/${id}`), [id]);
  return (
    <section>
      <p><a href={href("queue")}>← {t("backToQueue")}</a></p>
      <Loading state={state}>{(view) => <Verify view={view} onDecided={state.reload} />}</Loading>
    </section>
  );
}

function Verify({ view, onDecided }: { view: ApplicationView; onDecided: () => void }) {
  const s = view.submitted;
  const cooperative = useLoad(
    () => (s ? call<{ name: string }>("GET", `/cooperatives/${s.cooperative_id}`).then((c) => c.name) : Promise.resolve("–")),
    [s?.cooperative_id],
  );
  const scheme = useLoad(
    () => (s ? call<SchemeVersion>("GET", `/schemes/${encodeURIComponent(s.scheme_code)}/versions/${s.scheme_version}`) : Promise.resolve(null)),
    [s?.scheme_code, s?.scheme_version],
  );
  const [marked, setMarked] = useState<Record<string, string>>({});
  const [rejecting, setRejecting] = useState(false);
  const [rejectReason, setRejectReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const name = s && typeof s.personal === "object" ? s.personal.full_name : "";
  const waiting = view.status === "submitted";
  const markedFields = Object.keys(marked);

  async function decide(path: string, body: Record<string, unknown>, outcome: string) {
    setBusy(true);
    setError(null);
    try {
      await call("POST", `/applications/${view.application_id}/${path}`, { client_id: newClientId(), ...body });
      decidedHere.add(view.application_id);
      setDone(outcome);
      setMarked({});
      onDecided();
    } catch (e) {
      setError(explain(e));
    } finally {
      setBusy(false);
    }
  }

  const toggle = (field: string, on: boolean) => {
    const next = { ...marked };
    if (on) next[field] = next[field] ?? "";
    else delete next[field];
    setMarked(next);
  };
  const missingReason = markedFields.some((f) => !marked[f].trim());

  return (
    <>
      <Heading>{t("applicationTitle", { name: name || "–" })}</Heading>
      <p>
        <span class={`badge ${view.status}`} id="application-status" data-status={view.status}>{t(`status_${view.status}` as Key)}</span>{" "}
        {s ? t("submittedAt", { n: s.submission, at: when(s.submitted_at) }) : null}
      </p>
      {done ? <Notice kind="ok">{t(`decided_${done}` as Key)} <a href={href("queue")}>{t("backToQueue")}</a></Notice> : null}
      {view.returned && view.status === "returned" ? (
        <div class="notice">
          <strong>{t("returnedWith")}</strong>
          <ul>{view.returned.reasons.map((r) => <li key={r.field}><code>{r.field}</code>: {r.reason}</li>)}</ul>
        </div>
      ) : null}
      {view.decision?.reason ? <Notice>{t("rejectedBecause")}: {view.decision.reason}</Notice> : null}
      {!s ? <p class="empty">{t("notSubmitted")}</p> : (
        <div class="verify">
          {rows(s, cooperative.data ?? "…").map(([section, items]) => (
            <fieldset key={section} class="facts">
              <legend>{t(section)}</legend>
              {items.map((item) => {
                const checked = item.field in marked;
                const inputId = `reason-${item.field.replace(/\./g, "-")}`;
                return (
                  <div class={`fact ${checked ? "marked" : ""}`} key={item.field}>
                    <span class="label" id={`label-${inputId}`}>{t(item.label)}</span>
                    <span class="value">{item.value}</span>
                    {waiting ? (
                      <label class="check mark">
                        <input type="checkbox" checked={checked} onChange={(e) => toggle(item.field, e.currentTarget.checked)}
                          aria-label={t("markField", { label: t(item.label) })} />
                        <span aria-hidden="true">{t("needsFix")}</span>
                      </label>
                    ) : <span />}
                    {checked ? (
                      <div class="reason">
                        <label for={inputId}>{t("reasonFor", { label: t(item.label) })}</label>
                        <input id={inputId} value={marked[item.field]}
                          onInput={(e) => setMarked({ ...marked, [item.field]: e.currentTarget.value })} />
                      </div>
                    ) : null}
                  </div>
                );
              })}
            </fieldset>
          ))}
          <fieldset>
            <legend>{t("apl02")}</legend>
            <table class="data">
              <thead>
                <tr><th scope="col">{t("unit")}</th><th scope="col">{t("element")}</th><th scope="col">{t("selfJudgement")}</th></tr>
              </thead>
              <tbody>
                {s.judgements.map((j) => {
                  const unit = scheme.data?.units.find((u) => u.code === j.unit_code);
                  const element = unit?.elements.find((e) => e.code === j.element_code);
                  return (
                    <tr key={`${j.unit_code}|${j.element_code}`}>
                      <td>{j.unit_code}{unit ? <span class="hint"> {unit.title}</span> : null}</td>
                      <td>{j.element_code}{element ? <span class="hint"> {element.title}</span> : null}</td>
                      <td><span class={`pill ${j.judgement}`}>{j.judgement}</span></td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </fieldset>
          <fieldset>
            <legend>{t("evidence")}</legend>
            {view.evidence.length ? (
              <ul>{view.evidence.map((e) => <li key={e.evidence_id}><EvidenceLink applicationId={view.application_id} evidence={e} /></li>)}</ul>
            ) : <p class="hint">{t("noEvidence")}</p>}
          </fieldset>
        </div>
      )}
      {waiting && s ? (
        <div class="decisions" role="group" aria-label={t("decision")}>
          <button type="button" disabled={busy || markedFields.length > 0} onClick={() => decide("acceptance", {}, "accepted")}>
            {t("accept")}
          </button>
          <button type="button" class="secondary" disabled={busy || !markedFields.length || missingReason}
            aria-describedby="return-hint"
            onClick={() => decide("return", { reasons: markedFields.map((field) => ({ field, reason: marked[field].trim() })) }, "returned")}>
            {t("returnWith", { n: markedFields.length })}
          </button>
          <button type="button" class="danger" disabled={busy} aria-expanded={rejecting} onClick={() => setRejecting(!rejecting)}>
            {t("reject")}…
          </button>
          <p id="return-hint" class="hint">{markedFields.length ? (missingReason ? t("reasonsMissing") : "") : t("returnHint")}</p>
          {rejecting ? (
            <form class="reject" onSubmit={(e) => { e.preventDefault(); if (rejectReason.trim()) void decide("rejection", { reason: rejectReason.trim() }, "rejected"); }}>
              <label for="reject-reason">{t("rejectReason")}</label>
              <textarea id="reject-reason" rows={3} value={rejectReason} onInput={(e) => setRejectReason(e.currentTarget.value)} />
              <button type="submit" class="danger" disabled={busy || !rejectReason.trim()}>{t("confirmReject")}</button>
            </form>
          ) : null}
        </div>
      ) : null}
      {error ? <Notice kind="error">{error}</Notice> : null}
    </>
  );
}

function EvidenceLink({ applicationId, evidence }: { applicationId: string; evidence: Evidence }) {
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    try {
      const blob = await download(`/applications/${applicationId}/evidence/${evidence.evidence_id}`);
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = evidence.file_name ?? evidence.evidence_id;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    } catch (e) {
      setError(explain(e));
    }
  };
  return (
    <>
      <button type="button" class="link" onClick={save}>
        {evidence.file_name ?? evidence.evidence_id} ({evidence.media_type}, {Math.ceil(evidence.size / 1024)} KB)
      </button>
      {error ? <span class="error" role="alert"> {error}</span> : null}
    </>
  );
}
