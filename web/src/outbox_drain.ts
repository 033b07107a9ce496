// Sending the outbox's items, oldest first, from wherever there is a chance: the open app
// (outbox.ts) or the service worker when the browser fires a Background Sync (sw.ts), even
// with the app closed. They take turns (a lock); were an item still sent twice, the server
// applies a client id once. An item the server refuses for good is kept with its problems.
import { ApiError, call, isTransient } from "./api";
import { signConsent } from "./exam/api";
import { signAgreement } from "./certificate/api";
import * as db from "./db";
import { uploadEvidence } from "./evidence";
import { type LocalApplication, applicationKey, loadApplication } from "./application";
import type { Problem } from "./api";

export interface Item {
  id: string; // the client id
  kind: "start" | "submit" | "consent" | "agreement";
  candidate_id: string;
  created: number;
  body?: Record<string, unknown>;
  failed?: Problem[];
}

interface Locks {
  request<T>(name: string, work: () => Promise<T>): Promise<T>;
}

// One sender at a time across the app's tabs and its service worker (Web Locks, where the
// browser has them): the second finds the items the first sent already gone, so nothing is
// sent twice just because the page and a Background Sync woke at the same moment.
export function drainQueued(me: string): Promise<boolean> {
  const locks = (navigator as unknown as { locks?: Locks }).locks;
  return locks ? locks.request("kompeten-outbox", () => drainAll(me)) : drainAll(me);
}

// Sends what waits for this candidate; true when nothing is left waiting (a refusal for good
// is not waiting: it is shown to the person).
async function drainAll(me: string): Promise<boolean> {
  const items = (await db.all<Item>("outbox")).sort((a, b) => a.created - b.created);
  let left = false;
  for (const item of items) {
    if (item.failed || item.candidate_id !== me) continue;
    try {
      await send(item);
      await db.remove(item.id, "outbox");
    } catch (error) {
      left = true;
      if (isTransient(error) || (error instanceof ApiError && error.status === 401)) break;
      if (!(error instanceof ApiError)) break; // not sent yet (e.g. the start is still queued)
      if (waitsForPlan(item, error)) continue; // the assessor sets the plan (MAPA) later: kept
      await db.put(null, { ...item, failed: error.problems }, "outbox");
      left = false;
    }
  }
  return !left;
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
  // The evidence first (each upload kept once done), then the form naming it.
  const evidence = await uploadEvidence(item.candidate_id, local.application_id);
  const apl01 = { ...(item.body?.apl01 as Record<string, unknown>), evidence_ids: evidence };
  await call("POST", `/applications/${local.application_id}/submission`, { client_id: item.id, ...item.body, apl01 });
  await saveApplication({ ...local, last_status: "submitted" });
}

async function saveApplication(local: LocalApplication): Promise<void> {
  await db.put(applicationKey(local.candidate_id), local);
}
