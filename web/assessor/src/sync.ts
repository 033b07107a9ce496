// The outbox: everything the assessor recorded is on the tablet first and is sent from here, in
// order, whenever there is a way through (at once, when the connection comes back, every few
// seconds while something waits): the exam's start (with the time it was started offline),
// the capture records (each once by its record id; a lost answer is re-sent and answered
// "duplicate"), the evidence photos' files (photos.ts: their own queue), then the judgements
// (which may cite the photos). After each round the tablet reads back what the server
// holds for the session, so records of another device and conflicts show up here.
import { signal } from "../../src/signal";
import { ApiError, Problem, call, transient } from "./api";
import * as db from "./db";
import { Judgement, SessionFacts, UnitJudgement, cachedSession } from "./hall";
import { sendPhotos, waitingPhotos } from "./photos";
import { LocalRecord, WireRecord, pending, refreshHall, wire } from "./records";
import { session } from "./session";

export interface OutboxItem {
  id: string; // start:<session> | judgement:<attempt>
  kind: "start" | "judgement";
  session_id: string;
  attempt_id?: string;
  started_at?: string;
  body?: { units: UnitJudgement[]; feedback: string };
  created: number;
  problems?: Problem[]; // the server's last refusal: shown
  status?: number; // its HTTP status: a 409 is sent again each round (e.g. once a conflict is
  // settled); any other refusal waits until the assessor saves again
}

export interface SyncState {
  online: boolean;
  sending: boolean;
  records: number; // capture records not yet held by the server
  photos: number; // evidence photos' files not yet uploaded
  items: OutboxItem[];
  refused: number;
  last: string | null; // when the server last confirmed everything sent
  error: string | null;
}

export const sync = signal<SyncState>({
  online: navigator.onLine, sending: false, records: 0, photos: 0, items: [], refused: 0, last: null, error: null,
});

const BATCH = 200;
const RETRY_MS = 5000;
let running: Promise<void> | null = null;

export async function queueStart(sessionId: string): Promise<void> {
  const id = `start:${sessionId}`;
  if (await db.get(id, "outbox")) return;
  // The tablet's clock corrected by how far it was from the server's at the last contact: a
  // start "in the future" by the server's clock would be refused.
  const offset = (await db.get<number>("clock-offset")) ?? 0;
  const startedAt = new Date(Date.now() + Math.min(offset, 0)).toISOString();
  const item: OutboxItem = { id, kind: "start", session_id: sessionId, started_at: startedAt, created: Date.now() };
  await db.put(null, item, "outbox");
  const facts = await cachedSession(sessionId);
  if (facts && !facts.started_at) {
    await db.put(`session:${sessionId}`, { ...facts, started_at: startedAt, offline_start: true } satisfies SessionFacts);
  }
  kick();
}

// One item per attempt: saving again replaces what was not sent yet.
export async function queueJudgement(sessionId: string, attemptId: string, body: OutboxItem["body"]): Promise<void> {
  const item: OutboxItem = { id: `judgement:${attemptId}`, kind: "judgement", session_id: sessionId, attempt_id: attemptId, body, created: Date.now() };
  await db.put(null, item, "outbox");
  kick();
}

export const queuedJudgement = (attemptId: string) => db.get<OutboxItem>(`judgement:${attemptId}`, "outbox");

export function kick(): Promise<void> {
  running ??= round().finally(() => {
    running = null;
  });
  return running;
}

async function round(): Promise<void> {
  if (!session.get()) return;
  if (!navigator.onLine) return void (await publish({ online: false, sending: false }));
  await publish({ online: true, sending: true, error: null });
  try {
    const items = (await db.all<OutboxItem>("outbox"))
      .filter((i) => !i.status || i.status === 409)
      .sort((a, b) => a.created - b.created);
    const records = pending(await db.all<LocalRecord>("records"));
    const sessions = new Set([...items.map((i) => i.session_id), ...records.map((r) => r.session_id)]);
    for (const item of items.filter((i) => i.kind === "start")) await send(item);
    for (const id of sessions) {
      await sendRecords(id, records.filter((r) => r.session_id === id));
      await pull(id);
    }
    await sendPhotos();
    for (const item of items.filter((i) => i.kind === "judgement")) await send(item);
    await publish({ sending: false });
  } catch (error) {
    await publish({ sending: false, online: navigator.onLine, error: transient(error) ? null : String(error) });
  }
}

