// Server Lab's service worker: after one visit every chapter works with the network off.
// The build (scripts/postbuild.mjs) fills in the precache list and a version that changes
// whenever any file does, so each deploy gets a fresh cache and the old one is deleted.
//
// Strategy: files whose names carry a content hash never change, so they come from the cache
// first. The page itself, the prose in content/ and anything else go to the network first
// and fall back to the cache, so an online learner always gets the newest text.
const VERSION = '__VERSION__';
const CACHE = `server-lab-${VERSION}`;
const PRECACHE = "__PRECACHE__";
const HASHED = /-[0-9a-f]{12,16}(_bg)?\.(wasm|js|css|svg|png)$/;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys().then((keys) =>
      Promise.all(keys.filter((key) => key.startsWith('server-lab-') && key !== CACHE).map((key) => caches.delete(key))),
    ).then(() => self.clients.claim()),
  );
});

// The page asks a waiting worker to take over when the learner chooses to reload.
self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) cache.put(request, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(request, { ignoreSearch: true });
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request) {
  const cached = await caches.match(request);
  return cached ?? networkFirst(request);
}

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  event.respondWith(HASHED.test(url.pathname) ? cacheFirst(event.request) : networkFirst(event.request));
});
