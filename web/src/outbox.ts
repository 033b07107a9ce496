// Every submission is stored on the phone first, with the client id the server applies once,
// and sent from here: now if there is signal, else when the connection comes back (the
// `online` event, the app's next start, a periodic retry). A reload loses nothing: the queue
// is in IndexedDB. The server answers a re-sent client id the same, so sending twice is safe.
// A candidate's FR.AK.01 signature waits here too (exam/consent.ts): one item per attempt, and
// the server records a party's signature once, however often it is sent. So does the holder's
// agreement before a certificate is released (certificate/CertificateScreen.tsx).
import { ApiError, Problem, call, isTransient } from "./api";
import { signConsent } from "./exam/api";
import { signAgreement } from "./certificate/api";
import * as db from "./db";
import { LocalApplication, applicationKey, loadApplication } from "./application";
import { session } from "./session";
import { signal } from "./signal";

export interface Item {
  id: string; // the client id
  kind: "start" | "submit" | "consent" | "agreement";
  candidate_id: string;
  created: number;
  body?: Record<string, unknown>;
  failed?: Problem[];
}

export interface OutboxState {
  waiting: Item[];
  failed: Item[];
  sending: boolean;
}

export const outbox = signal<OutboxState>({ waiting: [], failed: [], sending: false });
const RETRY_MS = 15_000;
let draining: Promise<void> | null = null;

export async function enqueue(item: Item): Promise<void> {
  await db.put(null, item, "outbox");
  await refresh();
  void flush();
}

export async function dropFailed(candidateId: string, kind: Item["kind"]): Promise<void> {
  for (const item of await db.all<Item>("outbox")) {
    if (item.failed && item.kind === kind && item.candidate_id === candidateId) {
      await db.remove(item.id, "outbox");
    }
  }
  await refresh();
}

export async function drop(id: string): Promise<void> {
  await db.remove(id, "outbox");
  await refresh();
}

export function flush(): Promise<void> {
  draining ??= drain().finally(() => {
    draining = null;
  });
  return draining;
}

async function drain(): Promise<void> {
  const me = session.get()?.candidate_id;
  if (!me) return;
  const items = (await db.all<Item>("outbox")).sort((a, b) => a.created - b.created);
  outbox.set({ ...outbox.get(), sending: true });
  try {
    for (const item of items) {
      if (item.failed || item.candidate_id !== me) continue;
      try {
        await send(item);
        await db.remove(item.id, "outbox");
      } catch (error) {
        if (isTransient(error) || (error instanceof ApiError && error.status === 401)) break;
        if (!(error instanceof ApiError)) break; // not sent yet (e.g. the start is still queued)
        if (waitsForPlan(item, error)) continue; // the assessor sets the plan (MAPA) later: kept
        await db.put(null, { ...item, failed: error.problems }, "outbox");
      }
    }
  } finally {
    await refresh(false);
  }
}

// A signature sent before the session's plan (MAPA) is set is not wrong, only early.
const waitsForPlan = (item: Item, error: ApiError) =>
  item.kind === "consent" && error.status === 409 && error.problems.some((p) => p.field === "session_id");

async function send(item: Item): Promise<void> {
  if (item.kind === "consent") {
    const body = item.body as { attempt_id: string; terms_version: string };
    await signConsent(body.attempt_id, body.terms_version);
    return;
  }
  if (item.kind === "agreement") {
    const body = item.body as { certificate_id: string; agreement_version: string };
    await signAgreement(body.certificate_id, body.agreement_version);
    return;
  }
  const local = await loadApplication(item.candidate_id);
  if (item.kind === "start") {
    const started = await call<{ application_id: string }>("POST", "/applications", { client_id: item.id });
    await saveApplication({ ...local!, application_id: started.application_id });
    return;
  }
  if (!local?.application_id) throw new Error("the application is not started on the server yet");
  await call("POST", `/applications/${local.application_id}/submission`, { client_id: item.id, ...item.body });
  await saveApplication({ ...local, last_status: "submitted" });
}

async function saveApplication(local: LocalApplication): Promise<void> {
  await db.put(applicationKey(local.candidate_id), local);
}

async function refresh(sending = outbox.get().sending): Promise<void> {
  const me = session.get()?.candidate_id;
  const mine = (await db.all<Item>("outbox")).filter((item) => item.candidate_id === me);
  outbox.set({
    waiting: mine.filter((item) => !item.failed),
    failed: mine.filter((item) => item.failed),
    sending,
  });
}

export function startOutbox(): void {
  window.addEventListener("online", () => void flush());
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") void flush();
  });
  window.setInterval(() => {
    if (outbox.get().waiting.length) void flush();
  }, RETRY_MS);
  session.subscribe(() => void refresh().then(flush));
  void refresh().then(flush);
}
