// The LSP's planning board: its sessions (by start, site and status, a page at a time) with the
// way to schedule a new one, then its test sites (verified until when, equipped for which
// schemes, how many seats) and its assessors (licence, schemes, availability).
import { useState } from "preact/hooks";
import { type Key, t } from "../i18n";
import { type Assessor, type BoardFilter, PAGE, type Site, day, assessorsOf, sessionsOf, siteName, sitesOf } from "../planning";
import { href } from "../router";
import { Heading, Loading, number, useLoad, when } from "../ui";

const STATUSES = ["", "scheduled", "started", "cancelled"] as const;

export function Planning() {
  const sites = useLoad(sitesOf, []);
  const assessors = useLoad(assessorsOf, []);
  return (
    <section>
      <div class="heading-row">
        <Heading>{t("planningTitle")}</Heading>
        <a class="button" href={href("session", "baru")} id="schedule-new">{t("scheduleNew")}</a>
      </div>
      <Board sites={sites.data} />
      <h2>{t("sitesTitle")}</h2>
      <Loading state={sites}>{(rows) => <Sites rows={rows} />}</Loading>
      <h2>{t("assessorsTitle")}</h2>
      <Loading state={assessors}>{(rows) => <Assessors rows={rows} />}</Loading>
    </section>
  );
}

function Board({ sites }: { sites: Site[] | null }) {
  const [filter, setFilter] = useState<BoardFilter>({ from: "", to: "", site: "", status: "" });
  const [page, setPage] = useState(0);
  const state = useLoad(() => sessionsOf(filter, page), [filter, page]);
  const set = (change: Partial<BoardFilter>) => (setFilter({ ...filter, ...change }), setPage(0));
  return (
    <>
      <h2>{t("sessionsTitle")}</h2>
      <div class="toolbar filters">
        <div class="field inline">
          <label for="board-from">{t("startsFrom")}</label>
          <input id="board-from" type="date" value={filter.from} onChange={(e) => set({ from: e.currentTarget.value })} />
        </div>
        <div class="field inline">
          <label for="board-to">{t("startsTo")}</label>
          <input id="board-to" type="date" value={filter.to} onChange={(e) => set({ to: e.currentTarget.value })} />
        </div>
        <div class="field inline">
          <label for="board-site">{t("site")}</label>
          <select id="board-site" value={filter.site} onChange={(e) => set({ site: e.currentTarget.value })}>
            <option value="">{t("allSites")}</option>
            {(sites ?? []).map((s) => <option key={s.site_id} value={s.site_id}>{s.name}</option>)}
          </select>
        </div>
        <div class="field inline">
          <label for="board-status">{t("sessionStatus")}</label>
          <select id="board-status" value={filter.status} onChange={(e) => set({ status: e.currentTarget.value as BoardFilter["status"] })}>
            {STATUSES.map((s) => <option key={s} value={s}>{t(s ? (`session_${s}` as Key) : "allStatuses")}</option>)}
          </select>
        </div>
        <button type="button" class="secondary" onClick={state.reload}>{t("refresh")}</button>
      </div>
      <Loading state={state}>
        {(found) => {
          const rows = found.slice(0, PAGE);
          if (!rows.length) return <p class="empty" role="status">{t("noSessions")}</p>;
          return (
            <>
              <table class="data" id="sessions">
                <caption class="visually-hidden">{t("sessionsTitle")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("startsAt")}</th><th scope="col">{t("scheme")}</th><th scope="col">{t("site")}</th>
                    <th scope="col" class="num">{t("assignedOf")}</th><th scope="col">{t("sessionStatus")}</th>
                    <th scope="col"><span class="visually-hidden">{t("open")}</span></th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((s) => (
                    <tr key={s.session_id} data-session={s.session_id}>
                      <td>{when(s.starts_at)}</td>
                      <td>{s.scheme_code} v{s.scheme_version}</td>
                      <td>{siteName(sites, s.site_id)}</td>
                      <td class="num">{number(s.assigned)} / {number(s.capacity)}</td>
                      <td><span class={`badge ${s.status}`}>{t(`session_${s.status ?? "scheduled"}` as Key)}</span></td>
                      <td>
                        <a href={href("session", s.session_id)} aria-label={t("openSession", { scheme: s.scheme_code, at: when(s.starts_at) })}>
                          {t("open")}
                        </a>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <nav class="pager" aria-label={t("pages")}>
                <button type="button" class="secondary" disabled={page === 0} onClick={() => setPage(page - 1)}>{t("previous")}</button>
                <span role="status">{t("pageN", { n: page + 1 })}</span>
                <button type="button" class="secondary" disabled={found.length <= PAGE} onClick={() => setPage(page + 1)}>{t("next")}</button>
              </nav>
            </>
          );
        }}
      </Loading>
    </>
  );
}

function Sites({ rows }: { rows: Site[] }) {
  const today = new Date().toISOString().slice(0, 10);
  if (!rows.length) return <p class="empty">{t("noSites")}</p>;
  return (
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
  );
}

function Assessors({ rows }: { rows: Assessor[] }) {
  const today = new Date().toISOString().slice(0, 10);
  if (!rows.length) return <p class="empty">{t("noAssessors")}</p>;
  return (
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
  );
}
