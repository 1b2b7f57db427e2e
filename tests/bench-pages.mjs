// Benchmark (figures, not pass/fail): every page as a phone meets it on a first visit.
// Headless Chromium with a fresh profile for each page, its network throttled to slow 4G
// (1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip) and its CPU four times slower, over
// the DevTools protocol; the site served gzipped, without the isolation headers (as most
// static hosts serve it; ISOLATED=1 sends them). For each route:
// - text: the first frame in which the page's title (its h1) is on screen;
// - working: the first frame in which the app has taken the page over, its route drawn
//   (the home page, all links, as soon as it is on screen);
// - sent: the bytes the server sent until then (gzipped, the service worker's included).
// Then a course page of another origin with three different lessons embedded, until all
// three work; and a warm move from one lesson to another (the site cached by its
// service worker): from the link's click to the next lesson working.
//
//   node bench-pages.mjs [ROUTE...]     e.g. node bench-pages.mjs '#/lesson/queue'
//   node bench-pages.mjs course         only the course page and the warm moves
//   RUNS=3 node bench-pages.mjs         each route three times (each line a range)
//   SITE=/path/to/dist node bench-pages.mjs   another build (an older one, to compare)
import { chromium } from 'playwright-core';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { serve } from './server.mjs';

export const LESSONS = [
  'scheduler', 'responsive', 'cores', 'scaling', 'simd', 'interleavings', 'locks', 'deadlock',
  'queue', 'race', 'event-loop', 'thread-pool', 'connection-pool', 'load-balancer',
  'scatter-gather', 'map-reduce',
];
export const ROUTES = [
  '#/',
  ...Array.from({ length: 12 }, (_, i) => `#/tour/${i + 1}`),
  ...LESSONS.map((id) => `#/lesson/${id}`),
  ...LESSONS.map((id) => `#/embed/${id}`),
];

/** Slow 4G, as the brief and Lighthouse's mobile profile have it. */
export const NETWORK = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1024 * 1024) / 8,
  uploadThroughput: (750 * 1024) / 8,
};
export const CPU_SLOWDOWN = 4;

// In the page, from its first script on: the epoch time of the first frame with the
// title on screen, and of the first with the app's page drawn. The app has taken over
// once `#app` is no longer the prerendered page and holds a title.
const WATCH = () => {
  const now = () => performance.timeOrigin + performance.now();
  const title = () => [...document.querySelectorAll('#app h1')]
    .find((h) => h.textContent.trim() && h.getBoundingClientRect().height > 0);
  const frame = () => {
    if (title()) {
      window.__text ??= now();
      const app = document.querySelector('#app');
      // The home page is plain links: it works once it is on screen, app or not.
      const home = ['', '#', '#/'].includes(location.hash);
      if (home || (app && !app.hasAttribute('data-prerendered'))) window.__working ??= now();
    }
    if (window.__working === undefined) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
};

const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  // One process for a course page and its widgets, so that throttling reaches them.
  '--disable-site-isolation-trials', '--disable-features=IsolateOrigins,site-per-process',
];

/**
 * Throttles every target of the browser whose DevTools endpoint is `endpoint`: its
 * pages, their frames and workers, and the service worker, each as it starts (it waits
 * for the throttling before it runs). Returns a function that closes the connection.
 */
async function throttleEverything(endpoint) {
  const socket = new WebSocket(endpoint);
  await new Promise((ok, fail) => { socket.once('open', ok); socket.once('error', fail); });
  let id = 0;
  const pending = new Map();
  const send = (method, params = {}, sessionId) => new Promise((ok) => {
    const n = ++id;
    pending.set(n, ok);
    socket.send(JSON.stringify({ id: n, method, params, ...(sessionId ? { sessionId } : {}) }));
  });
  const attach = { autoAttach: true, waitForDebuggerOnStart: true, flatten: true };
  socket.on('message', async (data) => {
    const message = JSON.parse(data);
    if (message.id) {
      pending.get(message.id)?.(message);
      pending.delete(message.id);
      return;
    }
    if (message.method !== 'Target.attachedToTarget') return;
    const { sessionId, targetInfo } = message.params;
    await send('Network.enable', {}, sessionId);
    await send('Network.emulateNetworkConditions', NETWORK, sessionId);
    if (['page', 'iframe'].includes(targetInfo.type)) {
      await send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN }, sessionId);
    }
    await send('Target.setAutoAttach', attach, sessionId);
    await send('Runtime.runIfWaitingForDebugger', {}, sessionId);
  });
  await send('Target.setAutoAttach', attach);
  return () => socket.close();
}

