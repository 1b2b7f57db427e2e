// End-to-end tests of the guided tour in headless Chromium: walked with the keyboard,
// every prediction answered; each step's run agrees with the `interleave` command on
// the same scenario or program; a lost update played by hand; "Open in the lab"
// carries the run and the schedule; steps embedded in a course page that is not
// isolated; the progress kept through an offline reload; axe finds nothing serious;
// and on a 375 px phone nothing scrolls sideways.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { withSite } from './site.mjs';
import { assertAccessible, fitFromTimes, inCoursePage, interleaveJson, SHOTS, thenOffline, withPage } from './browser.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const STEPS = 12;

let browser;
let server;
withSite((b, s) => { browser = b; server = s; });

/** The scenario a lab link carries: version `1`, then raw deflate in base64url. */
function linkedText(href) {
  const s = new URL(href.replace('#', ''), 'http://x/').searchParams.get('s');
  assert.equal(s[0], '1');
  return inflateRawSync(Buffer.from(s.slice(1), 'base64url')).toString('utf8');
}

const native = interleaveJson;

/** The makespan the native command gives for a scenario text. */
function nativeMakespan(text) {
  const file = join(mkdtempSync(join(tmpdir(), 'tour-')), 'step.scn');
  writeFileSync(file, text);
  return native('run', file, '--json').makespan;
}

/** How the runs of a level's program end, by the native explorer: "count = 1: 18". */
function nativeFinals(level) {
  const file = join(ROOT, 'crates', 'lessons', 'src', 'programs', `${level.replaceAll('-', '_')}.prog`);
  return native('explore', file, '--json').finals.map((f) =>
    `${f.values.map(([name, v]) => `${name} = ${v}`).join(', ') || '\u2014'}: ${f.interleavings}`);
}

/** How the runs end, as the explorer's table on the page shows them. */
async function shownFinals(page) {
  return page.locator('#finals tbody tr').evaluateAll((rows) => rows.map((r) =>
    `${r.querySelector('th').innerText}: ${r.querySelector('.n').innerText.replace(/\D/g, '')}`));
}

/** The chef scenario of step 1 as the command line runs it. */
function nativeMakespanOfStep1() {
  return nativeMakespan(readFileSync(join(ROOT, 'crates', 'lessons', 'src', 'presets', 'chef.scn'), 'utf8'));
}

/** Answers the step on screen with the keyboard: the first option, or a number. */
async function answer(page, number) {
  const input = page.locator('#tour-guess');
  if (await input.count()) {
    await input.focus();
    await page.keyboard.type(String(number));
    await page.keyboard.press('Enter');
  } else {
    await page.locator('input[name="tour-option"]').first().focus();
    await page.keyboard.press('Space');
    await page.locator('#tour-commit').focus();
    await page.keyboard.press('Enter');
  }
  await page.locator('#tour-verdict').waitFor();
}

