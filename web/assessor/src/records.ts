// The assessor's capture records as the tablet keeps them: every record this device wrote and
// every record the server holds from other devices, in one store. What counts per subject is
// worked out as the server does it (capture/domain/versions.py): a record edits the one it is
// `based_on`, settling records set their rivals aside, and the current records are those nothing
// edits or settles; one is the value, several are a conflict for the assessor to settle.
import { Signal, signal } from "../../src/signal";
import * as db from "./db";
import { deviceId, nextSeq } from "./device";
import { newId } from "./ids";
import type { Problem } from "./api";
import { session } from "./session";

export type Kind = "attendance" | "observation" | "interview" | "essay_mark" | "oral_mark" | "note" | "photo" | "audio";
export type Presence = "present" | "absent" | "late";
export type Observed = "competent" | "not_yet" | "not_observed";

// A photo's (or a recorded answer's) reference: its file goes to the evidence store separately
// (photos.ts).
export interface PhotoRef {
  content_hash: string; // SHA-256 of the file, lowercase hex
  media_type: string;
  size_bytes: number;
}

export interface Payload {
  presence?: Presence | null;
  identity_checked?: boolean | null;
  outcome?: Observed | null;
  points?: number | null;
  text?: string | null;
  photo?: PhotoRef | null;
  audio?: PhotoRef | null;
}

// What the server takes (POST /sessions/{id}/capture) and gives back (GET).
export interface WireRecord extends Payload {
  record_id: string;
  device_id: string;
  assessor_id: string;
  seq: number;
  candidate_id: string;
  kind: Kind;
  subject: string;
  based_on: string | null;
  settles: string[];
  written_at: string | null;
}

export interface LocalRecord extends WireRecord {
  session_id: string;
  held: boolean; // the server's receipt (or its read-back) says it holds this record
  receipt?: "applied" | "duplicate" | "conflict" | "waiting";
  refused?: Problem[]; // the server refused it: shown, not sent again
}

export interface SubjectState {
  kind: Kind;
  subject: string;
  current: LocalRecord[]; // one: the value; several: a conflict
  waiting: LocalRecord[]; // their base is not on this tablet (yet)
}

const PAYLOAD: (keyof Payload)[] = ["presence", "identity_checked", "outcome", "points", "text", "photo", "audio"];
const order = (a: LocalRecord, b: LocalRecord) =>
  a.device_id.localeCompare(b.device_id) || a.seq - b.seq || a.record_id.localeCompare(b.record_id);

export const keyOf = (candidate: string, kind: Kind, subject: string) => `${candidate}|${kind}|${subject}`;

export function subjectsOf(records: LocalRecord[]): Map<string, SubjectState> {
  const byKey = new Map<string, LocalRecord[]>();
  for (const r of records) {
    if (r.refused) continue;
    const key = keyOf(r.candidate_id, r.kind, r.subject);
    byKey.set(key, [...(byKey.get(key) ?? []), r]);
  }
  const found = new Map<string, SubjectState>();
  for (const [key, group] of byKey) {
    const byId = new Map(group.map((r) => [r.record_id, r]));
    const reaches = (r: LocalRecord): boolean => {
      const seen = new Set<string>();
      for (let at: LocalRecord | undefined = r; at; at = at.based_on ? byId.get(at.based_on) : undefined) {
        if (seen.has(at.record_id)) return false;
        seen.add(at.record_id);
        if (!at.based_on) return true;
      }
      return false;
    };
    const linked = group.filter(reaches);
    const replaced = new Set(linked.flatMap((r) => [r.based_on, ...r.settles]).filter(Boolean));
    found.set(key, {
      kind: group[0].kind,
      subject: group[0].subject,
      current: linked.filter((r) => !replaced.has(r.record_id)).sort(order),
      waiting: group.filter((r) => !linked.includes(r)).sort(order),
    });
  }
  return found;
}

export interface Hall {
  sessionId: string;
  records: LocalRecord[];
  subjects: Map<string, SubjectState>;
}

// The records of the session on screen, re-read after every write and every sync.
export const hall: Signal<Hall | null> = signal<Hall | null>(null);

export async function loadHall(sessionId: string): Promise<void> {
  const records = await db.allBy<LocalRecord>("records", "session_id", sessionId);
  hall.set({ sessionId, records, subjects: subjectsOf(records) });
}

async function refreshHall(sessionId: string): Promise<void> {
  if (hall.get()?.sessionId === sessionId) await loadHall(sessionId);
}

export function valueOf(sessionId: string, candidate: string, kind: Kind, subject = ""): SubjectState | undefined {
  const now = hall.get();
  return now?.sessionId === sessionId ? now.subjects.get(keyOf(candidate, kind, subject)) : undefined;
}

const same = (a: Payload, b: Payload) => PAYLOAD.every((k) => JSON.stringify(a[k] ?? null) === JSON.stringify(b[k] ?? null));

// A new record of the subject: the first, or an edit of the one that counts. While the subject is
// in conflict, writing needs a choice (settle); a value equal to the current one writes nothing.
export async function write(sessionId: string, candidate: string, kind: Kind, subject: string, payload: Payload): Promise<LocalRecord | null> {
  const state = valueOf(sessionId, candidate, kind, subject);
  if (state && state.current.length > 1) throw new Error("in conflict: settle first");
  const base = state?.current[0] ?? null;
  if (base && same(base, payload)) return null;
  return append(sessionId, candidate, kind, subject, payload, base?.record_id ?? null, []);
}

// Settles a conflict: a record based on the chosen rival (with its value, or a new one) that
// sets every other current record aside.
export async function settle(sessionId: string, chosen: LocalRecord, payload?: Payload): Promise<LocalRecord> {
  const state = valueOf(sessionId, chosen.candidate_id, chosen.kind, chosen.subject);
  const rivals = (state?.current ?? []).filter((r) => r.record_id !== chosen.record_id).map((r) => r.record_id);
  const value = payload ?? Object.fromEntries(PAYLOAD.map((k) => [k, chosen[k] ?? null]));
  return append(sessionId, chosen.candidate_id, chosen.kind, chosen.subject, value, chosen.record_id, rivals);
}

async function append(
  sessionId: string, candidate: string, kind: Kind, subject: string, payload: Payload, basedOn: string | null, settles: string[],
): Promise<LocalRecord> {
  const me = session.get();
  if (!me) throw new Error("not signed in");
  const clean = Object.fromEntries(PAYLOAD.filter((k) => payload[k] !== undefined && payload[k] !== null).map((k) => [k, payload[k]]));
  const record: LocalRecord = {
    record_id: newId(),
    device_id: await deviceId(),
    assessor_id: me.account_id,
    seq: await nextSeq(sessionId),
    candidate_id: candidate,
    kind,
    subject,
    based_on: basedOn,
    settles,
    written_at: new Date().toISOString(),
    ...clean,
    session_id: sessionId,
    held: false,
  };
  await db.put(null, record, "records");
  await refreshHall(sessionId);
  return record;
}

export const wire = (r: LocalRecord): WireRecord => {
  const out: WireRecord = {
    record_id: r.record_id, device_id: r.device_id, assessor_id: r.assessor_id, seq: r.seq,
    candidate_id: r.candidate_id, kind: r.kind, subject: r.subject, based_on: r.based_on,
    settles: r.settles, written_at: r.written_at,
  };
  for (const k of PAYLOAD) if (r[k] !== undefined && r[k] !== null) (out as unknown as Record<string, unknown>)[k] = r[k];
  return out;
};

export const pending = (records: LocalRecord[]) => records.filter((r) => !r.held && !r.refused);
export { refreshHall };