async function send(item: OutboxItem): Promise<void> {
  try {
    if (item.kind === "start") {
      const started = await call<{ started_at: string; deadline: string }>("POST", `/sessions/${item.session_id}/start`, { started_at: item.started_at });
      const facts = await cachedSession(item.session_id);
      if (facts) await db.put(`session:${item.session_id}`, { ...facts, ...started, offline_start: false } satisfies SessionFacts);
    } else {
      const held = await call<Judgement>("PUT", `/attempts/${item.attempt_id}/judgement`, item.body);
      await db.put(`judgement:${item.attempt_id}`, held);
    }
    await db.remove(item.id, "outbox");
  } catch (error) {
    if (transient(error) || !(error instanceof ApiError) || error.status === 401) throw error;
    const problems = error.problems.length ? error.problems : [{ field: "", reason: `HTTP ${error.status}` }];
    await db.put(null, { ...item, problems, status: error.status }, "outbox");
  }
}

// Oldest first (by this device's sequence); a batch the server refuses names the records at
// fault (records[i].field): those are kept on the tablet as refused, the rest go again.
async function sendRecords(sessionId: string, records: LocalRecord[]): Promise<void> {
  let left = [...records].sort((a, b) => a.seq - b.seq);
  while (left.length) {
    const batch = left.slice(0, BATCH);
    try {
      const answer = await call<{ receipts: { record_id: string; outcome: LocalRecord["receipt"] }[] }>(
        "POST", `/sessions/${sessionId}/capture`, { records: batch.map(wire) },
      );
      const receipts = new Map(answer.receipts.map((r) => [r.record_id, r.outcome]));
      await db.putAll(batch.map((r) => ({ ...r, held: receipts.has(r.record_id), receipt: receipts.get(r.record_id) })), "records");
      left = left.slice(batch.length);
    } catch (error) {
      if (transient(error) || !(error instanceof ApiError)) throw error;
      const faults = new Map<number, Problem[]>();
      for (const p of error.problems) {
        const at = /^records\[(\d+)\]/.exec(p.field);
        if (at) faults.set(Number(at[1]), [...(faults.get(Number(at[1])) ?? []), p]);
      }
      if (!faults.size) throw new Error(error.message); // the whole batch: shown, sent again later
      await db.putAll([...faults].map(([i, problems]) => ({ ...batch[i], refused: problems })), "records");
      left = left.filter((_, i) => !faults.has(i));
    }
  }
  await refreshHall(sessionId);
}

// The records the server holds for the session (other devices' too): kept beside this device's.
export async function pull(sessionId: string): Promise<void> {
  const held = await call<{ server_now: string; candidates: { records: WireRecord[] }[] }>("GET", `/sessions/${sessionId}/capture`);
  const mine = new Map((await db.allBy<LocalRecord>("records", "session_id", sessionId)).map((r) => [r.record_id, r]));
  const changed: LocalRecord[] = [];
  for (const record of held.candidates.flatMap((c) => c.records)) {
    const known = mine.get(record.record_id);
    if (known?.held) continue;
    changed.push(known ? { ...known, held: true } : { ...record, settles: record.settles ?? [], session_id: sessionId, held: true });
  }
  if (changed.length) await db.putAll(changed, "records");
  await db.put(`synced:${sessionId}`, held.server_now);
  await refreshHall(sessionId);
}

async function publish(change: Partial<SyncState>): Promise<void> {
  const records = await db.all<LocalRecord>("records");
  const items = await db.all<OutboxItem>("outbox");
  const waiting = pending(records).length;
  const photos = (await waitingPhotos()).length;
  const next = { ...sync.get(), ...change, records: waiting, photos, items, refused: records.filter((r) => r.refused).length };
  if (!next.sending && next.online && !waiting && !photos && !items.length) next.last = new Date().toISOString();
  sync.set(next);
}

export function startSync(): void {
  window.addEventListener("online", () => void kick());
  window.addEventListener("offline", () => void publish({ online: false }));
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") void kick();
  });
  window.setInterval(() => {
    const now = sync.get();
    if (now.records || now.photos || now.items.length || !now.online) void kick();
  }, RETRY_MS);
  session.subscribe(() => void kick());
  void publish({}).then(kick);
}

// After a write on the tablet: the counters now, the sending soon.
export async function written(): Promise<void> {
  await publish({});
  void kick();
}
