// Assigning a cohort to a session: the accepted applications of a district for the session's
// scheme, narrowed to a cooperative and an occupational group. Assessment assigns all of a
// request or none of it: a refusal names every candidate who cannot sit and why (another
// session at the same time, a conflict of interest, training missing...), shown on their row;
// the refused can be left out and the rest sent again.
import { useState } from "preact/hooks";
import { ApiError, call } from "../api";
import { reasonOf, t } from "../i18n";
import { type Accepted, type PlannedSession, acceptedIn, cooperativesIn } from "../planning";
import { Loading, Notice, explain, number, useLoad } from "../ui";

interface Refused {
  byCandidate: Map<string, string[]>;
  other: string[]; // about the request as a whole (capacity)
}

const CANDIDATE_FIELD = /^candidates\[\d+\] \(([0-9a-f-]{36})\)$/;

function refusalOf(error: ApiError): Refused {
  const byCandidate = new Map<string, string[]>();
  const other: string[] = [];
  for (const p of error.problems) {
    const who = p.field.match(CANDIDATE_FIELD)?.[1];
    if (who) byCandidate.set(who, [...(byCandidate.get(who) ?? []), reasonOf(p)]);
    else other.push(reasonOf(p));
  }
  return { byCandidate, other };
}

export function AssignCohort({ session, assigned, onAssigned }: { session: PlannedSession; assigned: Set<string>; onAssigned: () => void }) {
  const [district, setDistrict] = useState(session.district_code);
  const [cooperative, setCooperative] = useState("");
  const [group, setGroup] = useState("");
  const [left, setLeft] = useState<Set<string>>(new Set()); // application ids left out
  const [refused, setRefused] = useState<Refused | null>(null);
  const [done, setDone] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const valid = /^\d{4}$/.test(district) ? district : session.district_code;
  const pool = useLoad(() => acceptedIn(valid), [valid]);
  const names = useLoad(() => cooperativesIn(valid).catch(() => new Map<string, string>()), [valid]);
  const coopName = (id: string) => names.data?.get(id) ?? id.slice(0, 8);

  const ofScheme = (pool.data ?? []).filter((a) => a.scheme_code === session.scheme_code && !assigned.has(a.candidate_id));
  const cooperatives = [...new Set(ofScheme.map((a) => a.cooperative_id))].sort((a, b) => coopName(a).localeCompare(coopName(b)));
  const groups = [...new Set(ofScheme.map((a) => a.occupational_group))].sort();
  const cohort = ofScheme.filter((a) => (!cooperative || a.cooperative_id === cooperative) && (!group || a.occupational_group === group));
  const chosen = cohort.filter((a) => !left.has(a.application_id));

  const assign = async () => {
    setError(null), setRefused(null), setDone(null), setSending(true);
    try {
      const made = await call<unknown[]>("POST", `/sessions/${session.session_id}/assignments`,
        { application_ids: chosen.map((a) => a.application_id) }, "assessment");
      setDone(made.length), setLeft(new Set());
      onAssigned();
    } catch (e) {
      if (e instanceof ApiError && e.problems.length) setRefused(refusalOf(e));
      else setError(explain(e));
    } finally {
      setSending(false);
    }
  };
  const leaveOutRefused = () => {
    if (!refused) return;
    setLeft(new Set([...left, ...cohort.filter((a) => refused.byCandidate.has(a.candidate_id) || refused.byCandidate.has(a.application_id)).map((a) => a.application_id)]));
    setRefused(null);
  };
  const toggle = (a: Accepted, on: boolean) => {
    const next = new Set(left);
    on ? next.delete(a.application_id) : next.add(a.application_id);
    setLeft(next);
  };

  return (
    <div class="card" id="assign">
      <h2>{t("assignTitle")}</h2>
      <p class="hint">{t("assignIntro", { scheme: session.scheme_code })}</p>
      <div class="toolbar filters">
        <div class="field inline">
          <label for="a-district">{t("district")}</label>
          <input id="a-district" inputMode="numeric" maxLength={4} value={district} onInput={(e) => (setDistrict(e.currentTarget.value.trim()), setCooperative(""))} />
        </div>
        <div class="field inline">
          <label for="a-cooperative">{t("cooperative")}</label>
          <select id="a-cooperative" value={cooperative} onChange={(e) => setCooperative(e.currentTarget.value)}>
            <option value="">{t("allCooperatives")}</option>
            {cooperatives.map((c) => <option key={c} value={c}>{coopName(c)}</option>)}
          </select>
        </div>
        <div class="field inline">
          <label for="a-group">{t("occupationalGroup")}</label>
          <select id="a-group" value={group} onChange={(e) => setGroup(e.currentTarget.value)}>
            <option value="">{t("allGroups")}</option>
            {groups.map((g) => <option key={g} value={g}>{g}</option>)}
          </select>
        </div>
      </div>
      <Loading state={pool}>
        {() => cohort.length ? (
          <>
            <table class="data" id="cohort">
              <caption class="visually-hidden">{t("assignTitle")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("include")}</th><th scope="col">{t("candidate")}</th><th scope="col">{t("cooperative")}</th>
                  <th scope="col">{t("occupationalGroup")}</th><th scope="col">{t("refusalReason")}</th>
                </tr>
              </thead>
              <tbody>
                {cohort.map((a) => {
                  const reasons = refused?.byCandidate.get(a.candidate_id) ?? refused?.byCandidate.get(a.application_id);
                  return (
                    <tr key={a.application_id} data-candidate={a.candidate_id} class={reasons ? "refused" : ""}>
                      <td><input type="checkbox" aria-label={t("includeCandidate", { id: a.candidate_id.slice(0, 8) })} checked={!left.has(a.application_id)} onChange={(e) => toggle(a, e.currentTarget.checked)} /></td>
                      <td><code>{a.candidate_id.slice(0, 8)}</code></td>
                      <td>{coopName(a.cooperative_id)}</td>
                      <td>{a.occupational_group}</td>
                      <td class="reasons">{reasons ? <ul>{reasons.map((r) => <li key={r}>{r}</li>)}</ul> : null}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <div class="toolbar">
              <button type="button" id="assign-button" disabled={sending || !chosen.length} onClick={assign}>
                {t("assignN", { n: number(chosen.length) })}
              </button>
            </div>
          </>
        ) : <p class="empty" role="status">{t("cohortEmpty")}</p>}
      </Loading>
      {refused ? (
        <div class="notice error" role="alert" id="assign-refused">
          <p>{t("assignRefused", { n: number(refused.byCandidate.size) })}</p>
          {refused.other.length ? <ul>{refused.other.map((r) => <li key={r}>{r}</li>)}</ul> : null}
          {refused.byCandidate.size ? <button type="button" class="secondary" onClick={leaveOutRefused}>{t("leaveOutRefused")}</button> : null}
        </div>
      ) : null}
      {done !== null ? <Notice kind="ok">{t("assignedN", { n: number(done) })}</Notice> : null}
      {error ? <Notice kind="error">{error}</Notice> : null}
    </div>
  );
}
