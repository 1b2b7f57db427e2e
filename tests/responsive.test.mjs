// End-to-end tests of the lesson "Keep the page responsive" in headless Chromium: the
// four ways run on the real main thread (in one go it holds the frames, in slices and
// in workers it does not), with a key typed during the frozen way; every snippet of the
// event loop logs in the model's order when run for real; predict, reveal and step;
// the settings and the snippet in the link; embedded in a course page that is not
// isolated; a phone, and axe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { withSite } from './site.mjs';
import { assertAccessible, inCoursePage, SHOTS, withPage } from './browser.mjs';

const LESSON = '#/lesson/responsive';

let browser;
let server;
withSite((b, s) => { browser = b; server = s; });

/** Each way's row: its figures as the page shows them. */
function ways(frame) {
  return frame.locator('.way-result').evaluateAll((rows) => Object.fromEntries(rows.map((r) => [r.dataset.way, {
    longest: Number(r.dataset.longestFrameMs),
    total: Number(r.dataset.totalMs),
    delay: Number(r.dataset.timerDelayMs),
    late: Number(r.dataset.lateFrames),
    longTasks: Number(r.dataset.longTasks),
    value: r.dataset.value,
  }])));
}

/** Waits until the lab has started `runs` runs and is idle again, with `count` ways shown. */
async function settled(frame, runs, count) {
  await frame.locator(`.responsive-lab[data-runs="${runs}"][data-busy="false"]`).waitFor({ timeout: 120_000 });
  await frame.locator('.way-result').nth(count - 1).waitFor();
}

test('four ways: in one go the page freezes; in slices and in workers it keeps its frames', () =>
  withPage(browser, server.url + `${LESSON}?workers=2&scale=0`, { viewport: { width: 1280, height: 900 }, ready: '#run-all' }, async (page) => {
    await page.locator('#run-all').click();
    await settled(page, 1, 4);
    const w = await ways(page);
    console.log(`responsive, 2 workers, small: ${Object.entries(w).map(([k, v]) => `${k} total ${v.total} ms, longest frame gap ${v.longest} ms, late ${v.late}, long tasks ${v.longTasks}, timer delay ${v.delay} ms`).join('; ')}`);
    assert.deepEqual(Object.keys(w), ['main', 'sliced', 'worker', 'workers']);
    // The same image every way.
    assert.equal(new Set(Object.values(w).map((v) => v.value)).size, 1);
    // In one go, no frame while the job ran: the longest gap spans it, and the browser
    // saw a long task; a probe due meanwhile waited most of it.
    assert.ok(w.main.longest >= 0.9 * w.main.total, JSON.stringify(w.main));
    assert.ok(w.main.longTasks >= 1 && w.main.late >= 1, JSON.stringify(w.main));
    assert.ok(w.main.delay >= 0.5 * w.main.total, JSON.stringify(w.main));
    // In slices and in workers, frames go on: each longest gap is a fraction of the
    // frozen one (by a wide margin, for a busy machine).
    for (const way of ['sliced', 'worker', 'workers']) {
      assert.ok(w[way].longest < w.main.longest / 3, `${way}: ${JSON.stringify(w[way])} against ${w.main.longest}`);
    }
    // The frozen way's one gap is a mark; the others are lines.
    await page.locator('#frame-gaps g[data-way="main"] circle').waitFor();
    await page.locator('#frame-gaps g[data-way="sliced"] polyline').waitFor();
    await page.screenshot({ path: join(SHOTS, 'responsive-desk.png'), fullPage: true });
  }));

test('every snippet logs in the model s order when run for real; predict, reveal, step', () =>
  withPage(browser, server.url + LESSON, { ready: '#snippet' }, async (page) => {
    const ids = await page.locator('#snippet option').evaluateAll((options) => options.map((o) => o.value));
    assert.ok(ids.length >= 4, ids.join());
    for (const id of ids) {
      await page.selectOption('#snippet', id);
      await page.locator('#run-real').click();
      const real = page.locator(`#real-order[data-snippet="${id}"]`);
      await real.waitFor();
      assert.equal(await real.getAttribute('data-matches'), 'true', `${id}: ${await real.textContent()}`);
      // The source shown is the function that ran.
      assert.match(await page.locator('.snippet-source').textContent(), /log\(/);
    }
    // Predict the first snippet's order, reveal, step to the end.
    await page.selectOption('#snippet', 'timeout-then');
    for (const label of ['A', 'D', 'C', 'B']) await page.locator(`.label[data-label="${label}"]`).click();
    assert.equal(await page.locator('#prediction strong').textContent(), 'A D C B');
    await page.locator('#reveal').click();
    assert.match(await page.locator('#answer').textContent(), /A D C B — as you said/);
    while (await page.locator('#step-next').isEnabled()) await page.locator('#step-next').click();
    assert.equal(await page.locator('.console li').allTextContents().then((l) => l.join(' ')), 'A D C B');
    // The snippet is in the link.
    await page.waitForFunction(() => new URLSearchParams(location.hash.split('?')[1]).get('snippet') === 'timeout-then');
  }));

test('embedded in a course page that is not isolated, the ways run by message passing', () =>
  inCoursePage(browser, { hash: '#/embed/responsive?workers=2&scale=0', heading: 'Week 2: the event loop', height: 1600 }, async (page, frame) => {
    await frame.locator('#run-workers').click();
    await settled(frame, 1, 1);
    const w = await ways(frame);
    assert.ok(w.workers.total > 0, JSON.stringify(w));
    await frame.locator('#run-real').click();
    assert.equal(await frame.locator('#real-order').getAttribute('data-matches'), 'true');
    await page.screenshot({ path: join(SHOTS, 'responsive-embedded.png'), fullPage: true });
  }));

test('a 375 px phone: no sideways scroll; axe finds nothing serious in either scheme', async () => {
  await withPage(browser, server.url + `${LESSON}?workers=2&scale=0`, { ready: '#run-all', viewport: { width: 375, height: 800 } }, async (page) => {
    await page.locator('#run-sliced').click();
    await settled(page, 1, 1);
    await page.locator('#reveal').click();
    const sideways = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(sideways <= 0, `${sideways} px sideways`);
    await page.screenshot({ path: join(SHOTS, 'responsive-phone.png'), fullPage: true });
  });
  await assertAccessible(browser, [server.url + LESSON], (page) => page.locator('#run-all').waitFor());
});
