// Certificate's API as the console's decision and print screens use it: the recommendations an
// LSP received (per session), the decision maker's judgements (one, or a session as
// recommended), and print batches with their readiness, progress and merged file.
import { call, download } from "./api";

export type Outcome = "K" | "BK";

export interface Recommendation {
  attempt_id: string;
  candidate_id: string;
  scheme_code: string;
  scheme_version: number;
  session_id: string;
  district_code: string;
  units: { unit_code: string; outcome: Outcome }[];
  overall: Outcome;
  received_at: string;
  judged: number;
  decision: Outcome | null;
  decided_at: string | null;
  certificate_number: string | null;
}

export interface Judgement {
  attempt_id: string;
  judged: number;
  panel_size: number;
  decision: Outcome | null;
  certificate_number: string | null;
}

export interface SessionItem {
  attempt_id: string;
  judgement: Judgement | null;
  refused: { field: string; reason: string; reason_en?: string }[];
}

export interface Member {
  candidate_id: string;
  attempt_id: string | null;
  number: string | null;
  status: "ready" | "printed_before" | "missing";
  reason: string | null;
  reason_id: string | null;
  reason_en: string | null;
}

export interface Batch {
  batch_id: string;
  session_id: string | null;
  requested_at: string;
  state: "making" | "printed";
  counts: { members: number; ready: number; printed_before: number; missing: number; carried: number; rendered: number; skipped: number };
  percentage: number;
  pages: number | null;
  size_bytes: number | null;
  follow_up_id: string | null;
  members: Member[];
}

export interface BatchSummary {
  batch_id: string;
  session_id: string | null;
  requested_at: string;
  state: "making" | "printed";
  percentage: number;
  ready: number;
  carried: number;
  pages: number | null;
}

const CERT = "certificate" as const;

export const recommendations = (query: string) =>
  call<Recommendation[]>("GET", `/recommendations?limit=2000&${query}`, undefined, CERT);
export const decideOne = (attemptId: string, outcome: Outcome, reason: string) =>
  call<Judgement>("POST", `/recommendations/${attemptId}/decision`, reason ? { outcome, reason } : { outcome }, CERT);
export const decideSession = (sessionId: string) =>
  call<SessionItem[]>("POST", `/sessions/${sessionId}/decisions`, undefined, CERT);
export const batches = () => call<BatchSummary[]>("GET", "/print-batches?limit=100", undefined, CERT);
export const batchOf = (id: string) => call<Batch>("GET", `/print-batches/${id}`, undefined, CERT);
export const requestBatch = (sessionId: string, clientId: string) =>
  call<Batch>("POST", "/print-batches", { session_id: sessionId, client_id: clientId }, CERT);
export const printFile = (id: string) => download(`/print-batches/${id}/file.pdf`, CERT);
