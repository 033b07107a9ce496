// One session of the planning board: what was scheduled, assigning a cohort to it, moving or
// cancelling it, and its roster (asked again every few seconds while the exam runs).
import { useEffect } from "preact/hooks";
import { t } from "../i18n";
import type { Key } from "../i18n";
import { type Assessor, type PlannedSession, type Roster, type Site, assessorsOf, rosterOf, sessionOf, siteName, sitesOf } from "../planning";
import { href } from "../router";
import { Heading, Loading, number, useLoad, when } from "../ui";
import { AssignCohort } from "./AssignCohort";
import { ScheduleSession } from "./ScheduleSession";
import { SessionChanges } from "./SessionChanges";

const ROSTER_POLL_MS = 5000;

export function Session({ id }: { id: string }) {
  if (id === "baru") return <ScheduleSession />;
  return <SessionView id={id} />;
}

const statusOf = (s: PlannedSession): Key =>
  s.cancelled ? "session_cancelled" : s.closed ? "session_closed" : s.started_at ? "session_started" : "session_scheduled";

function SessionView({ id }: { id: string }) {
  const session = useLoad(() => sessionOf(id), [id]);
  const sites = useLoad(sitesOf, []);
  const assessors = useLoad(assessorsOf, []);
  const roster = useLoad(() => rosterOf(id), [id]);
  // Live only while the exam runs: before it no phone writes, and every ask opens (and records
  // as read) each candidate's name, so the roster is not asked again for nothing.
  const live = Boolean(session.data?.started_at && !session.data.closed && !session.data.cancelled);
  useEffect(() => {
    if (!live) return;
    const timer = setTimeout(roster.reload, ROSTER_POLL_MS);
    return () => clearTimeout(timer);
  }, [live, roster.data, roster.error]);
  const changed = () => (session.reload(), roster.reload());
  return (
    <section>
      <p><a href={href("planning")}>← {t("backToBoard")}</a></p>
      <Loading state={session}>
        {(s) => (
          <>
            <Heading>{t("sessionTitle", { scheme: s.scheme_code, at: when(s.starts_at) })}</Heading>
            <Details s={s} sites={sites.data} assessors={assessors.data} />
            {!s.cancelled && !s.started_at ? (
              <>
                <AssignCohort session={s} assigned={new Set((roster.data?.candidates ?? []).map((c) => c.candidate_id))} onAssigned={changed} />
                <SessionChanges key={`${s.starts_at}/${s.ends_at}`} session={s} onChanged={changed} />
              </>
            ) : null}
          </>
        )}
      </Loading>
      <div class="heading-row">
        <h2>{t("rosterTitle")}</h2>
        <button type="button" class="secondary" onClick={roster.reload}>{t("refresh")}</button>
      </div>
      <Loading state={roster}>{(r) => <RosterTable roster={r} />}</Loading>
    </section>
  );
}

function Details({ s, sites, assessors }: { s: PlannedSession; sites: Site[] | null; assessors: Assessor[] | null }) {
  const met = (a: string) => assessors?.find((x) => x.assessor_id === a)?.met_number ?? a.slice(0, 8);
  return (
    <dl class="details card" id="session-details">
      <div><dt>{t("sessionStatus")}</dt><dd id="session-status">{t(statusOf(s))}</dd></div>
      <div><dt>{t("scheme")}</dt><dd>{s.scheme_code} v{s.scheme_version}</dd></div>
      <div><dt>{t("site")}</dt><dd>{siteName(sites, s.site_id)} ({s.district_code})</dd></div>
      <div><dt>{t("window")}</dt><dd id="session-window">{when(s.starts_at)} – {when(s.ends_at)}</dd></div>
      <div><dt>{t("examMinutes")}</dt><dd>{number(s.exam_minutes)}</dd></div>
      <div><dt>{t("assignedOf")}</dt><dd id="session-assigned">{number(s.assigned)} / {number(s.capacity)}</dd></div>
      <div><dt>{t("assessorsTitle")}</dt><dd>{s.assessor_ids.map(met).join(", ")}</dd></div>
    </dl>
  );
}

function RosterTable({ roster }: { roster: Roster }) {
  if (!roster.candidates.length) return <p class="empty" role="status">{t("rosterEmpty")}</p>;
  return (
    <>
      <p role="status" id="roster-count">{t("rosterCount", { n: number(roster.candidates.length), sent: number(roster.counts.all_sent ?? 0) })}</p>
      <table class="data" id="roster">
        <caption class="visually-hidden">{t("rosterTitle")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("name")}</th><th scope="col">{t("phoneState")}</th>
            <th scope="col" class="num">{t("answered")}</th><th scope="col">{t("lastHeard")}</th>
          </tr>
        </thead>
        <tbody>
          {roster.candidates.map((c) => (
            <tr key={c.candidate_id} data-candidate={c.candidate_id} data-state={c.state}>
              <th scope="row">{c.name_label}</th>
              <td>{t(`phone_${c.state}` as Key)}</td>
              <td class="num">{number(c.answered)} / {number(c.questions)}</td>
              <td>{when(c.last_heard)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