/** A fresh profile in a throttled browser: `use(page, context)`, then all is removed. */
async function fresh(use, viewport = { width: 412, height: 823 }) {
  const dir = mkdtempSync(join(tmpdir(), 'interleave-bench-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [...ARGS, '--remote-debugging-port=0'],
    viewport,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  let unthrottle = () => {};
  try {
    const [port, path] = readFileSync(join(dir, 'DevToolsActivePort'), 'utf8').split('\n');
    unthrottle = await throttleEverything(`ws://127.0.0.1:${port}${path}`);
    const page = await context.newPage();
    await page.addInitScript(WATCH);
    return await use(page, context);
  } finally {
    unthrottle();
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Waits for `probe()` in the page to give a number; the page may reload meanwhile. */
async function until(page, probe, timeout = 60_000) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    try {
      const value = await page.evaluate(probe);
      if (typeof value === 'number') return value;
    } catch { /* the page is reloading itself */ }
    await new Promise((ok) => setTimeout(ok, 100));
  }
  return NaN;
}

/** One first visit of `route`: its text, working and sent figures. */
export async function visit(server, route) {
  return fresh(async (page) => {
    const from = server.sent.length;
    const t0 = Date.now();
    await page.goto(server.url + route, { waitUntil: 'commit' });
    const working = await until(page, () => window.__working);
    const text = await page.evaluate(() => window.__text).catch(() => NaN);
    const sent = server.sent.slice(from).filter((r) => r.at <= working)
      .reduce((sum, r) => sum + r.bytes, 0);
    return { text: text - t0, working: working - t0, sent };
  });
}

/** A course page of another origin with three lessons, until each of them works. */
async function coursePage(server, lessons) {
  const frames = lessons.map((id, i) => `<h2>Part ${i + 1}</h2>
    <iframe id="w${i}" title="${id}" src="${server.url}#/embed/${id}" style="width:100%;height:700px;border:0"></iframe>`);
  const host = await serve({
    host: 'localhost',
    pages: { '/course.html': `<!doctype html><html lang="en"><title>A course</title><link rel="icon" href="data:,"><h1>A course</h1>${frames.join('')}</html>` },
  });
  try {
    return await fresh(async (page) => {
      const from = server.sent.length;
      const t0 = Date.now();
      await page.goto(host.url + 'course.html', { waitUntil: 'commit' });
      let ready = 0;
      for (let i = 0; i < lessons.length; i++) {
        const frame = await (await page.waitForSelector(`#w${i}`)).contentFrame();
        ready = Math.max(ready, await until(frame, () => window.__working));
      }
      const sent = server.sent.slice(from).filter((r) => r.at <= ready).reduce((s, r) => s + r.bytes, 0);
      return { working: ready - t0, sent };
    });
  } finally {
    await host.close();
  }
}

/** A warm move: `from` visited until the service worker has the site, then a link to `to`. */
async function warmMove(server, from, to) {
  return fresh(async (page) => {
    await page.goto(server.url + from);
    await until(page, () => (navigator.serviceWorker.controller && window.__working ? 1 : undefined));
    // The page may have reloaded itself to be isolated: wait for its app again.
    await until(page, () => window.__working);
    await page.waitForTimeout(500);
    // A page that reloads itself on the way (to be isolated, as older builds did) is
    // not a move within the page: it has no figure (never).
    return page.evaluate((to) => new Promise((resolve) => {
      setTimeout(() => resolve(NaN), 20_000);
      const start = performance.now();
      const id = to.split('/').pop();
      const frame = () => {
        const h1 = document.querySelector('#app h1');
        const app = document.querySelector('#app:not([data-prerendered])');
        if (app && h1 && location.hash === to && document.title.includes(h1.textContent.trim())
          && document.querySelector(`[data-lesson="${id}"], .lesson, .embed`)) {
          resolve(performance.now() - start);
        } else {
          requestAnimationFrame(frame);
        }
      };
      location.hash = to;
      requestAnimationFrame(frame);
    }), to).catch(() => NaN);
  });
}

const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
const s = (ms) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : 'never');
const range = (values, show) => {
  if (values.some((v) => !Number.isFinite(v))) return 'never';
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return lo === hi ? show(lo) : `${show(lo)}-${show(hi)}`;
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const isolated = Boolean(process.env.ISOLATED);
  const runs = Number(process.env.RUNS ?? 1);
  const asked = process.argv.slice(2);
  // `course`: only the course page and the warm moves.
  const routes = asked.includes('course') ? [] : asked.length ? asked : ROUTES;
  const server = await serve({ isolated, ...(process.env.SITE ? { root: process.env.SITE } : {}) });
  console.log(`first visits on a throttled phone: ${NETWORK.latency} ms round trip, ` +
    `${(NETWORK.downloadThroughput * 8 / 1024 / 1024).toFixed(1)} Mbit/s, CPU x${CPU_SLOWDOWN}, ` +
    `gzip, ${isolated ? 'isolation headers' : 'no isolation headers'}, fresh profile each, ${runs} run(s)`);
  console.log(`${'route'.padEnd(28)} ${'text'.padStart(13)} ${'working'.padStart(13)} ${'sent'.padStart(17)}`);
  try {
    for (const route of routes) {
      const seen = [];
      for (let i = 0; i < runs; i++) seen.push(await visit(server, route));
      console.log(`${route.padEnd(28)} ${range(seen.map((r) => r.text), s).padStart(13)} ` +
        `${range(seen.map((r) => r.working), s).padStart(13)} ${range(seen.map((r) => r.sent), kib).padStart(17)}`);
    }
    if (!asked.length || asked.includes('course')) {
      const three = ['scheduler', 'interleavings', 'event-loop'];
      for (let i = 0; i < runs; i++) {
        const course = await coursePage(server, three);
        console.log(`a course page (another origin) embedding ${three.join(', ')}: all three working ${s(course.working)}, ${kib(course.sent)} sent`);
      }
      for (const [a, b] of [['#/lesson/scheduler', '#/lesson/queue'], ['#/lesson/queue', '#/lesson/deadlock']]) {
        const ms = await warmMove(server, a, b);
        console.log(`warm move ${a} -> ${b}: ${Number.isFinite(ms) ? `${ms.toFixed(0)} ms` : 'never'}`);
      }
    }
  } finally {
    await server.close();
  }
}
