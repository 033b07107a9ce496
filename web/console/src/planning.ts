// Assessment's planning API as the console's planning board uses it: the LSP's sessions (a page
// at a time), its sites and assessors, the accepted applications of a district (a cohort to
// assign), and a session's live roster. Registration names the cooperatives.
import { call } from "./api";

export interface Site {
  site_id: string;
  kind: string;
  name: string;
  district_code: string;
  capacity: number;
  equipment: Record<string, string[]>;
  verified_on: string | null;
  valid_until: string | null;
}

export interface Assessor {
  assessor_id: string;
  met_number: string;
  licence_valid_until: string;
  scheme_codes: string[];
  district_code: string;
  unavailable: string[];
}

export type SessionStatus = "scheduled" | "started" | "cancelled";

export interface PlannedSession {
  session_id: string;
  scheme_code: string;
  scheme_version: number;
  site_id: string;
  district_code: string;
  starts_at: string;
  ends_at: string;
  exam_minutes: number;
  capacity: number;
  assessor_ids: string[];
  assigned: number;
  started_at: string | null;
  deadline: string | null;
  status?: SessionStatus; // the board's list says it
  cancelled?: boolean; // one session's page says these
  closed?: boolean;
}

export interface Accepted {
  application_id: string;
  candidate_id: string;
  scheme_code: string;
  scheme_version: number;
  occupational_group: string;
  cooperative_id: string;
  district_code: string;
}

export interface Cooperative {
  cooperative_id: string;
  name: string;
}

export interface RosterLine {
  candidate_id: string;
  name_label: string;
  name_status: string;
  attempt_id: string;
  assessor_id: string;
  state: string;
  last_heard: string | null;
  answered: number;
  questions: number;
  scored: boolean;
}

export interface Roster {
  server_now: string;
  counts: Record<string, number>;
  candidates: RosterLine[];
}

export interface BoardFilter {
  from: string; // yyyy-mm-dd, the person's own day ("" = open)
  to: string;
  site: string;
  status: "" | SessionStatus;
}

export const PAGE = 20;

// A day as the person's browser counts it, with its offset: the API wants aware times.
const dayStart = (day: string): string => new Date(`${day}T00:00:00`).toISOString();
const dayAfter = (day: string): string => {
  const next = new Date(`${day}T00:00:00`);
  next.setDate(next.getDate() + 1);
  return next.toISOString();
};

export function sessionsOf(filter: BoardFilter, page: number): Promise<PlannedSession[]> {
  const query = new URLSearchParams({ limit: String(PAGE + 1), offset: String(page * PAGE) });
  if (filter.from) query.set("starts_from", dayStart(filter.from));
  if (filter.to) query.set("starts_to", dayAfter(filter.to));
  if (filter.site) query.set("site_id", filter.site);
  if (filter.status) query.set("status", filter.status);
  return call<PlannedSession[]>("GET", `/sessions?${query}`, undefined, "assessment");
}

export const sitesOf = () => call<Site[]>("GET", "/sites", undefined, "assessment");
export const assessorsOf = () => call<Assessor[]>("GET", "/assessors", undefined, "assessment");
export const sessionOf = (id: string) => call<PlannedSession>("GET", `/sessions/${id}`, undefined, "assessment");
export const rosterOf = (id: string) => call<Roster>("GET", `/sessions/${id}/roster`, undefined, "assessment");

export const acceptedIn = (district: string) =>
  call<Accepted[]>("GET", `/applications?district_code=${district}&limit=1000`, undefined, "assessment");

export async function cooperativesIn(district: string): Promise<Map<string, string>> {
  const found = await call<Cooperative[]>("GET", `/cooperatives?district_code=${district}&limit=500`);
  return new Map(found.map((c) => [c.cooperative_id, c.name]));
}

export const day = (iso: string | null) => (iso ? new Date(iso + "T00:00:00").toLocaleDateString() : "–");
export const siteName = (sites: Site[] | null, id: string) => sites?.find((s) => s.site_id === id)?.name ?? id.slice(0, 8);
