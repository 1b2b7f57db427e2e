// Interleave's service worker. One worker does both jobs that need one (two cannot
// share a scope):
// 1. offline use: it precaches the whole app at install, and serves from that cache;
// 2. cross-origin isolation on static hosts that cannot set headers: every same-origin
//    response it serves carries COOP/COEP/CORP, so shared-memory threads work.
// `cargo xtask kernels` fills in the precache list and the version at build time.

const VERSION = /*VERSION*/"dev";
const PRECACHE = /*PRECACHE*/[];
const CACHE = `interleave-${VERSION}`;
// The page's Content-Security-Policy (the same as the meta tag in index.html), and the
// workers' own: a worker takes its policy from the response that delivered it.
const PAGE_CSP = /*CSP*/"";
const WORKER_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; worker-src 'self' blob:";

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(
        keys.filter((key) => key.startsWith('interleave-') && key !== CACHE)
          .map((key) => caches.delete(key)),
      ))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  event.respondWith(respond(request, url));
});

async function respond(request, url) {
  const cache = await caches.open(CACHE);
  // A page address (any route of the app) is the app's index.html.
  const key = request.mode === 'navigate' ? new URL('./', self.location.href).href : url.href;
  let response = await cache.match(key, { ignoreSearch: request.mode === 'navigate' });
  if (!response) {
    try {
      response = await fetch(request);
    } catch (error) {
      return new Response('Offline, and this file is not part of the app.', {
        status: 503,
        headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      });
    }
  }
  return isolated(response, request.mode === 'navigate', request.destination === 'worker');
}

// The same response with the cross-origin isolation headers. A page may be embedded
// by any site (CORP cross-origin); its subresources are for this origin only.
function isolated(response, isPage, isWorker) {
  if (response.type === 'opaque' || response.status === 0) return response;
  const headers = new Headers(response.headers);
  if (isPage && PAGE_CSP) headers.set('Content-Security-Policy', PAGE_CSP);
  if (isWorker) headers.set('Content-Security-Policy', WORKER_CSP);
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
  headers.set('Cross-Origin-Resource-Policy', isPage ? 'cross-origin' : 'same-origin');
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
