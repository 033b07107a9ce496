// The service worker: keeps this build's app shell (HTML, JS, CSS, icons) so the app opens
// with no signal, and drops older builds' caches. API calls are never cached here: the app
// keeps its own data and its outbox in IndexedDB and sends when there is signal. When the
// browser fires the outbox's Background Sync (registered as an item is queued), this worker
// sends the queue itself, app open or not, with the session the app keeps in IndexedDB.
import { drainQueued } from "./outbox_drain";
import { loadSession, session } from "./session";

declare const self: ServiceWorkerGlobalScope;
const SYNC_TAG = "kompeten-outbox"; // as outbox.ts registers it
interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}

// Rejects while something is still waiting: the browser then tries again later, backing off.
async function syncOutbox(): Promise<void> {
  await loadSession();
  const me = session.get()?.candidate_id;
  if (!me) return;
  const done = await drainQueued(me);
  for (const client of await self.clients.matchAll({ type: "window" })) {
    client.postMessage({ type: "outbox-synced" });
  }
  if (!done) throw new Error("the outbox still holds items to send");
}

self.addEventListener("sync", ((event: SyncEvent) => {
  if (event.tag === SYNC_TAG) event.waitUntil(syncOutbox());
}) as EventListener);

const CACHE = `kompeten-shell-${__VERSION__}`;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(__PRECACHE__))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      // Its own older shells only: the assessor app keeps its caches beside them.
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith("kompeten-shell-") && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin || url.pathname.startsWith("/api/") ||
    url.pathname.startsWith("/console/") || url.pathname.startsWith("/assessor/")) {
    return;
  }
  // The console (/console/) and the assessor app (/assessor/) are other pages with their own
  // files: never the phone's shell.
  // A page load gets the shell (index.html): the screens are routed in the page by its hash.
  const key = event.request.mode === "navigate" ? "./" : event.request;
  event.respondWith(
    caches.match(key, { ignoreSearch: true }).then((hit) => hit ?? fetch(event.request)),
  );
});
