// End-to-end tests of "How far does it scale?" in headless Chromium: the core probe,
// a sweep in both modes with measured points on every chart, cancelling a sweep, the
// exports, and the embedded (not isolated) widget, which sweeps by message passing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fitFromTimes, inCoursePage, launch, onSite, SHOTS } from './browser.mjs';

// Small sizes: the tests check behaviour, `cargo xtask bench` measures.
const LESSON = 'scaling?kernel=mandelbrot&size=600&reps=1&upto=3';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Waits for the sweep to end; returns its state ("done", "cancelled", "failed"). */
async function sweepEnd(frame, timeout = 120_000) {
  const status = frame.locator('#sweep-status[data-state="done"], #sweep-status[data-state="cancelled"], #sweep-status[data-state="failed"]');
  await status.waitFor({ timeout });
  return { state: await status.getAttribute('data-state'), text: await status.innerText() };
}

/** The measured points of one series on a chart (circles of the series' group). */
const points = (frame, chart, mode) => frame.locator(`#${chart} .s-${mode} circle`).count();

test('isolated: the probe measures the cores, the sweep runs in both modes and charts them', () => onSite(browser, { isolated: true, viewport: { width: 1280, height: 900 }, acceptDownloads: true }, async (page, server) => {
  await page.goto(`${server.url}#/lesson/${LESSON}`);
  const cores = page.locator('#measured-cores');
  await cores.waitFor({ timeout: 60_000 });
  const measured = Number(await cores.getAttribute('data-cores'));
  const hint = await page.evaluate(() => navigator.hardwareConcurrency);
  assert.ok(measured >= 1 && measured <= hint + 2, `measured ${measured} cores, hint ${hint}`);

  await page.locator('#run').click();
  // While it runs: a progress bar, a Cancel button, and pieces coloured as they arrive.
  await page.locator('#sweep-status[data-state="running"] progress').waitFor();
  await page.locator('#cancel').waitFor();
  const end = await sweepEnd(page);
  assert.equal(end.state, 'done', end.text);
  for (const chart of ['chart-time', 'chart-speedup', 'chart-efficiency']) {
    assert.equal(await points(page, chart, 'shared'), 3, `${chart}: shared memory at 1, 2, 3 workers`);
    assert.equal(await points(page, chart, 'message'), 3, `${chart}: message passing at 1, 2, 3 workers`);
  }
  // The laws are drawn, and the fit is a fraction.
  assert.equal(await page.locator('#chart-speedup .law-amdahl polyline').count(), 1);
  assert.equal(await page.locator('#chart-speedup .law-gustafson polyline').count(), 1);
  for (const mode of ['shared', 'message']) {
    // The fraction shown is the one the times shown give, fitted again here.
    const fits = page.locator(`#fits [data-mode="${mode}"]`);
    const [shown, times] = [await fits.getAttribute('data-fit'), await fits.getAttribute('data-times')];
    // None where no point of two or more workers is within the cores measured (a probe
    // on a loaded machine may measure one); then the page says why, and none is made here.
    const made = fitFromTimes(times);
    if (made === null) {
      assert.equal(shown, '', `${mode}: no fraction from ${times}`);
      assert.match(await fits.innerText(), /needs a point with two or more workers/);
    } else {
      assert.ok(Math.abs(Number(shown) - made) < 1e-4, `${mode}: fitted ${shown}, from ${times}`);
    }
  }
  // Moving the law's slider redraws its curve and keeps the measurements.
  const before = await page.locator('#chart-speedup .law-amdahl polyline').getAttribute('points');
  await page.locator('#law').fill('30');
  await page.waitForFunction(() => location.hash.includes('f=30'));
  assert.notEqual(await page.locator('#chart-speedup .law-amdahl polyline').getAttribute('points'), before);
  assert.equal(await points(page, 'chart-speedup', 'shared'), 3);
  // Every row has the simulator's time beside the measured one. On one worker the
  // replay is made of that very run, so it gives its time back (ticks of 10 us round
  // each piece); past one, the error and its cause are shown for the cores measured.
  const rows = page.locator('.sweep-runs tbody tr');
  assert.equal(await rows.count(), 6);
  for (const row of await rows.all()) {
    const [workers, predicted, measured] = ['workers', 'predicted-ms', 'measured-ms'].map(async (n) => Number(await row.getAttribute(`data-${n}`)));
    assert.ok(await predicted > 0, `row ${await workers}`);
    if (await workers === 1) assert.ok(Math.abs(await predicted - await measured) < 1, `1 worker: simulated ${await predicted}, measured ${await measured}`);
  }
  for (const mode of ['shared', 'message']) {
    const replay = page.locator(`#replay-${mode}`);
    assert.equal(Number(await replay.getAttribute('data-workers')), Math.min(measured, 3));
    assert.ok(['cores', 'pieces', 'around'].includes(await replay.getAttribute('data-cause')));
    assert.match(await replay.locator('.open-replay').getAttribute('href'), /^#\/lesson\/scheduler\?s=1/);
  }
  await page.screenshot({ path: join(SHOTS, 'scaling.png'), fullPage: true });

  // Exports: one CSV line per timed run (2 modes x 3 counts x 1 run), and the JSON.
  const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('#export-csv').click()]);
  const lines = (await readFile(await csv.path(), 'utf8')).trim().split('\n');
  assert.match(lines[0], /^mode,workers,run,ms,/);
  assert.equal(lines.length, 1 + 6);
  const [json] = await Promise.all([page.waitForEvent('download'), page.locator('#export-json').click()]);
  const data = JSON.parse(await readFile(await json.path(), 'utf8'));
  assert.equal(data.runs.length, 6);
  assert.equal(data.settings.kernel, 'mandelbrot');
  assert.equal(data.probe.cores, measured);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(SHOTS, 'scaling-phone.png'), fullPage: true });
}));

