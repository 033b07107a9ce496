// One session's recommendations: each candidate's units (K/BK) as the assessor recommended,
// the decision so far and the certificate a K issued. A decision maker decides one (K or BK; a
// reason when it differs from the recommendation) or the whole session as recommended; every
// refusal (they assessed the candidate, an appeal is open, ...) is shown on its row. An LSP
// admin asks here for the session's print batch. Each certificate shows its blanko number once
// the authority's file attached it (the register's); below, the session's decision document.
import { useState } from "preact/hooks";
import { ApiError, newClientId } from "../api";
import { type Judgement, type Outcome, type Recommendation, decideOne, decideSession, recommendations, requestBatch } from "../certificate";
import { reasonOf, t } from "../i18n";
import { go, href } from "../router";
import { registered } from "../records";
import { ADMIN, DECIDER, session } from "../session";
import { Heading, Loading, Notice, explain, number, useLoad } from "../ui";
import { DecisionDocumentPanel } from "./DecisionDocument";

export function SessionDecisions({ id }: { id: string }) {
  const state = useLoad(() => Promise.all([recommendations(`awaiting=false&session_id=${id}`), registered(id)]), [id]);
  const [refused, setRefused] = useState<Map<string, string[]>>(new Map());
  // The list is a read model following the log: what was decided here shows at once.
  const [decided, setDecided] = useState<Map<string, Judgement>>(new Map());
  const remember = (found: Judgement[]) => setDecided((was) => new Map([...was, ...found.map((j) => [j.attempt_id, j] as const)]));
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [summary, setSummary] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const role = session.get()?.role;
  const short = (r: Recommendation) => r.candidate_id.slice(0, 8);

  const run = async (work: () => Promise<void>) => {
    setBusy(true), setError(null), setSummary(null);
    try {
      await work();
    } catch (e) {
      setError(explain(e));
    } finally {
      setBusy(false);
      state.reload();
    }
  };
  const one = (r: Recommendation, outcome: Outcome) => run(async () => {
    const next = new Map(refused);
    next.delete(r.attempt_id);
    try {
      remember([await decideOne(r.attempt_id, outcome, outcome === r.overall ? "" : (reasons[r.attempt_id] ?? "").trim())]);
    } catch (e) {
      if (!(e instanceof ApiError && e.problems.length)) throw e;
      next.set(r.attempt_id, e.problems.map(reasonOf));
    }
    setRefused(next);
  });
  const all = () => run(async () => {
    const items = await decideSession(id);
    remember(items.flatMap((i) => (i.judgement ? [i.judgement] : [])));
    setRefused(new Map(items.filter((i) => i.refused.length).map((i) => [i.attempt_id, i.refused.map(reasonOf)])));
    const done = items.filter((i) => !i.refused.length).length;
    setSummary(t("sessionDecided", { done: number(done), refused: number(items.length - done) }));
  });
  const print = () => run(async () => {
    const batch = await requestBatch(id, newClientId());
    go("batch", batch.batch_id);
  });

  return (
    <section>
      <p><a href={href("decisions")}>← {t("backToDecisions")}</a></p>
      <Loading state={state}>
        {([found, register]) => {
          const blanko = new Map(register.map((c) => [c.number, c.blanko_number]));
          const rows = found.map((r) => {
            const here = decided.get(r.attempt_id);
            return r.decision || !here ? r : { ...r, judged: here.judged, decision: here.decision, certificate_number: here.certificate_number };
          });
          const first = rows[0];
          const awaiting = rows.filter((r) => !r.decision).length;
          return (
            <>
              <Heading>{t("sessionDecisionsTitle", { scheme: first ? `${first.scheme_code} v${first.scheme_version}` : "", district: first?.district_code ?? "" })}</Heading>
              <p role="status" id="awaiting-count">{t("awaitingOf", { n: number(awaiting), total: number(rows.length) })}</p>
              <div class="toolbar filters">
                {role === DECIDER ? (
                  <button type="button" id="decide-session" disabled={busy || !awaiting} onClick={all}>{t("decideSession", { n: number(awaiting) })}</button>
                ) : null}
                {role === ADMIN ? (
                  <button type="button" id="print-session" disabled={busy || !rows.some((r) => r.decision === "K")} onClick={print}>{t("printSession")}</button>
                ) : null}
              </div>
              {summary ? <Notice kind={refused.size ? "error" : "ok"}>{summary}</Notice> : null}
              {error ? <Notice kind="error">{error}</Notice> : null}
              <table class="data" id="recommendations">
                <caption class="visually-hidden">{t("recommendationsTitle")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("candidate")}</th><th scope="col">{t("unitsCol")}</th><th scope="col">{t("recommended")}</th>
                    <th scope="col">{t("decisionCol")}</th>{role === DECIDER ? <th scope="col">{t("decide")}</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => {
                    const why = refused.get(r.attempt_id);
                    return (
                      <tr key={r.attempt_id} data-attempt={r.attempt_id} data-candidate={r.candidate_id} class={why ? "refused" : ""}>
                        <th scope="row"><code>{short(r)}</code></th>
                        <td>
                          <ul class="units">
                            {r.units.map((u) => <li key={u.unit_code} class={u.outcome === "K" ? "" : "bk"}>{u.unit_code}: {u.outcome}</li>)}
                          </ul>
                        </td>
                        <td><span class={`badge ${r.overall === "K" ? "accepted" : "rejected"}`}>{r.overall}</span></td>
                        <td class="decision">
                          {r.decision ? (
                            <>
                              <span class={`badge ${r.decision === "K" ? "accepted" : "rejected"}`}>{t("decidedAs", { outcome: r.decision })}</span>
                              {r.certificate_number ? <div class="hint">{t("certificateNo", { number: r.certificate_number })}</div> : null}
                              {r.certificate_number && blanko.get(r.certificate_number) ? (
                                <div class="hint blanko">{t("blankoNo", { number: blanko.get(r.certificate_number)! })}</div>
                              ) : null}
                            </>
                          ) : <span class="hint">{r.judged ? t("judgedSoFar", { n: r.judged }) : t("notDecided")}</span>}
                          {why ? <ul class="reasons error">{why.map((w) => <li key={w}>{w}</li>)}</ul> : null}
                        </td>
                        {role === DECIDER ? (
                          <td>
                            {r.decision ? null : (
                              <div class="decide">
                                <input aria-label={t("reasonFor", { label: short(r) })} placeholder={t("reasonIfDiffers")} value={reasons[r.attempt_id] ?? ""}
                                  onInput={(e) => setReasons({ ...reasons, [r.attempt_id]: e.currentTarget.value })} />
                                <button type="button" disabled={busy} aria-label={t("decideAs", { outcome: "K", id: short(r) })} onClick={() => one(r, "K")}>K</button>
                                <button type="button" class="danger" disabled={busy} aria-label={t("decideAs", { outcome: "BK", id: short(r) })} onClick={() => one(r, "BK")}>BK</button>
                              </div>
                            )}
                          </td>
                        ) : null}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              <DecisionDocumentPanel sessionId={id} decided={rows.filter((r) => r.decision).length} />
            </>
          );
        }}
      </Loading>
    </section>
  );
}
