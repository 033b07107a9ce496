// The exam as this phone keeps it in IndexedDB: the sealed package (downloaded ahead of the
// session), the questions once unlocked, the exam's own clock (time since unlock, accumulated
// across reloads), where the candidate is, and what the server last said. Every answer is its
// own record in the "answers" store, written before anything is sent; `held` once the server's
// receipt for it came back.
import * as db from "../db";
import type { AnswerWire, SealedPackage } from "./api";
import type { Question } from "./cipher";

// What the server said at the last contact, and where the exam's clock stood then: the
// countdown runs from these, never from the phone's wall clock.
export interface ServerFacts {
  deadline_left_ms: number | null; // deadline - server_now; null before the assessor starts
  at_elapsed_ms: number;
  held_through: number;
  written_through: number;
  all_sent: boolean;
  heard_at: string; // server_now, for "last contact" only
}

export interface LocalExam {
  attempt_id: string;
  session_id: string;
  scheme_code: string | null;
  starts_at: string;
  duration_minutes: number;
  sealed: SealedPackage;
  questions: Question[] | null;
  elapsed_ms: number;
  position: number; // the question on screen; questions.length: the review before finishing
  seq_floor: number; // the highest sequence the server knew of when restored (another phone's)
  finished: boolean;
  server: ServerFacts | null;
  // FR.AK.01: the terms this phone's candidate agreed to (the outbox sends it), and whether the
  // server said both candidate and assessor have signed. Absent in exams kept by older builds.
  signed?: { terms_version: string; at: string } | null;
  consented?: boolean;
}

export interface AnswerRecord extends AnswerWire {
  attempt_id: string;
  held: boolean;
}

const key = (attemptId: string) => `exam:${attemptId}`;
const draftKey = (attemptId: string, questionId: string) => `exam-draft:${attemptId}:${questionId}`;

export const loadExam = (attemptId: string) => db.get<LocalExam>(key(attemptId));
export const saveExam = (exam: LocalExam) => db.put(key(exam.attempt_id), exam);
export const recordsOf = (attemptId: string) => db.allBy<AnswerRecord>("answers", "attempt_id", attemptId);
export const saveRecord = (record: AnswerRecord) => db.put(null, record, "answers");

// An essay being typed, kept as the candidate types (it becomes a record when they move on).
export const loadDraft = (attemptId: string, questionId: string) => db.get<string>(draftKey(attemptId, questionId));
export const saveDraft = (attemptId: string, questionId: string, text: string) =>
  db.put(draftKey(attemptId, questionId), text);
export const dropDraft = (attemptId: string, questionId: string) => db.remove(draftKey(attemptId, questionId));

export function newExam(sealed: SealedPackage, schemeCode: string | null): LocalExam {
  return {
    attempt_id: sealed.attempt_id,
    session_id: sealed.session_id,
    scheme_code: schemeCode,
    starts_at: sealed.starts_at,
    duration_minutes: sealed.duration_minutes,
    sealed,
    questions: null,
    elapsed_ms: 0,
    position: 0,
    seq_floor: 0,
    finished: false,
    server: null,
    signed: null,
    consented: false,
  };
}

// The answer that counts per question on this phone: its highest sequence.
export function latest(records: AnswerRecord[]): Map<string, AnswerRecord> {
  const found = new Map<string, AnswerRecord>();
  for (const record of records) {
    const known = found.get(record.question_id);
    if (!known || record.seq > known.seq) found.set(record.question_id, record);
  }
  return found;
}

export const wire = ({ answer_id, question_id, seq, elapsed_ms, choice, text }: AnswerRecord): AnswerWire =>
  choice === undefined || choice === null
    ? { answer_id, question_id, seq, elapsed_ms, text }
    : { answer_id, question_id, seq, elapsed_ms, choice };
