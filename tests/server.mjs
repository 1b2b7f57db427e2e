// A small static file server for the tests: serves dist/ with or without the
// cross-origin isolation headers, and serves a plain "course page" that embeds a lesson.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** What static hosts compress. */
const COMPRESSED = new Set(['.html', '.js', '.mjs', '.css', '.wasm', '.json', '.webmanifest', '.svg']);

export const DIST = resolve(import.meta.dirname, '..', 'dist');

/**
 * Serves `root` on 127.0.0.1 at a free port.
 * `isolated`: send COOP/COEP/CORP, as a host with header control would.
 * `pages`: extra paths answered with fixed HTML (a host page, for instance).
 * Text and wasm are sent gzipped to a browser that accepts it, as static hosts send
 * them; `sent` lists every response with its path, the bytes sent and when.
 */
export async function serve({ root = DIST, isolated = false, pages = {}, host = '127.0.0.1' } = {}) {
  const requests = [];
  const sent = [];
  const gzipped = new Map();
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    requests.push(path);
    if (pages[path]) {
      res.writeHead(200, { 'Content-Type': TYPES['.html'] });
      res.end(pages[path]);
      return;
    }
    let file = normalize(join(root, path));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const info = await stat(file);
      // A validator, as static hosts send one: a page that asks again for what it has
      // (a second widget on a course page, say) is answered 304 without the body.
      const etag = `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
      const headers = {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Cache-Control': 'no-cache',
        ETag: etag,
      };
      if (isolated) {
        headers['Cross-Origin-Opener-Policy'] = 'same-origin';
        headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
        headers['Cross-Origin-Resource-Policy'] = 'cross-origin';
      }
      if (req.headers['if-none-match'] === etag) {
        sent.push({ path, bytes: 0, at: Date.now() });
        res.writeHead(304, headers).end();
        return;
      }
      let body = await readFile(file);
      if (COMPRESSED.has(extname(file)) && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
        const key = `${file} ${info.mtimeMs}`;
        if (!gzipped.has(key)) gzipped.set(key, gzipSync(body, { level: 9 }));
        body = gzipped.get(key);
        headers['Content-Encoding'] = 'gzip';
        headers.Vary = 'Accept-Encoding';
      }
      sent.push({ path, bytes: body.length, at: Date.now() });
      res.writeHead(200, headers);
      res.end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, host, ok));
  const { port } = server.address();
  return {
    url: `http://${host}:${port}/`,
    requests,
    sent,
    close: () => new Promise((ok) => {
      server.closeAllConnections();
      server.close(ok);
    }),
  };
}
