// The LSP's verification queue: applications waiting for a decision, longest waiting first,
// optionally one district's. The queue is a read model following the log: an application just
// decided here is left out until the queue has caught up.
import { useState } from "preact/hooks";
import { call } from "../api";
import { t } from "../i18n";
import { href } from "../router";
import { Heading, Loading, number, useLoad, when } from "../ui";

export interface Waiting {
  application_id: string;
  candidate_id: string;
  scheme_code: string;
  scheme_version: number;
  district_code: string;
  submissions: number;
  waiting_since: string | null;
}

export const decidedHere = new Set<string>();

export function Queue() {
  const [district, setDistrict] = useState("");
  const filter = /^\d{4}$/.test(district) ? district : "";
  const state = useLoad(
    () => call<Waiting[]>("GET", `/verification/queue?limit=500${filter ? `&district_code=${filter}` : ""}`),
    [filter],
  );
  return (
    <section>
      <Heading>{t("queueTitle")}</Heading>
      <p class="hint">{t("queueIntro")}</p>
      <div class="toolbar">
        <div class="field inline">
          <label for="queue-district">{t("filterDistrict")}</label>
          <input id="queue-district" inputMode="numeric" maxLength={4} value={district}
            aria-describedby="queue-district-hint" onInput={(e) => setDistrict(e.currentTarget.value.trim())} />
          <span id="queue-district-hint" class="hint">{t("districtHint")}</span>
        </div>
        <button type="button" class="secondary" onClick={state.reload}>{t("refresh")}</button>
      </div>
      <Loading state={state}>
        {(found) => {
          const rows = found.filter((w) => !decidedHere.has(w.application_id));
          if (!rows.length) return <p class="empty" role="status">{t("queueEmpty")}</p>;
          return (
            <>
              <p role="status" id="queue-count">{t("queueCount", { n: number(rows.length) })}</p>
              <table class="data" id="queue">
                <caption class="visually-hidden">{t("queueTitle")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("waitingSince")}</th>
                    <th scope="col">{t("scheme")}</th>
                    <th scope="col">{t("district")}</th>
                    <th scope="col" class="num">{t("submissionsCol")}</th>
                    <th scope="col"><span class="visually-hidden">{t("open")}</span></th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((w) => (
                    <tr key={w.application_id} data-application={w.application_id}>
                      <td>{when(w.waiting_since)}</td>
                      <td>{w.scheme_code} v{w.scheme_version}</td>
                      <td>{w.district_code}</td>
                      <td class="num">{w.submissions > 1 ? t("resubmitted", { n: w.submissions }) : "1"}</td>
                      <td>
                        <a href={href("application", w.application_id)}
                          aria-label={t("openApplication", { scheme: w.scheme_code, since: when(w.waiting_since) })}>
                          {t("open")}
                        </a>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          );
        }}
      </Loading>
    </section>
  );
}
