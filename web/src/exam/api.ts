// Assessment's exam API as the candidate's phone calls it (through /api/assessment/).
import { ASSESSMENT, request } from "../api";
import { cached } from "../cache";

export interface ListedExam {
  attempt_id: string;
  session_id: string;
  scheme_code: string;
  scheme_version: number;
  district_code: string;
  starts_at: string;
  ends_at: string;
  exam_minutes: number;
  started_at: string | null;
  deadline: string | null;
  cancelled: boolean;
  server_now: string;
}

// The exam sealed to the session's start code (adapters/package_cipher.py on the server).
export interface SealedPackage {
  attempt_id: string;
  session_id: string;
  starts_at: string;
  duration_minutes: number;
  kdf: string;
  iterations: number;
  salt: string;
  nonce: string;
  ciphertext: string;
  consent?: ConsentTerms; // absent in packages kept by builds before FR.AK.01
}

// FR.AK.01 as the package carries it: the candidate signs `terms_version`, the text they read.
export interface ConsentTerms {
  terms_version: string;
  text: string;
  text_en: string;
}

export interface AnswerWire {
  answer_id: string;
  question_id: string;
  seq: number;
  elapsed_ms: number;
  choice?: number | null;
  text?: string | null;
}

// The attempt as the server holds it: its clock, what it holds, the answer that counts per question.
export interface AttemptView {
  attempt_id: string;
  session_id: string;
  duration_minutes: number;
  server_now: string;
  started_at: string | null;
  deadline: string | null;
  held_through: number;
  written_through: number;
  all_sent: boolean;
  answers: Record<string, AnswerWire>;
  refused: AnswerWire[];
  scored: boolean;
  consented: boolean; // FR.AK.01 signed by candidate and assessor: answers are taken
}

export interface Recorded extends AttemptView {
  receipts: { answer_id: string; seq: number; outcome: "applied" | "superseded" | "duplicate" | "refused" }[];
}

export interface AnswersBody {
  written_through: number;
  finished: boolean;
  answers: AnswerWire[];
}

export const listExams = (candidateId: string) =>
  cached<ListedExam[]>(`exams:${candidateId}`, "/exams", ASSESSMENT);
export const fetchPackage = (attemptId: string) =>
  request<SealedPackage>(ASSESSMENT, "GET", `/exams/${attemptId}/package`);
export const fetchRelease = (attemptId: string) =>
  request<{ start_code: string }>(ASSESSMENT, "GET", `/exams/${attemptId}/release`);
export const fetchAttempt = (attemptId: string) =>
  request<AttemptView>(ASSESSMENT, "GET", `/exams/${attemptId}`);
export const sendAnswers = (attemptId: string, body: AnswersBody) =>
  request<Recorded>(ASSESSMENT, "POST", `/exams/${attemptId}/answers`, body);
export const signConsent = (attemptId: string, termsVersion: string) =>
  request<{ complete: boolean }>(ASSESSMENT, "POST", `/exams/${attemptId}/consent`, { terms_version: termsVersion });
