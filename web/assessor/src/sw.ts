// The assessor app's service worker (scope /assessor/): keeps this build's page, script and
// styles so the app opens in a hall with no signal, and drops older builds' copies (its own
// caches only: the candidate app's live beside them). API calls are never cached here: the app
// keeps what it downloaded and what it recorded in IndexedDB.
export {};
declare const self: ServiceWorkerGlobalScope;

const PREFIX = "kompeten-assessor-";
const CACHE = `${PREFIX}${__VERSION__}`;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(__PRECACHE__)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;
  // A page load gets the app's page: its screens are routed by the hash.
  const key = event.request.mode === "navigate" ? "./" : event.request;
  event.respondWith(caches.match(key, { ignoreSearch: true }).then((hit) => hit ?? fetch(event.request)));
});
