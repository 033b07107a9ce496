// Every submission is stored on the phone first, with the client id the server applies once,
// and sent from here: now if there is signal, else when the connection comes back (the
// `online` event, the app's next start, a periodic retry, and where the browser has Background
// Sync, the service worker even with the app closed). A reload loses nothing: the queue
// is in IndexedDB. The server answers a re-sent client id the same, so sending twice is safe.
// A candidate's FR.AK.01 signature waits here too (exam/consent.ts): one item per attempt, and
// the server records a party's signature once, however often it is sent. So does the holder's
// agreement before a certificate is released (certificate/CertificateScreen.tsx).
import * as db from "./db";
import { type Item, drainQueued } from "./outbox_drain";
import { session } from "./session";
import { signal } from "./signal";

export type { Item } from "./outbox_drain";

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
  await registerSync();
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
  outbox.set({ ...outbox.get(), sending: true });
  try {
    await drainQueued(me);
  } finally {
    await refresh(false);
  }
}

// Background Sync (where the browser has it): the service worker sends the queue when the
// connection is back, even once the app is closed. Elsewhere the app's own retries (the
// `online` event, its next start, the periodic retry) are all there is, as before.
export const SYNC_TAG = "kompeten-outbox";
interface SyncCapable {
  sync?: { register(tag: string): Promise<void> };
}

async function registerSync(): Promise<boolean> {
  try {
    const registration = (await navigator.serviceWorker?.getRegistration()) as (ServiceWorkerRegistration & SyncCapable) | undefined;
    if (!registration?.active || !registration.sync) return false;
    await registration.sync.register(SYNC_TAG);
    return true;
  } catch {
    return false; // not allowed here (e.g. no permission): the app's retries remain
  }
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
  // The service worker sent the queue (Background Sync): show what is left.
  navigator.serviceWorker?.addEventListener("message", (event: MessageEvent) => {
    if ((event.data as { type?: string } | null)?.type === "outbox-synced") void refresh(false);
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") void flush();
  });
  window.setInterval(() => {
    if (outbox.get().waiting.length) void flush();
  }, RETRY_MS);
  session.subscribe(() => void refresh().then(flush));
  void refresh().then(flush);
}
