// Debian's Chromium driven by playwright-core; never a downloaded browser.
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serve } from './server.mjs';

const ROOT = resolve(import.meta.dirname, '..');
export const SHOTS = join(ROOT, 'target', 'e2e');
mkdirSync(SHOTS, { recursive: true });

/** What the `interleave` command (built by `cargo test` before the e2e tests) prints
 * as JSON for `args`. */
export function interleaveJson(...args) {
  const bin = ['debug', 'release'].map((p) => join(ROOT, 'target', p, 'interleave')).find(existsSync);
  assert.ok(bin, 'the interleave binary is built (cargo test builds it before the e2e tests)');
  return JSON.parse(execFileSync(bin, args, { maxBuffer: 1 << 28 }));
}

/** The serial fraction that best explains `times` ("workers:ms,..." as a page writes
 * them): each worker count's speedup over one worker, fitted to Amdahl's law by least
 * squares (1/s - 1/p = f (1 - 1/p)), over the counts of two or more, clamped to [0, 1];
 * null without such a count. Made here from the page's own times, apart from the
 * app's code, to check the figure the page shows. */
export function fitFromTimes(text) {
  const times = text.split(',').filter(Boolean).map((pair) => pair.split(':').map(Number));
  const one = times.find(([p]) => p === 1)?.[1];
  let xy = 0;
  let xx = 0;
  for (const [p, ms] of times) {
    const s = one / ms;
    if (p < 2 || !(s > 0) || !Number.isFinite(s)) continue;
    const x = 1 - 1 / p;
    xy += x * (1 / s - 1 / p);
    xx += x * x;
  }
  return xx > 0 ? Math.min(1, Math.max(0, xy / xx)) : null;
}

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/** Collects console errors and uncaught exceptions of a page and of its workers. */
export function watchErrors(page) {
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  page.on('worker', (w) => w.on('console', (m) => {
    if (m.type() === 'error') errors.push(`worker console: ${m.text()}`);
  }));
  return errors;
}

/**
 * Runs the "One core or two?" lesson in `frame` (a page or an iframe) with the current
 * settings; returns what the results say.
 */
export async function runCoresLesson(frame, { timeout = 120_000 } = {}) {
  const before = Number(await frame.locator('.lab').getAttribute('data-runs'));
  await frame.locator('#run').click();
  const results = frame.locator(`#results[data-run="${before + 1}"]`);
  await results.waitFor({ timeout });
  // The run button is enabled again when both runs are done.
  await frame.locator('#run:not([disabled])').waitFor({ timeout });
  return {
    count: Number(await results.getAttribute('data-count')),
    aloneCount: Number(await results.getAttribute('data-alone-count')),
    speedup: Number(await results.getAttribute('data-speedup')),
    mode: await results.getAttribute('data-mode'),
    threads: Number(await results.getAttribute('data-threads')),
    aloneMs: Number(await results.getAttribute('data-alone-ms')),
    parallelMs: Number(await results.getAttribute('data-parallel-ms')),
    startMs: Number(await results.getAttribute('data-start-ms')),
  };
}

/** Waits until `test()` holds in the page, which may reload itself on the way. */
async function until(page, test, what, timeout) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    try {
      if (await page.evaluate(test)) return;
    } catch { /* the page is reloading */ }
    await page.waitForTimeout(200);
  }
  throw new Error(`the page never became ${what}`);
}

/** Waits until the page (which may reload itself on the way) is cross-origin isolated. */
export const untilIsolated = (page, timeout = 30_000) =>
  until(page, () => window.crossOriginIsolated, 'cross-origin isolated', timeout);

/** Waits until the service worker controls the page (and so has cached the site). */
export const untilControlled = (page, timeout = 30_000) =>
  until(page, () => navigator.serviceWorker.controller !== null, 'controlled by the service worker', timeout);

/**
 * Runs axe-core on `page` (whose context must bypass the Content-Security-Policy: axe
 * is injected as a script) and returns its serious and critical violations, one line
 * each.
 */
export async function seriousViolations(page) {
  await page.addScriptTag({ path: join(import.meta.dirname, 'node_modules', 'axe-core', 'axe.min.js') });
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  });
}

/**
 * Opens each of `urls` in the light and the dark scheme, waits for `ready(page)`, and
 * asserts that axe-core finds no serious or critical violation there. (The contexts
 * bypass the page's CSP: axe-core is injected as an inline script.)
 */