test('a sweep can be cancelled; the page stays usable and the next sweep runs', () => onSite(browser, { isolated: true }, async (page, server) => {
  // The largest size and five runs each: long enough to cancel in the middle.
  await page.goto(`${server.url}#/lesson/scaling?kernel=mandelbrot&size=2400&reps=5&upto=3`);
  await page.locator('#measured-cores').waitFor({ timeout: 60_000 });
  await page.locator('#run').click();
  await page.locator('#sweep-status[data-state="running"]').waitFor();
  await page.waitForTimeout(1500);
  const t0 = Date.now();
  await page.locator('#cancel').click();
  const end = await sweepEnd(page, 10_000);
  assert.equal(end.state, 'cancelled', end.text);
  assert.ok(Date.now() - t0 < 5_000, 'cancelling stops the workers at once');
  assert.match(end.text, /Cancelled; the workers were stopped/);

  await page.goto(`${server.url}#/lesson/${LESSON}&modes=message`);
  await page.locator('#run').click();
  const again = await sweepEnd(page);
  assert.equal(again.state, 'done', again.text);
  assert.equal(await points(page, 'chart-speedup', 'message'), 3);
  assert.equal(await points(page, 'chart-speedup', 'shared'), 0);
}));

test('a sequential pre-pass of half the items moves the fitted serial fraction up', () => onSite(browser, { isolated: true }, async (page, server) => {
  // Monte Carlo points cost the same each, so half the items is half the work: on two
  // workers, Amdahl's law with f = 0.5 gives 1.33x, far from the 2x of f = 0. The
  // largest size, so that runs take about a hundred ms, the median of 3.
  const sweep = async (serial) => {
    await page.goto(`${server.url}#/lesson/scaling?kernel=pi&size=30000000&reps=3&upto=2&modes=message&serial=${serial}`);
    await page.locator('#measured-cores').waitFor({ timeout: 60_000 });
    // The fit covers the worker counts up to the cores the probe measured: a probe that
    // a busy machine held to one core leaves nothing to fit, so it measures again.
    for (let probe = 0; probe < 3; probe++) {
      if (Number(await page.locator('#measured-cores').getAttribute('data-cores')) >= 2) break;
      await page.locator('#measure').click();
      await page.waitForFunction(() => !document.querySelector('#measure')?.disabled, null, { timeout: 60_000 });
    }
    // The same page takes the new link when the router does: Run before that would
    // sweep the old settings.
    await page.waitForFunction((s) => document.querySelector('#serial')?.value === String(s), serial);
    await page.locator('#run').click();
    await page.locator('#sweep-status:not([data-state="done"])').waitFor();
    const end = await sweepEnd(page);
    assert.equal(end.state, 'done', end.text);
    return Number(await page.locator('#fits [data-mode="message"]').getAttribute('data-fit'));
  };
  // A timing, not a count: compared with the same sweep without the pre-pass, and up
  // to three times, so that a moment of a busy machine does not decide it.
  const pairs = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    pairs.push([await sweep(0), await sweep(50)]);
    if (pairs.at(-1)[1] > pairs.at(-1)[0] + 0.15) break;
  }
  console.log(`fitted serial fraction without and with a 50 % pre-pass: ${pairs.map((p) => p.join(' -> ')).join('; ')}`);
  assert.ok(pairs.some(([without, withPrePass]) => withPrePass > without + 0.15), JSON.stringify(pairs));
}));

test('embedded in an ordinary page: sweeps by message passing and says why', async () => {
  const embed = { hash: `#/embed/${LESSON}`, heading: 'Week 4: scaling', height: 1400, viewport: { width: 1000, height: 1000 } };
  await inCoursePage(browser, embed, async (page, frame) => {
    await frame.locator('#measured-cores').waitFor({ timeout: 60_000 });
    assert.match(await frame.locator('#shared-unavailable').innerText(),
      /shared memory needs a cross-origin isolated page.*embedded in another page/);
    assert.equal(await frame.locator('input[name=modes][value=shared]').isDisabled(), true);
    await frame.locator('#run').click();
    const end = await sweepEnd(frame);
    assert.equal(end.state, 'done', end.text);
    assert.equal(await points(frame, 'chart-speedup', 'message'), 3);
    assert.equal(await points(frame, 'chart-speedup', 'shared'), 0);
    await page.screenshot({ path: join(SHOTS, 'scaling-embedded.png'), fullPage: true });
  });
});
