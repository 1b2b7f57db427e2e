// End-to-end tests of the system-design labs in headless Chromium: every lab loads,
// runs both configurations, shows the figures the command line computes natively for
// the same file, draws its histogram, its requests over time and its knob sweep; the
// knob, the model and the text drive the run and live in the link; the widget works
// embedded in a page that is not isolated; axe finds nothing serious.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { withSite } from './site.mjs';
import { inCoursePage, interleaveJson, SHOTS, watchErrors, assertAccessible } from './browser.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const LABS = {
  'event-loop': 6, 'thread-pool': 7, 'connection-pool': 8,
  'load-balancer': 6, 'scatter-gather': 6, 'map-reduce': 9,
};

let browser;
let server;
withSite((b, s) => { browser = b; server = s; });

/** The native figures of a lab's file, from the `interleave` binary the tests built. */
function native(id) {
  const file = join(ROOT, 'crates', 'lessons', 'src', 'systems', `${id.replace('-', '_')}.scn`);
  const l = interleaveJson('run', file, '--json').latency;
  return `${l.p50} ${l.p90} ${l.p99} ${l.max} ${l.requests} ${l.peak_in_system} ${l.peak_memory_kib}`;
}

async function figures(frame) {
  const table = frame.locator('#systems-table');
  await table.waitFor();
  return { a: await table.getAttribute('data-a'), b: await table.getAttribute('data-b') };
}

async function sweepDone(frame, points) {
  await frame.locator(`#systems-sweep[data-done="true"][data-points="${points}"]`).waitFor({ timeout: 30_000 });
}

test('every lab runs, shows the native figures, and draws its charts and sweep', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    for (const [id, points] of Object.entries(LABS)) {
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(`${server.url}#/lesson/${id}`);
      const { a, b } = await figures(page);
      assert.equal(a, native(id), `${id}: the browser's figures are the command line's`);
      assert.match(b, /^\d+ \d+ \d+ \d+ \d+ \d+ \d+$/, `${id}: a second model ran`);
      assert.notEqual(b, a, `${id}: the model compared by default differs from the text`);
      assert.equal(await page.locator('.little.holds').count(), 2, `${id}: Little's law holds for both`);
      // No lab's workload meets a queueing model's assumptions: each says which fails.
      assert.match(await page.locator('#theory[data-applies="false"]').innerText(), /no model applies .* it needs \w/);
      assert.ok(await page.locator('#systems-histogram rect').count() > 3, `${id}: histogram bars`);
      const line = await page.locator('#systems-series .s-a polyline').first().getAttribute('points');
      assert.ok(line.split(' ').length > 20, `${id}: requests over time`);
      await sweepDone(page, points);
      assert.equal(await page.locator('#systems-sweep-table tbody tr').count(), points);
      assert.equal(await page.locator('#systems-sweep-latency .s-a circle').count(), points);
      assert.match(await page.locator('#systems-seed').innerText(), /^Seed \d+/);
      assert.ok(await page.locator('.timeline canvas, canvas').count() >= 2, `${id}: timelines drawn`);
      await page.screenshot({ path: join(SHOTS, `systems-${id}.png`), fullPage: true });
      assert.deepEqual(errors, [], id);
      await page.close();
    }
  } finally {
    await context.close();
  }
});

