// Certification decisions, first screen: the sessions whose recommendations the LSP received,
// with how many still await a decision; a session opens to its recommendations.
import { useState } from "preact/hooks";
import { type Recommendation, recommendations } from "../certificate";
import { t } from "../i18n";
import { href } from "../router";
import { Heading, Loading, number, useLoad, when } from "../ui";

interface Cohort {
  session_id: string;
  scheme: string;
  district: string;
  total: number;
  awaiting: number;
  since: string;
}

function cohorts(found: Recommendation[]): Cohort[] {
  const by = new Map<string, Cohort>();
  for (const r of found) {
    const c = by.get(r.session_id) ?? { session_id: r.session_id, scheme: `${r.scheme_code} v${r.scheme_version}`,
      district: r.district_code, total: 0, awaiting: 0, since: r.received_at };
    c.total += 1;
    if (!r.decision) c.awaiting += 1;
    if (r.received_at < c.since) c.since = r.received_at;
    by.set(r.session_id, c);
  }
  return [...by.values()].sort((a, b) => b.awaiting - a.awaiting || a.since.localeCompare(b.since));
}

export function Decisions() {
  const [all, setAll] = useState(false);
  const state = useLoad(() => recommendations(`awaiting=${!all}`), [all]);
  return (
    <section>
      <Heading>{t("decisionsTitle")}</Heading>
      <p class="hint">{t("decisionsIntro")}</p>
      <div class="toolbar filters">
        <label class="check"><input type="checkbox" checked={all} onChange={(e) => setAll(e.currentTarget.checked)} />{t("includeDecided")}</label>
        <button type="button" class="secondary" onClick={state.reload}>{t("refresh")}</button>
      </div>
      <Loading state={state}>
        {(found) => {
          const rows = cohorts(found);
          if (!rows.length) return <p class="empty" role="status">{t("nothingToDecide")}</p>;
          return (
            <table class="data" id="decision-sessions">
              <caption class="visually-hidden">{t("decisionsTitle")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("receivedSince")}</th><th scope="col">{t("scheme")}</th><th scope="col">{t("district")}</th>
                  <th scope="col" class="num">{t("awaitingDecision")}</th><th scope="col"><span class="visually-hidden">{t("open")}</span></th>
                </tr>
              </thead>
              <tbody>
                {rows.map((c) => (
                  <tr key={c.session_id} data-session={c.session_id}>
                    <td>{when(c.since)}</td>
                    <td>{c.scheme}</td>
                    <td>{c.district}</td>
                    <td class="num">{number(c.awaiting)} / {number(c.total)}</td>
                    <td><a href={href("decision", c.session_id)} aria-label={t("openDecisions", { scheme: c.scheme, since: when(c.since) })}>{t("open")}</a></td>
                  </tr>
                ))}
              </tbody>
            </table>
          );
        }}
      </Loading>
    </section>
  );
}