test('the whole tour walked with the keyboard: every prediction answered, every run as the command line computes it', () =>
  withPage(browser, server.url + '#/tour', { ready: '#tour-step', viewport: { width: 1280, height: 900 } }, async (page) => {
    // No step named: the tour opens at step 1, and the address names it.
    await page.waitForURL(/#\/tour\/1$/);
    for (let n = 1; n <= STEPS; n++) {
      const step = page.locator(`#tour-step[data-step="${n}"]`);
      await step.waitFor();
      if (n === STEPS) {
        // The last step: what was measured on the way, and every prediction beside its answer.
        assert.equal(await page.locator('#tour-predictions tbody tr').count(), STEPS - 1);
        assert.match(await page.locator('#summary-speedup').innerText(), /you measured \d+\.\d\d×/);
        assert.match(await page.locator('#summary-limit').innerText(), /at most \d+\.\d×/);
        assert.match(await page.locator('#summary-lost').innerText(), /yours lost \d+\.\d % of theirs/);
        const download = page.waitForEvent('download');
        await page.locator('#tour-export').click();
        const exported = JSON.parse(await (await (await download).createReadStream()).toArray().then((c) => Buffer.concat(c).toString()));
        assert.equal(exported.predictions.length, STEPS - 1);
        assert.equal(exported.simulated.chef_makespan.one_cook, nativeMakespanOfStep1());
        assert.deepEqual(exported.simulated.lost_update, { interleavings_losing: 18, interleavings: 20 });
        assert.equal(typeof exported.this_machine.share_of_updates_lost_by_real_workers, 'number');
        await page.screenshot({ path: join(SHOTS, `tour-${n}.png`), fullPage: true });
        break;
      }
      await answer(page, 4);
      // Once answered, every way or workload shows.
      const widget = page.locator('#tour-widget');
      assert.notEqual(await widget.getAttribute('data-visible'), '0');
      if (await page.locator('#tour-verdict[data-known="false"]').count()) {
        // Measured on this machine: the verdict waits for the measurement.
        await page.locator('#tour-verdict[data-known="true"]').waitFor({ timeout: 60_000 });
        const measured = page.locator('#tour-measured');
        assert.equal(await measured.getAttribute('data-agree'), 'true');
        if (n === 6) {
          // The speedup shown is the ratio of the two times measured.
          const [alone, parallel] = [await measured.getAttribute('data-alone-ms'), await measured.getAttribute('data-parallel-ms')].map(Number);
          assert.ok(alone > 0 && parallel > 0, `${alone} ms, ${parallel} ms`);
          const speedup = Number(await measured.getAttribute('data-speedup'));
          assert.ok(Math.abs(speedup - alone / parallel) < 1e-3, `${speedup} shown, ${alone / parallel} from the times`);
          assert.ok((await page.locator('#tour-measured rect.piece').count()) > 0);
        } else {
          // The serial part: a point for each worker count the step runs (one per
          // hardware thread, 2 to 16), and the fraction fitted to their times, as
          // made again here from the times the page shows.
          const workers = await page.evaluate(() => Math.min(16, Math.max(2, navigator.hardwareConcurrency)));
          assert.equal(Number(await measured.getAttribute('data-points')), workers);
          const times = await measured.getAttribute('data-times');
          assert.equal(times.split(',').length, workers, times);
          const shown = await measured.getAttribute('data-fit');
          assert.ok(shown !== null && shown !== '', 'a fraction is fitted');
          assert.ok(Math.abs(Number(shown) - fitFromTimes(times)) < 1e-4, `fitted ${shown}, from ${times}`);
          assert.ok((await page.locator('#tour-measured svg polyline').count()) >= 3);
        }
      }
      assert.match(await page.locator('#tour-verdict').innerText(), /answer is|Right/);
      const makespan = await widget.getAttribute('data-makespan');
      if (makespan !== null) {
        const text = linkedText(await page.locator('#tour-open-lab').getAttribute('href'));
        assert.equal(Number(makespan), nativeMakespan(text), `step ${n}`);
      }
      if (await page.locator('#finals').count()) {
        // A program: the explorer's count of each ending, as the command line counts it.
        const level = new URL((await page.locator('#tour-open-lab').getAttribute('href')).replace('#', ''), 'http://x/').searchParams.get('level');
        assert.deepEqual(await shownFinals(page), nativeFinals(level), `step ${n}`);
      }
      if (await page.locator('#race').count()) {
        // This page shares memory: real workers race on one counter and lose updates.
        await page.locator('#race').click();
        await page.locator('#race-results').waitFor({ timeout: 60_000 });
        assert.equal(await page.locator('#race-results tr[data-increment="fetch-add"]').getAttribute('data-lost'), '0');
      }
      if (await page.locator('.tour-latency').count()) {
        // Servers: every design's p99, and the answer is the lowest of the first table.
        const p99 = (await page.locator('#tour-servers-0 tr[data-p99]').evaluateAll((rows) => rows.map((r) => Number(r.dataset.p99))));
        assert.equal(p99.length, 4);
        const lowest = await page.locator('#tour-servers-0 tr.current th').innerText();
        assert.match(await page.locator('#tour-verdict').innerText(), new RegExp(lowest.replace(' ✓', '').replace(/[()]/g, '\\$&')));
        assert.equal(Math.min(...p99), Number(await page.locator('#tour-servers-0 tr.current').getAttribute('data-p99')));
      }
      await page.screenshot({ path: join(SHOTS, `tour-${n}.png`), fullPage: true });
      await page.locator('#tour-title').focus();
      await page.keyboard.press('ArrowRight');
      if (n < STEPS) await page.waitForURL(new RegExp(`#/tour/${n + 1}$`));
    }
    // → on the last step stays; ← goes back, and the answers are kept.
    await page.locator('#tour-title').focus();
    await page.keyboard.press('ArrowRight');
    assert.match(page.url(), new RegExp(`#/tour/${STEPS}$`));
    await page.keyboard.press('ArrowLeft');
    await page.waitForURL(new RegExp(`#/tour/${STEPS - 1}$`));
    assert.equal(await page.locator('.tour-progress li.done').count(), STEPS - 1);
  }));

test('a prediction is committed before the answer shows, and judged', () =>
  withPage(browser, server.url + '#/tour/2', { ready: '#tour-step' }, async (page) => {
    // Before predicting, only the one-cook run shows, and "three cooks" cannot be chosen.
    assert.equal(await page.locator('#tour-widget').getAttribute('data-visible'), '1');
    assert.equal(await page.locator('.way[data-way="1"]').isDisabled(), true);
    await page.locator('#tour-commit').click();
    assert.match(await page.locator('#tour-problem').innerText(), /Type a number/);
    await page.locator('#tour-guess').fill('soon');
    await page.locator('#tour-commit').click();
    assert.match(await page.locator('#tour-problem').innerText(), /not a number/);
    await page.locator('#tour-guess').fill('8');
    await page.locator('#tour-commit').click();
    const verdict = page.locator('#tour-verdict');
    assert.equal(await verdict.getAttribute('data-right'), 'true');
    // The answer is the run's own figure, and both ways compare at a glance.
    const makespans = await page.locator('#tour-figures td[data-figure="makespan"]').allInnerTexts();
    assert.equal(makespans.length, 2);
    assert.match(await verdict.innerText(), new RegExp(`${makespans[1]} ticks`));
  }));

test('"Open in the lab" carries the step\'s run into the scheduler lab', () =>
  withPage(browser, server.url + '#/tour/5', { ready: '#tour-step' }, async (page) => {
    await page.locator('#tour-show').click();
    await page.locator('.way[data-way="0"]').click();
    const makespan = await page.locator('#tour-widget').getAttribute('data-makespan');
    await page.locator('#tour-open-lab').click();
    await page.locator('#makespan').waitFor();
    assert.equal(await page.locator('#makespan').innerText(), makespan);
    assert.match(await page.locator('textarea').first().inputValue(), /^# The tour, step 5: Switching has a cost\n/);
    assert.match(await page.locator('textarea').first().inputValue(), /policy rr quantum=1\n/);
  }));

test('a lost update played by hand, and "Open in the lab" carries the schedule', () =>
  withPage(browser, server.url + '#/tour/8', { ready: '#tour-step' }, async (page) => {
    // A reads, A adds, B reads, A writes, B adds, B writes: one update lost.
    for (const thread of ['A', 'A', 'B', 'A', 'B', 'B']) {
      await page.locator(`.thread[data-thread="${thread}"] button.step`).click();
    }
    await page.locator('#goal.reached').waitFor();
    assert.equal(await page.locator('tr[data-shared="count"] .value').innerText(), '1');
    assert.match(await page.locator('#step-count').innerText(), /step 6 of 6/);
    // Before the answer the explorer's count stays hidden; the board stays as played after it.
    assert.equal(await page.locator('#finals').count(), 0);
    await page.locator('#tour-guess').fill('18');
    await page.locator('#tour-commit').click();
    assert.equal(await page.locator('#tour-verdict').getAttribute('data-right'), 'true');
    assert.deepEqual(await shownFinals(page), nativeFinals('counter'));
    assert.match(await page.locator('#step-count').innerText(), /step 6 of 6/);
    await page.locator('#undo').click();
    await page.locator('#tour-open-lab').click();
    await page.locator('.sync-lab').waitFor();
    assert.match(page.url(), /#\/lesson\/interleavings\?level=counter&s=[^&]+&at=5$/);
    assert.match(await page.locator('#step-count').innerText(), /step 5 of 6/);
    await page.locator('#redo').click();
    await page.locator('#goal.reached').waitFor();
  }));

test('a step that races real workers, embedded in a course page that is not isolated, says why it cannot', () =>
  inCoursePage(browser, { hash: '#/embed/tour/8', heading: 'Week 3: sharing', height: 1600 }, async (page, frame) => {
    await frame.locator('#tour-step[data-step="8"]').waitFor();
    await frame.locator('#tour-show').click();
    assert.deepEqual(await shownFinals(frame), nativeFinals('counter'));
    assert.match(await frame.locator('#race-unavailable').innerText(), /cross-origin isolated.*embedded/s);
    assert.equal(await frame.locator('#race-unavailable a').getAttribute('href'), '#/lesson/race');
    await page.screenshot({ path: join(SHOTS, 'tour-embedded-sharing.png'), fullPage: true });
  }));

test('one step embedded in a course page that is not isolated', () =>
  inCoursePage(browser, { hash: '#/embed/tour/3', heading: 'Week 1: concurrency', height: 1400 }, async (page, frame) => {
    await frame.locator('#tour-step[data-step="3"]').waitFor();
    assert.equal(await frame.locator('.tour-progress').count(), 0);
    await frame.locator('#tour-show').click();
    const places = await frame.locator('#tour-quadrants .chip').evaluateAll((chips) =>
      chips.map((c) => `${c.closest('td').dataset.quadrant}:${c.dataset.way}`));
    assert.deepEqual(places, ['0:0', '1:1', '3:2']);
    assert.equal(await frame.locator('#tour-open-lab').getAttribute('target'), '_blank');
    await page.screenshot({ path: join(SHOTS, 'tour-embedded.png'), fullPage: true });
  }));

test('the step on real cores, embedded in a course page that is not isolated, measures by message passing', () =>
  inCoursePage(browser, { hash: '#/embed/tour/6', heading: 'Week 2: real cores', height: 1400 }, async (page, frame) => {
    await frame.locator('#tour-step[data-step="6"]').waitFor();
    await frame.locator('#tour-guess').fill('1.5');
    await frame.locator('#tour-commit').click();
    const measured = frame.locator('#tour-measured');
    await measured.waitFor({ timeout: 60_000 });
    assert.equal(await measured.getAttribute('data-agree'), 'true');
    const speedup = Number(await measured.getAttribute('data-speedup'));
    // The verdict judges the guess against this very measurement.
    const right = Math.abs(1.5 - speedup) <= 0.2 * speedup;
    assert.equal(await frame.locator('#tour-verdict').getAttribute('data-right'), String(right));
    assert.match(await frame.locator('#tour-open-lab').getAttribute('href'), /^#\/lesson\/cores\?kernel=pi&size=30000000&workers=\d+&mode=message$/);
    await page.screenshot({ path: join(SHOTS, 'tour-embedded-cores.png'), fullPage: true });
  }));

test('offline: a reload keeps the step and the answers', () =>
  thenOffline(browser, '#/tour/1', async (page, url) => {
    await page.locator('#tour-step').waitFor();
    await answer(page, 0);
    await page.goto(url + '#/tour/2');
    await page.locator('#tour-step[data-step="2"]').waitFor();
  }, async (page, url) => {
    await page.goto(url + '#/tour');
    await page.locator('#tour-step[data-step="2"]').waitFor();
    assert.equal(await page.locator('.tour-progress li.done').count(), 1);
    await page.locator('.tour-progress a').first().click();
    await page.locator('#tour-verdict').waitFor();
  }));

test('a 375 px phone: no step scrolls sideways; axe finds nothing serious in either scheme', async () => {
  await withPage(browser, server.url + '#/tour/1', { ready: '#tour-step', viewport: { width: 375, height: 800 } }, async (page) => {
    for (let n = 1; n <= STEPS; n++) {
      await page.goto(server.url + `#/tour/${n}`);
      await page.locator(`#tour-step[data-step="${n}"]`).waitFor();
      if (n < STEPS) {
        await page.locator('#tour-show').click();
        await page.locator('#tour-verdict').waitFor();
      }
      const sideways = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(sideways <= 0, `step ${n} scrolls ${sideways} px sideways`);
      await page.screenshot({ path: join(SHOTS, `tour-${n}-phone.png`), fullPage: true });
    }
  });
  await assertAccessible(browser, Array.from({ length: STEPS }, (_, i) => server.url + `#/tour/${i + 1}`),
    (page) => page.locator('#tour-step').waitFor());
});
