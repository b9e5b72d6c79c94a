// Punchclock's service worker: the app shell from the cache, so the app opens offline.
// The API is never cached here: the app keeps its own data and queue in IndexedDB.
// Paths are relative to the worker's scope: the app may live under a prefix (/time/).
const VERSION = "{{VERSION}}";
const BASE = new URL(self.registration.scope).pathname;
const ASSETS = {{ASSET_LIST}}.map((path) => BASE + path);
const CACHE = `punchclock-${VERSION}`;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll([BASE, `${BASE}manifest.webmanifest`, ...ASSETS])).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("punchclock-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== location.origin || url.pathname.startsWith(`${BASE}api/`)) return;
  if (event.request.mode === "navigate") {
    // The page: the network first (a new release shows at once), the cached shell when offline.
    event.respondWith(fetch(event.request).catch(() => caches.match(BASE, { cacheName: CACHE })));
    return;
  }
  if (url.pathname.startsWith(`${BASE}assets/`)) {
    event.respondWith(caches.match(event.request).then((hit) => hit || fetch(event.request)));
  }
});
