// Assessment planning, first part: the LSP's test sites (verified until when, equipped for which
// schemes, how many seats) and its assessors (licence, schemes, availability), from assessment's
// API. Scheduling sessions from here is still to come (see docs/console.md).
import { call } from "../api";
import { t } from "../i18n";
import { Heading, Loading, number, useLoad } from "../ui";

interface Site {
  site_id: string;
  kind: string;
  name: string;
  district_code: string;
  capacity: number;
  equipment: Record<string, string[]>;
  verified_on: string | null;
  valid_until: string | null;
}

interface Assessor {
  assessor_id: string;
  met_number: string;
  licence_valid_until: string;
  scheme_codes: string[];
  district_code: string;
  unavailable: string[];
}

const day = (iso: string | null) => (iso ? new Date(iso + "T00:00:00").toLocaleDateString() : "–");

export function Planning() {
  const sites = useLoad(() => call<Site[]>("GET", "/sites", undefined, "assessment"), []);
  const assessors = useLoad(() => call<Assessor[]>("GET", "/assessors", undefined, "assessment"), []);
  const today = new Date().toISOString().slice(0, 10);
  return (
    <section>
      <Heading>{t("planningTitle")}</Heading>
      <h2>{t("sitesTitle")}</h2>
      <Loading state={sites}>
        {(rows) => rows.length ? (
          <table class="data" id="sites">
            <thead>
              <tr>
                <th scope="col">{t("name")}</th><th scope="col">{t("district")}</th><th scope="col" class="num">{t("seats")}</th>
                <th scope="col">{t("equippedFor")}</th><th scope="col">{t("verifiedUntil")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <tr key={s.site_id}>
                  <th scope="row">{s.name}<span class="hint"> {s.kind}</span></th>
                  <td>{s.district_code}</td>
                  <td class="num">{number(s.capacity)}</td>
                  <td>{Object.keys(s.equipment).join(", ") || "–"}</td>
                  <td class={s.valid_until && s.valid_until >= today ? "" : "warn"}>{s.valid_until ? day(s.valid_until) : t("notVerified")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : <p class="empty">{t("noSites")}</p>}
      </Loading>
      <h2>{t("assessorsTitle")}</h2>
      <Loading state={assessors}>
        {(rows) => rows.length ? (
          <table class="data" id="assessors">
            <thead>
              <tr>
                <th scope="col">{t("metNumber")}</th><th scope="col">{t("district")}</th><th scope="col">{t("schemes")}</th>
                <th scope="col">{t("licenceUntil")}</th><th scope="col">{t("unavailableOn")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((a) => (
                <tr key={a.assessor_id}>
                  <th scope="row">{a.met_number}</th>
                  <td>{a.district_code}</td>
                  <td>{a.scheme_codes.join(", ") || "–"}</td>
                  <td class={a.licence_valid_until >= today ? "" : "warn"}>{day(a.licence_valid_until)}</td>
                  <td>{a.unavailable.filter((d) => d >= today).map(day).join(", ") || "–"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : <p class="empty">{t("noAssessors")}</p>}
      </Loading>
    </section>
  );
}