test('the knob, the model and the text drive the run, and the link keeps them', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  try {
    await page.goto(`${server.url}#/lesson/event-loop`);
    const heavy = await figures(page);
    const p99 = (f) => Number(f.split(' ')[2]);
    // Without the heavy request the event loop's tail shrinks: the lab's claim.
    await page.locator('#systems-knob').selectOption('0');
    await page.waitForFunction(() => location.hash.includes('k=0'));
    await page.waitForFunction((before) => document.querySelector('#systems-table').dataset.a !== before, heavy.a);
    const light = await figures(page);
    assert.ok(p99(heavy.a) > 3 * p99(light.a), `event loop p99 ${p99(light.a)} -> ${p99(heavy.a)}`);

    await page.locator('#systems-model').selectOption('pool');
    await page.waitForFunction(() => location.hash.includes('vs=pool'));
    // The runs come in slices, after the link has changed.
    await page.locator('#systems-table thead').getByText(/a pool of 8 threads/).waitFor();

    // A broken text keeps the last run on screen and says where it is broken.
    const area = page.locator('textarea#scenario');
    const text = await area.inputValue();
    const line = text.split('\n').findIndex((l) => l.includes('count=300')) + 1;
    // The error points at the value after "count=" (columns count from 1).
    const col = text.split('\n')[line - 1].indexOf('count=') + 'count='.length + 1;
    await area.fill(text.replace('count=300', 'count=lots'));
    await page.locator('#scenario-errors').getByText(`line ${line}, col ${col}`).waitFor();
    assert.equal((await figures(page)).a, light.a);
    await area.fill(text.replace('count=300', 'count=100'));
    await page.waitForFunction(() => document.querySelector('#systems-table').dataset.a.split(' ')[4] === '100');
    await page.waitForFunction(() => location.hash.includes('s=1'));

    // The link reproduces text, model and knob.
    const again = await context.newPage();
    await again.goto(page.url());
    assert.deepEqual(await figures(again), await figures(page));
    assert.equal(await again.locator('#systems-knob').inputValue(), '0');
    assert.equal(await again.locator('#systems-model').inputValue(), 'pool');
    await again.close();

    // Back to the lab's workload: one click, and the text is the lab's own again (300
    // requests: the knob at 0 leaves the heavy one out).
    await page.locator('#systems-reset').click();
    await page.waitForFunction(() => document.querySelector('#systems-table').dataset.a.split(' ')[4] === '300');
    assert.equal(await area.inputValue(), text);
    // ... and undone with one more.
    await page.locator('#systems-undo').click();
    await page.waitForFunction(() => document.querySelector('#systems-table').dataset.a.split(' ')[4] === '100');
    assert.match(await area.inputValue(), /count=100/);
    assert.equal(await page.locator('#systems-undo').count(), 0);

    // A workload too large for the lab is refused in words, by its run's bound, at the
    // count that makes it large; the text stays.
    await area.fill(text.replace('count=300', 'count=50000'));
    await page.locator('#scenario-errors').getByText(/col \d+ up to [\d,]+ events .*50,000 requests.*at most 200,000 events are run: lower the count/).waitFor();
    assert.match(await area.inputValue(), /count=50000/);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a workload that meets M/M/4: Erlang C beside the run, as the command line computes it', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  try {
    await page.goto(`${server.url}#/lesson/event-loop`);
    await figures(page);
    // One run: threads taking turns by 2 ticks would make this workload too large.
    await page.locator('#systems-model').selectOption('none');
    const text = readFileSync(join(ROOT, 'crates', 'cli', 'scenarios', 'mm4.scn'), 'utf8');
    await page.locator('textarea#scenario').fill(text);
    const theory = page.locator('#theory[data-applies="true"][data-model="M/M/4"]');
    await theory.waitFor({ timeout: 60_000 });
    const rows = await theory.locator('tr[data-figure]').evaluateAll((trs) => trs.map((tr) => ({
      name: tr.dataset.figure, predicted: Number(tr.dataset.predicted),
      simulated: Number(tr.dataset.simulated), inside: tr.dataset.inside === 'true',
    })));
    const file = join(ROOT, 'crates', 'cli', 'scenarios', 'mm4.scn');
    const cli = interleaveJson('run', file, '--json').theory;
    // The simulated means are the command line's to the last bit; the predictions to
    // 1e-12 (the browser's exp and the native one may round their last bit apart).
    assert.deepEqual(rows.map(({ predicted, ...rest }) => rest), cli.figures.map((f) => ({
      name: f.name, simulated: f.simulated.mean, inside: f.inside,
    })));
    rows.forEach((r, i) => assert.ok(Math.abs(r.predicted / cli.figures[i].predicted - 1) < 1e-12, r.name));
    assert.ok(rows.every((r) => r.inside), 'every prediction inside its interval');
    await page.screenshot({ path: join(SHOTS, 'systems-theory.png'), fullPage: true });

    // A fan-out: the largest of k draws, and the tail at scale, as the command line has them.
    const fanout = join(ROOT, 'crates', 'cli', 'scenarios', 'fanout8.scn');
    await page.locator('textarea#scenario').fill(readFileSync(fanout, 'utf8'));
    const fan = page.locator('#theory[data-applies="true"][data-model="fan-out to 8"]');
    await fan.waitFor({ timeout: 60_000 });
    const fanRows = await fan.locator('tr[data-figure]').evaluateAll((trs) => trs.map((tr) => ({
      name: tr.dataset.figure, simulated: Number(tr.dataset.simulated),
    })));
    const fanCli = interleaveJson('run', fanout, '--json').theory;
    assert.deepEqual(fanRows, fanCli.figures.map((f) => ({ name: f.name, simulated: f.simulated.mean })));
    assert.match(await fan.innerText(), /1 − 0\.99\^k = 7\.7%/);
    await page.screenshot({ path: join(SHOTS, 'systems-theory-fanout.png'), fullPage: true });
    await page.setViewportSize({ width: 375, height: 812 });
    await page.screenshot({ path: join(SHOTS, 'systems-theory-fanout-phone.png'), fullPage: true });
    // On a phone each figure is a card: nothing scrolls sideways, every verdict shows.
    const wrap = await fan.locator('.table-wrap').evaluate((w) => [w.scrollWidth, w.clientWidth]);
    assert.ok(wrap[0] <= wrap[1], `the figures scroll sideways: ${wrap}`);
    for (const verdict of await fan.locator('tr[data-figure] > :last-child').all()) {
      const box = await verdict.boundingBox();
      assert.ok(box.x >= 0 && box.x + box.width <= 375, `a verdict out of view: ${JSON.stringify(box)}`);
    }
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a text too long for the page is read in a worker: its run, or its errors located, and the page never blocks', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = watchErrors(page);
  try {
    await page.goto(server.url + '#/lesson/thread-pool');
    const own = await figures(page);
    const text = await page.inputValue('#scenario');
    // The lab's workload and 2 MB of comments after it; then the same with an error on
    // its last line. Made into files in the page before anything is watched.
    const long = text + '# a long comment line, repeated to make the text long\n'.repeat(40_000);
    const broken = long + 'requests late count=lots every=1: cpu 1\n';
    await page.evaluate(([long, broken]) => {
      window.files = [new File([long], 'long.scn'), new File([broken], 'broken.scn')];
      window.longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.longTasks.push(Math.round(e.duration));
      }).observe({ type: 'longtask' });
      // What the progress line said, whenever it showed.
      window.progress = [];
      new MutationObserver(() => {
        const line = document.querySelector('.run-progress');
        if (line) window.progress.push(line.textContent);
      }).observe(document.body, { childList: true, subtree: true });
    }, [long, broken]);
    const open = (i) => page.evaluate((i) => {
      const input = document.querySelector('#scenario-file');
      const files = new DataTransfer();
      files.items.add(window.files[i]);
      input.files = files.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    }, i);
    await open(0);
    await page.waitForFunction(() => window.progress.length > 0 && !document.querySelector('.run-progress'), null, { timeout: 30_000 });
    assert.match((await page.evaluate(() => window.progress))[0], /Reading the text \(2\.\d MB\) in a worker/);
    await page.waitForFunction((a) => document.querySelector('#systems-table')?.dataset.a === a, own.a);
    assert.deepEqual(await figures(page), own, 'the same run as the lab\'s own text');
    // The error on the last line comes back with its line and column; the text is kept.
    await open(1);
    await page.locator('.diagnostic').waitFor({ timeout: 30_000 });
    const lines = broken.split('\n').length - 1;
    assert.match(await page.locator('.diagnostic').first().innerText(), new RegExp(`^line ${lines}, col 21 expected a number`));
    assert.ok(await page.locator('#scenario-whole').isVisible(), 'shown in part, whole on demand');
    await page.waitForTimeout(300);
    const slow = await page.evaluate(() => window.longTasks);
    console.log(`main-thread tasks over 50 ms: ${slow.join(', ') || 'none'}`);
    assert.ok(slow.every((ms) => ms <= 100), `main-thread tasks over 100 ms: ${slow}`);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('embedded in a course page that is not isolated, a lab runs', async () => {
  const embed = { hash: '#/embed/load-balancer?vs=least', heading: 'Week 5: load balancing', height: 900, viewport: { width: 900, height: 1000 } };
  await inCoursePage(browser, embed, async (page, frame) => {
    assert.equal(await page.evaluate(() => window.crossOriginIsolated), false);
    const { a, b } = await figures(frame);
    const p99 = (f) => Number(f.split(' ')[2]);
    assert.ok(p99(b) * 2 < p99(a), `least connections halves round robin's p99 (${p99(b)} vs ${p99(a)})`);
    await sweepDone(frame, LABS['load-balancer']);
    await page.screenshot({ path: join(SHOTS, 'systems-embedded.png'), fullPage: true });
  });
});

test('accessibility (axe-core): the labs have no serious or critical violations', async () => {
  const hashes = ['#/lesson/scatter-gather', '#/embed/thread-pool'];
  await assertAccessible(browser, hashes.map((h) => server.url + h), figures);
});