export async function assertAccessible(browser, urls, ready) {
  for (const scheme of ['light', 'dark']) {
    const context = await browser.newContext({ colorScheme: scheme, bypassCSP: true });
    try {
      for (const url of urls) {
        const page = await context.newPage();
        await page.goto(url);
        await ready(page);
        assert.deepEqual(await seriousViolations(page), [], `${scheme} ${url}`);
        await page.close();
      }
    } finally {
      await context.close();
    }
  }
}

/**
 * Embeds `hash` of the site, served without isolation headers, in an iframe (`#widget`)
 * of an ordinary course page on another origin, as a course author does. Calls
 * `check(page, frame)`, asserts that nothing logged an error, and closes it all after,
 * whatever happens.
 */
export async function inCoursePage(browser, { hash, heading, height = 1000, viewport }, check) {
  const widget = await serve({ isolated: false });
  const course = `<!doctype html><html lang="en"><title>A course</title><link rel="icon" href="data:,">
    <h1>${heading}</h1>
    <iframe id="widget" title="Interleave lesson" src="${widget.url}${hash}"
      style="width:100%;height:${height}px;border:0"></iframe></html>`;
  const host = await serve({ host: 'localhost', pages: { '/course.html': course } });
  const context = await browser.newContext(viewport ? { viewport } : {});
  const page = await context.newPage();
  const errors = watchErrors(page);
  try {
    await page.goto(host.url + 'course.html');
    await check(page, page.frameLocator('#widget'));
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    await host.close();
    await widget.close();
  }
}

/** Puts `value` in the text area `selector` of `frame` at once, as a paste does: one input event. */
export async function setText(frame, selector, value) {
  // Into the app's own text area, not the page the build rendered before it.
  await frame.locator(`#app[data-live] ${selector}`).waitFor({ state: 'attached' });
  return frame.evaluate(({ selector, value }) => {
    const area = document.querySelector(selector);
    area.value = value;
    area.dispatchEvent(new Event('input', { bubbles: true }));
  }, { selector, value });
}

/**
 * Serves the site (`isolated`: with COOP/COEP headers), opens a page in a fresh
 * context, calls `check(page, server, errors)`, asserts that nothing logged an error,
 * and closes it all after, whatever happens.
 */
export async function onSite(browser, { isolated = true, viewport } = {}, check) {
  const server = await serve({ isolated });
  const context = await browser.newContext(viewport ? { viewport } : {});
  const page = await context.newPage();
  const errors = watchErrors(page);
  try {
    await check(page, server, errors);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    await server.close();
  }
}

/** A desktop-sized page of the scheduler lab, its first run on screen. */
export async function schedulerLab(browser, server) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(server.url + '#/lesson/scheduler');
  await page.locator('#makespan').waitFor();
  return page;
}

/**
 * Opens `url` in a page of a fresh context (`options` are the context's), waits for the
 * `ready` selector when given, calls `check(page, errors)`, asserts that nothing logged
 * an error, and closes the context after, whatever happens.
 */
export async function withPage(browser, url, { ready, ...options } = {}, check) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const errors = watchErrors(page);
  try {
    await page.goto(url);
    if (ready) {
      await page.locator(ready).first().waitFor();
      // The page the build rendered may hold `ready` already: on any page but the
      // front door, wait for the app that makes it work.
      await page.waitForFunction(() => ['', '#', '#/'].includes(location.hash)
        || document.getElementById('app')?.hasAttribute('data-live'));
    }
    await check(page, errors);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
}

/**
 * Visits `hash` of the site served without isolation headers until the service worker
 * controls the page (and so has cached the site), calls `online(page, url)`,
 * takes the server and the network away, and calls `offline(page, url)`. Asserts that
 * nothing but the lost network logged an error.
 */
export async function thenOffline(browser, hash, online, offline) {
  const site = await serve({ isolated: false });
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchErrors(page);
  try {
    await page.goto(site.url + hash);
    await untilControlled(page);
    await online(page, site.url);
    await site.close();
    await context.setOffline(true);
    await offline(page, site.url);
    assert.deepEqual(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED/.test(e)), []);
  } finally {
    await context.close();
    // Closed already unless `online` failed; an open server would keep the test
    // process from ever ending.
    await site.close();
  }
}
