// Lighthouse (version 11, the last with the PWA category) against the built site in
// headless Chromium, on its default throttled phone: the home page must score 0.95 in
// performance, paint its largest text within 2.5 s and block the page for 200 ms at
// most; the best-practices and PWA categories must pass; the scores of every category
// are printed for the record. The tour's first step must paint within 2.5 s too, on a
// host with the isolation headers and on one without. Every lesson page and every embed
// must score 0.9 or more in performance, the best of three audits (Lighthouse's score
// moves from run to run on a busy machine: an audit that reaches it ends the route's),
// but for the parts not yet held to it (lighthouse-pending.json), which are printed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { readFileSync } from 'node:fs';
import { serve } from './server.mjs';
import { LESSONS } from './bench-pages.mjs';

test('Lighthouse: the home page is fast on a phone; best practices and PWA pass', async () => {
  // Served without the isolation headers, as most static hosts do: the service worker
  // provides isolation and offline use.
  const server = await serve({ isolated: false });
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const result = await audit(server.url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices', 'pwa'],
    });
    const { categories, audits } = result.lhr;
    const scores = Object.fromEntries(Object.entries(categories).map(([k, c]) => [k, c.score]));
    console.log(`lighthouse ${result.lhr.lighthouseVersion}: ${JSON.stringify(scores)}`);
    const failing = (category) => categories[category].auditRefs
      .map((ref) => audits[ref.id])
      .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'manual')
      .map((a) => `${a.id}: ${a.title}`);
    // The front door, on Lighthouse's throttled phone: it paints at once and blocks
    // nothing (the home page is in the page itself; the app loads when it is left).
    const lcp = audits['largest-contentful-paint'].numericValue;
    const tbt = audits['total-blocking-time'].numericValue;
    console.log(`home, mobile: performance ${scores.performance}, ${figures(audits)}`);
    const { runtimeError } = result.lhr;
    assert.equal(runtimeError, undefined, `${runtimeError?.code}: ${runtimeError?.message}`);
    assert.ok(scores.performance >= 0.95, `performance ${scores.performance}: ${failing('performance').join('; ')}`);
    assert.ok(lcp <= 2500, `largest contentful paint ${lcp} ms`);
    assert.ok(tbt <= 200, `total blocking time ${tbt} ms`);
    assert.equal(scores['best-practices'], 1, failing('best-practices').join('\n'));
    assert.equal(scores.pwa, 1, failing('pwa').join('\n'));
    assert.ok(scores.accessibility >= 0.95, failing('accessibility').join('\n'));
  } finally {
    await chrome.kill();
    await server.close();
  }
});

test('Lighthouse: the tour s first step paints its text before the app, with or without the isolation headers', async () => {
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    // Without the headers, the service worker takes over during the first visit; the
    // step is not reloaded for it (leaving the front door is).
    for (const isolated of [true, false]) {
      const server = await serve({ isolated });
      try {
        const result = await audit(`${server.url}#/tour/1`, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] });
        const { audits, runtimeError } = result.lhr;
        const host = isolated ? 'isolation headers' : 'no headers, first visit';
        console.log(`tour step 1, mobile, ${host}: performance ${result.lhr.categories.performance.score}, ${figures(audits)}`);
        assert.equal(runtimeError, undefined, `${host}: ${runtimeError?.code}: ${runtimeError?.message}`);
        const lcp = audits['largest-contentful-paint'].numericValue;
        assert.ok(lcp <= 2500, `${host}: largest contentful paint ${lcp} ms`);
      } finally {
        await server.close();
      }
    }
  } finally {
    await chrome.kill();
  }
});

test('Lighthouse: every lesson page and every embed scores 0.9 or more on a phone, the best of three audits', async () => {
  // The parts not yet held to 0.9 (lighthouse-pending.json: every part still over its
  // budget of code, and any other whose pages do not yet reach it every time) are
  // audited once and printed, held only to a floor that catches a fall. Every part over
  // its budget must be among them.
  const pending = JSON.parse(readFileSync(new URL('./lighthouse-pending.json', import.meta.url), 'utf8'));
  const over = Object.keys(JSON.parse(readFileSync(new URL('../crates/xtask/src/over_budget.json', import.meta.url), 'utf8')));
  assert.deepEqual(over.filter((p) => !pending.parts.includes(p)), [], 'a part over its budget is pending');
  const parts = JSON.parse(readFileSync(new URL('../dist/index.html', import.meta.url), 'utf8')
    .split('const parts = ')[1].split(';\n')[0]);
  const server = await serve({ isolated: false });
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const failing = [];
  try {
    for (const route of LESSONS.flatMap((id) => [`#/lesson/${id}`, `#/embed/${id}`])) {
      const part = parts.lessons[route.split('/').pop()];
      const held = !pending.parts.includes(part);
      const seen = [];
      for (let attempt = 0; attempt < (held ? 3 : 1); attempt++) {
        const result = await audit(`${server.url}${route}`, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] });
        const { audits, runtimeError, categories } = result.lhr;
        assert.equal(runtimeError, undefined, `${route}: ${runtimeError?.code}: ${runtimeError?.message}`);
        seen.push([categories.performance.score, figures(audits)]);
        if (categories.performance.score >= 0.9) break;
      }
      const best = Math.max(...seen.map(([score]) => score));
      const floor = held ? 0.9 : pending.floor;
      console.log(`${route} (${part}${held ? '' : ', pending'}), mobile: performance ${best}, ` +
        `audits: ${seen.map(([score, f]) => `${score} (${f})`).join('; ')}`);
      if (best < floor) failing.push(`${route}: best ${best} of ${seen.length}, under ${floor}`);
    }
  } finally {
    await chrome.kill();
    await server.close();
  }
  assert.deepEqual(failing, [], 'routes under their score');
});

/**
 * Lighthouse's report of a page. A trace that Chrome failed to record (Lighthouse's
 * NO_NAVSTART and its kin, whose message says to run Lighthouse again) is not a figure of
 * the page: the run is repeated, twice at most, and each failed try is printed. Any other
 * runtime error, and a third failed trace, come back for the test to fail on.
 */
async function audit(url, options) {
  const retry = new Set(['NO_NAVSTART', 'NO_TRACING_STARTED', 'NO_RESOURCE_REQUEST', 'NO_DCL']);
  for (let attempt = 1; ; attempt++) {
    const result = await lighthouse(url, options);
    const error = result.lhr.runtimeError;
    if (!error || !retry.has(error.code) || attempt === 3) return result;
    console.log(`Lighthouse could not record the trace of ${url} (${error.code}), try ${attempt} of 3; running it again`);
  }
}

/** The paint figures of a report, each as a number or as why Lighthouse has none. */
function figures(audits) {
  const figure = (id, digits = 0) => {
    const audit = audits[id];
    return typeof audit?.numericValue === 'number'
      ? (digits ? audit.numericValue.toFixed(digits) : `${Math.round(audit.numericValue)} ms`)
      : `none (${audit?.errorMessage ?? 'not measured'})`;
  };
  return `FCP ${figure('first-contentful-paint')}, LCP ${figure('largest-contentful-paint')}, TBT ${figure('total-blocking-time')}, CLS ${figure('cumulative-layout-shift', 3)}`;
}
