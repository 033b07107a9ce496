// What the tablet downloads for a day in the hall, kept in IndexedDB so every screen opens with no
// signal: the assessor's sessions, each session's facts, roster, start code and essays, the
// bank's instruments for the scheme (units, performance criteria, interview and oral questions;
// the multiple-choice questions and their keys are left out), and the judgements the server holds.
import { ApiError, call } from "./api";
import * as db from "./db";

export interface ListedSession {
  session_id: string;
  scheme_code: string;
  scheme_version: number;
  district_code: string;
  starts_at: string;
  ends_at: string;
  exam_minutes: number;
  assigned: number;
  mine: number;
  started_at: string | null;
  deadline: string | null;
  cancelled: boolean;
}

export interface SessionFacts extends ListedSession {
  closed: boolean;
  assessor_ids: string[];
  offline_start?: boolean; // started on this tablet, the server not told yet
}

export type PhoneState = "never_heard" | "writing" | "quiet" | "all_sent";

export interface RosterLine {
  candidate_id: string;
  attempt_id: string;
  assessor_id: string;
  state: PhoneState;
  last_heard: string | null;
  answered: number;
  questions: number;
  held_through: number;
  written_through: number;
}

export interface Roster {
  server_now: string;
  counts: Record<PhoneState, number>;
  candidates: RosterLine[];
}

export interface Criterion {
  code: string;
  element: string;
  text: string;
}

export interface UnitInstruments {
  unit_code: string;
  title: string;
  instruments: string[];
  checklist: Criterion[];
  question_ids: Record<string, string[]>;
}

export interface BankQuestion {
  item_id: string;
  kind: string;
  unit_code: string;
  text: string;
  guidance: string | null;
  group: string | null;
}

export interface Instruments {
  scheme_code: string;
  version: number;
  units: UnitInstruments[];
  questions: Record<string, BankQuestion>; // interview, oral and essay items by id
}

export interface Essay {
  question_id: string;
  unit_code: string;
  stem: string;
  answer: string | null;
}

export interface CandidateEssays {
  candidate_id: string;
  attempt_id: string;
  essays: Essay[];
}

export interface UnitJudgement {
  unit_code: string;
  outcome: "K" | "BK";
  evidence: string[];
  note: string;
}

export interface Judgement {
  attempt_id: string;
  units: UnitJudgement[];
  feedback: string;
  judged_at: string | null;
}

export const cachedSessions = () => db.get<{ at: string; sessions: ListedSession[] }>("sessions");
export const cachedSession = (id: string) => db.get<SessionFacts>(`session:${id}`);
export const cachedRoster = (id: string) => db.get<Roster>(`roster:${id}`);
export const cachedCode = (id: string) => db.get<string>(`code:${id}`);
export const cachedEssays = (id: string) => db.get<CandidateEssays[]>(`essays:${id}`);
export const cachedInstruments = (scheme: string) => db.get<Instruments>(`bank:${scheme}`);
export const cachedJudgement = (attemptId: string) => db.get<Judgement>(`judgement:${attemptId}`);

// How far the server's clock is ahead of the tablet's (negative: behind), at the last contact.
const heard = (serverNow: string) => db.put("clock-offset", Date.parse(serverNow) - Date.now());

export async function fetchSessions(): Promise<ListedSession[]> {
  const got = await call<{ server_now: string; sessions: ListedSession[] }>("GET", "/assessors/me/sessions");
  await db.put("sessions", { at: got.server_now, sessions: got.sessions });
  await heard(got.server_now);
  return got.sessions;
}

export async function fetchRoster(id: string): Promise<Roster> {
  const roster = await call<Roster>("GET", `/sessions/${id}/roster`);
  await db.put(`roster:${id}`, roster);
  await heard(roster.server_now);
  return roster;
}

export async function fetchSession(id: string): Promise<SessionFacts> {
  const facts = await call<SessionFacts>("GET", `/sessions/${id}`);
  await db.put(`session:${id}`, facts);
  return facts;
}

// Everything the session's screens need offline; a part the server refuses (the start code
// before its release) is left for the next time the tablet is online.
export async function download(id: string, me: string): Promise<void> {
  const facts = await fetchSession(id);
  const roster = await fetchRoster(id);
  await Promise.all([
    fetchInstruments(facts.scheme_code),
    fetchCode(id),
    call<CandidateEssays[]>("GET", `/sessions/${id}/essays`).then((found) => db.put(`essays:${id}`, found)),
    ...roster.candidates.filter((c) => c.assessor_id === me).map((c) => fetchJudgement(c.attempt_id)),
  ]);
}

export async function fetchCode(id: string): Promise<string | null> {
  try {
    const { start_code } = await call<{ start_code: string }>("GET", `/sessions/${id}/start-code`);
    await db.put(`code:${id}`, start_code);
    return start_code;
  } catch (error) {
    if (error instanceof ApiError && error.status === 409) return null; // not released yet
    throw error;
  }
}

export async function fetchJudgement(attemptId: string): Promise<Judgement> {
  const found = await call<Judgement>("GET", `/attempts/${attemptId}/judgement`);
  await db.put(`judgement:${attemptId}`, found);
  return found;
}

async function fetchInstruments(scheme: string): Promise<void> {
  const banks = await call<{ scheme_code: string; published_version: number | null }[]>("GET", "/banks");
  const version = banks.find((b) => b.scheme_code === scheme)?.published_version;
  if (!version) return;
  const bank = await call<{ instruments: UnitInstruments[]; questions: (BankQuestion & { kind: string })[] }>(
    "GET", `/banks/${scheme}/versions/${version}`,
  );
  const questions: Record<string, BankQuestion> = {};
  for (const q of bank.questions) {
    if (q.kind === "pilihan_ganda") continue; // the keys stay on the server
    questions[q.item_id] = { item_id: q.item_id, kind: q.kind, unit_code: q.unit_code, text: q.text, guidance: q.guidance, group: q.group };
  }
  await db.put(`bank:${scheme}`, { scheme_code: scheme, version, units: bank.instruments, questions } satisfies Instruments);
}
