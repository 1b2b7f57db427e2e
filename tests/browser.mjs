// Debian's Chromium driven by playwright-core; never a downloaded browser.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const SHOTS = resolve(import.meta.dirname, '..', 'target', 'e2e');
mkdirSync(SHOTS, { recursive: true });

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

/** Waits until the page (which may reload itself on the way) is cross-origin isolated. */
export async function untilIsolated(page, timeout = 30_000) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    try {
      if (await page.evaluate(() => window.crossOriginIsolated)) return;
    } catch { /* the page is reloading */ }
    await page.waitForTimeout(200);
  }
  throw new Error('the page never became cross-origin isolated');
}

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
