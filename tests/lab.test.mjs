// End-to-end tests of the scheduler lab in headless Chromium: presets, live parsing
// with errors, playback, comparison, links, the embed route, and exports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withSite } from './site.mjs';
import { setText, SHOTS, watchErrors, withPage, assertAccessible } from './browser.mjs';

let browser;
let server;
withSite((b, s) => { browser = b; server = s; });

const LAB = '#/lesson/scheduler';

async function open(context, hash = LAB) {
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(server.url + hash);
  await page.locator('#app[data-live] #makespan').waitFor();
  return { page, errors };
}

const text = (page, selector) => page.locator(selector).innerText();

test('a preset loads, broken text keeps the last good run, fixed text updates it', () => withPage(browser, server.url + LAB, { viewport: { width: 1280, height: 900 }, ready: '#makespan' }, async (page) => {
  assert.equal(await text(page, '#makespan'), '13', 'the chef preset: AABBCCABBCCBA');
  assert.equal(await page.locator('canvas').count(), 2, 'opened with nothing in the URL: 1 core against 4');
  await page.selectOption('#preset', 'convoy');
  await page.waitForFunction(() => document.querySelector('#makespan')?.textContent === '35');
  assert.equal(await text(page, '#avg-waiting'), '23.50', 'FCFS: waits 0, 30, 31, 33');

  const good = await page.inputValue('#scenario');
  await page.fill('#scenario', good.replace('policy fcfs', 'policy fcfz'));
  await page.locator('.diagnostic').waitFor();
  assert.match(await text(page, '.diagnostic'), /^line 3, col 8 unknown policy "fcfz".*did you mean "fcfs"/);
  assert.equal(await page.locator('.error-mark').count(), 1, 'the bad word is underlined');
  assert.equal(await text(page, '#makespan'), '35', 'the last good run stays on screen');
  assert.match(await page.inputValue('#scenario'), /fcfz/, 'the editor keeps the text');

  await page.fill('#scenario', good.replace('policy fcfs', 'policy sjf'));
  await page.waitForFunction(() => document.querySelector('#avg-waiting')?.textContent === '2.25');
  assert.equal(await page.locator('.diagnostic').count(), 0);
}));

test('MLFQ: the chapter presets, each task level drawn, and the boost that ends starvation', () => withPage(browser, server.url + LAB, { viewport: { width: 1280, height: 900 }, ready: '#makespan' }, async (page) => {
  await page.selectOption('#preset', 'mlfq-starvation');
  await page.waitForFunction(() => document.querySelector('#makespan')?.textContent === '218');
  const note = page.locator('.mlfq-levels').first();
  await note.waitFor();
  assert.equal(await note.getAttribute('data-boosts'), '0');
  assert.ok(Number(await note.getAttribute('data-demotions')) >= 2, 'the long job moved down');
  assert.match(await note.innerText(), /thin line in a task's lane is its level.*no boost moved a task/s);
  assert.match(await text(page, '.preset-claim'), /boost=50/);
  const starved = await page.inputValue('#scenario');
  await page.fill('#scenario', starved.replace('policy mlfq quantum=10,10,10 stay', 'policy mlfq quantum=10,10,10 stay boost=50'));
  await page.waitForFunction(() => Number(document.querySelector('.mlfq-levels')?.dataset.boosts) > 0);
  assert.match(await note.innerText(), /boosts? \(dotted\) put every task back at the top/);
  await page.screenshot({ path: join(SHOTS, 'lab-mlfq.png'), fullPage: true });
  await page.setViewportSize({ width: 375, height: 812 });
  await page.screenshot({ path: join(SHOTS, 'lab-mlfq-phone.png'), fullPage: true });
}));

test('step forward and back through the events; the state at the cursor follows', () => withPage(browser, server.url + LAB, { ready: '#makespan' }, async (page) => {
  assert.equal(await text(page, '#cursor-time'), 't = 0');
  await page.click('#step-forward');
  assert.equal(await text(page, '#cursor-time'), 't = 1', 'salad arrives at 1');
  await page.click('#step-forward');
  assert.equal(await text(page, '#cursor-time'), 't = 2');
  assert.match(await text(page, '.cores-now'), /core 0: runs meat/);
  assert.match(await text(page, '.ready-now'), /Ready queue: salad, fries/, 'rule 3: salad arrived before fries expired');
  await page.click('#step-back');
  await page.click('#step-back');
  assert.equal(await text(page, '#cursor-time'), 't = 0');
  assert.match(await text(page, '.cores-now'), /core 0: runs fries/);
  // The keyboard does the same on the focused timeline.
  await page.locator('canvas').first().focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await text(page, '#cursor-time'), 't = 1');
}));

test('compare: one core against four by default, and any pair of configurations', () => withPage(browser, server.url + LAB, { viewport: { width: 1280, height: 900 }, ready: '#makespan' }, async (page) => {
  await page.selectOption('#preset', 'cpu-bound');
  await page.waitForFunction(() => document.querySelector('#makespan')?.textContent === '80');
  await page.selectOption('#compare', '4');
  await page.locator('#compare-speedup').waitFor();
  assert.equal(await page.locator('canvas').count(), 2);
  assert.match(await text(page, '#compare-speedup'),
    /^4 cores, rr:4, switch 0 against 1 core, rr:4, switch 0: the makespan changes 4\.00×\.$/);
  // Any pair: here four cores under FCFS with a switch cost of 2.
  await page.selectOption('#compare-policy', 'fcfs');
  await page.selectOption('#compare-switch', '2');
  await page.waitForFunction(() => /4 cores, fcfs, switch 2/.test(document.querySelector('#compare-speedup')?.textContent));
  await page.selectOption('#compare-policy', '');
  await page.selectOption('#compare-switch', '');
  await page.screenshot({ path: join(SHOTS, 'lab-compare.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(SHOTS, 'lab-phone.png'), fullPage: true });
}));

test('the URL carries the scenario: a shared link and the embed route show the same run', () => withPage(browser, server.url + LAB, { ready: '#makespan' }, async (page) => {
  await page.selectOption('#preset', 'io-bound');
  await page.waitForFunction(() => document.querySelector('#makespan')?.textContent === '27');
  const edited = (await page.inputValue('#scenario')) + '\ntask extra arrive=3: cpu 4\n';
  await page.fill('#scenario', edited);
  await page.waitForFunction(() => document.querySelectorAll('.task-table tbody tr').length === 7);
  const makespan = await text(page, '#makespan');
  await page.click('#step-forward');
  await page.click('#share');
  const link = await page.inputValue('.actions .shown');
  assert.match(link, /#\/lesson\/scheduler\?s=1[A-Za-z0-9_-]+&t=\d+/);

  const again = await page.context().newPage();
  await again.goto(link);
  await again.locator('#app[data-live] #makespan').waitFor();
  assert.equal(await again.inputValue('#scenario'), edited);
  assert.equal(await text(again, '#makespan'), makespan);
  assert.equal(await text(again, '#cursor-time'), await text(page, '#cursor-time'));

  const embed = await page.context().newPage();
  await embed.goto(link.replace('#/lesson/', '#/embed/'));
  await embed.locator('#app[data-live] #makespan').waitFor();
  assert.equal(await embed.inputValue('#scenario'), edited);
  assert.equal(await embed.locator('.site-header').count(), 0, 'no site chrome in an embed');
  await embed.screenshot({ path: join(SHOTS, 'lab-embed.png'), fullPage: true });

  // A damaged link says so and falls back to the default scenario, never a blank page.
  const broken = await page.context().newPage();
  await broken.goto(link.slice(0, link.indexOf('&t=') - 12));
  await broken.locator('.notice').waitFor();
  assert.match(await text(broken, '.notice'), /could not be read/);
  assert.equal(await text(broken, '#makespan'), '13');
}));

test('exports: JSON, Chrome trace events, PNG and SVG files parse', () => withPage(browser, server.url + LAB, { acceptDownloads: true, ready: '#makespan' }, async (page) => {
  const saved = async (button) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
    return readFile(await download.path(), 'utf8');
  };
  const run = JSON.parse(await saved('#export-json'));
  assert.equal(run.makespan, 13);
  assert.equal(run.tasks.length, 3);
  const trace = JSON.parse(await saved('#export-trace'));
  const slices = trace.traceEvents.filter((e) => e.ph === 'X' && e.cat === 'run');
  assert.equal(slices.reduce((sum, e) => sum + e.dur, 0), 13_000, '13 ticks of running (1 tick = 1 ms)');
  assert.ok(trace.traceEvents.some((e) => e.ph === 'M' && e.args.name === 'core 0'));
  const [png] = await Promise.all([page.waitForEvent('download'), page.click('#export-png')]);
  const bytes = await readFile(await png.path());
  assert.deepEqual([...bytes.subarray(1, 4)], [0x50, 0x4e, 0x47], 'a PNG file');
  const svg = await saved('#export-svg');
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^]*<\/svg>$/);
}));

test('predict, then reveal: the answers stay hidden until the learner commits', () => withPage(browser, server.url + LAB, { ready: '#makespan' }, async (page) => {
  await page.check('#predict-mode');
  assert.equal(await page.locator('canvas').count(), 0, 'no timeline while predicting');
  assert.equal(await page.locator('#makespan').count(), 0, 'no figures while predicting');
  await page.fill('#guess', '5');
  await page.click('#reveal');
  await page.locator('#verdict').waitFor();
  assert.match(await text(page, '#verdict'), /You said 5; it is 5\.33 \(\+0\.33\)\. The last task to finish is fries\./);
  assert.equal(await page.locator('canvas').count(), 2, 'the timelines are back (1 core and the default 4)');
}));

test('sweep: CPU-bound work scales with cores, I/O-bound barely', () => withPage(browser, server.url + LAB, { viewport: { width: 1280, height: 900 }, ready: '#makespan' }, async (page) => {
  await page.selectOption('#preset', 'cpu-bound');
  await page.waitForFunction(() => document.querySelector('#makespan')?.textContent === '80');
  await page.locator('.sweep summary').click();
  const rows = page.locator('.sweep-table tbody tr');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 8);
  assert.match(await rows.nth(3).innerText(), /^4\s+20\s+4\.00×\s+100 %$/);
  assert.equal(await page.locator('.sweep-chart').count(), 2);
  await page.locator('.sweep').screenshot({ path: join(SHOTS, 'lab-sweep.png') });
}));

test('accessibility (axe-core): no serious or critical violations on the pages', async () => {
  const hashes = ['#/', LAB, '#/lesson/cores?bound=1000000', '#/embed/scheduler'];
  await assertAccessible(browser, hashes.map((h) => server.url + h), async (page) => {
    await page.locator('main, .embed').first().waitFor();
    await page.waitForTimeout(300);
  });
});

test('a large scenario runs in a worker with progress, can be cancelled, and its errors come back located', async () => {
  const lines = ['cores 4', 'policy rr quantum=3'];
  for (let i = 0; i < 30_000; i++) lines.push(`task t${i} arrive=${i >> 2}: cpu ${1 + (i % 7)}, io ${1 + (i % 5)}, cpu 2`);
  const big = lines.join('\n');
  const setScenario = (page, value) => setText(page, '#scenario', value);
  const context = await browser.newContext();
  const { page, errors } = await open(context);
  try {
    // Cancel the moment the button appears (the worker is still reading the text).
    const cancelled = page.evaluate(() => new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        const button = document.querySelector('#cancel-run');
        if (button) {
          observer.disconnect();
          const shown = document.querySelector('.run-progress progress').value;
          button.click();
          resolve(shown);
        }
      });
      observer.observe(document.body, { childList: true, subtree: true });
    }));
    await setScenario(page, big);
    assert.equal(await cancelled, 0, 'cancelled before any task was simulated');
    await page.locator('.run-progress').waitFor({ state: 'detached' });
    await page.waitForTimeout(300);
    assert.equal(await text(page, '#makespan'), '13', 'cancelled: the last run stays');

    // Opened from a file, like a generated workload.
    await page.setInputFiles('#scenario-file', { name: 'big.scn', mimeType: 'text/plain', buffer: Buffer.from(big + '\n') });
    await page.locator('.run-progress').waitFor();
    await page.waitForFunction(() => document.querySelector('.task-table table')?.getAttribute('aria-rowcount') === '30001', null, { timeout: 60_000 });
    assert.equal(await page.locator('.run-progress').count(), 0);
    // Every task is in the table, and only the rows in view are laid out: scrolled to
    // its end, the box shows the last task.
    const laidOut = () => page.locator('.task-table tbody tr:not(.spacer)').count();
    assert.ok(await laidOut() < 40, `${await laidOut()} rows laid out`);
    assert.equal(await page.locator('.task-table tbody tr:not(.spacer) th').first().innerText(), 't0');
    await page.locator('.task-table').evaluate((box) => { box.scrollTop = box.scrollHeight; });
    await page.waitForFunction(() => [...document.querySelectorAll('.task-table tbody th')].some((th) => th.textContent === 't29999'));
    const last = await page.locator('.task-table tbody tr:not(.spacer)').last().getAttribute('aria-rowindex');
    assert.equal(last, '30001');
    assert.ok(await laidOut() < 40, `${await laidOut()} rows laid out`);
    assert.match(await page.locator('canvas').first().getAttribute('aria-label'), /30000 tasks on 4 cores/);
    // Zoomed out, each core's slices outnumber the pixels: it is drawn as its occupancy.
    assert.match(await text(page, '.lod-note'), /as tall as the share of it the core ran/);

    // Too long to parse on the page: the worker's errors come back at their line and
    // column, the text stays, and so does the last run.
    const broken = big + '\ntask late arrive=1: cpux 2';
    await setScenario(page, broken);
    await page.locator('.diagnostic').waitFor({ timeout: 60_000 });
    assert.match(await text(page, '.diagnostic'), /^line 30003, col 21 /);
    // Over a megabyte, the text area shows the text's start, read-only, until asked.
    assert.match(await text(page, '#scenario-partial'), /^This text is 1\.\d MB, 30.003 lines: only its start is shown/);
    assert.ok(broken.startsWith(await page.inputValue('#scenario')));
    await page.click('#scenario-whole');
    await page.waitForFunction((n) => document.querySelector('#scenario').value.length === n, broken.length);
    assert.equal(await page.inputValue('#scenario'), broken, 'the editor keeps the text');
    assert.equal(await page.locator('#scenario-partial').count(), 0);
    assert.match(await page.locator('canvas').first().getAttribute('aria-label'), /30000 tasks on 4 cores/);
    // Asked for once: after a short text, the next long one is shown in part again.
    await page.selectOption('#preset', 'chef');
    await page.waitForFunction(() => document.querySelector('#scenario').value.startsWith('# One chef'));
    await page.setInputFiles('#scenario-file', { name: 'big.scn', mimeType: 'text/plain', buffer: Buffer.from(broken) });
    await page.locator('#scenario-partial').waitFor();
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a run too large to start is refused in words, the text kept, and the page never blocks', () => withPage(browser, server.url + LAB, { ready: '#makespan' }, async (page) => {
  // Every main-thread task over 50 ms, as the browser reports it.
  await page.evaluate(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.longTasks.push(Math.round(entry.duration));
    }).observe({ type: 'longtask' });
  });
  const huge = 'cores 1\npolicy rr quantum=1\ntask a: cpu 999999999\ntask b: cpu 999999999';
  await page.fill('#scenario', huge);
  await page.locator('.diagnostic').waitFor();
  assert.match(await text(page, '.diagnostic'),
    /^line 3, col 13 up to 4,000,000,004 events \(2,000,000,000 slices\).*at most 10,000,000 events are run: raise the quantum or shorten the bursts/);
  assert.equal(await page.inputValue('#scenario'), huge, 'the editor keeps the text');
  assert.equal(await text(page, '#makespan'), '13', 'the last good run stays on screen');

  // The chef preset with one burst made huge (one extra digit, many times over).
  await page.selectOption('#preset', 'chef');
  await page.waitForFunction(() => document.querySelector('#makespan')?.textContent === '13');
  const chef = await page.inputValue('#scenario');
  await page.fill('#scenario', chef.replace(/cpu 5\b/, 'cpu 999999999'));
  await page.locator('.diagnostic').waitFor();
  assert.match(await text(page, '.diagnostic'), /raise the quantum or shorten the bursts/);

  // The same workload under FCFS makes few events: it runs, and its comparison
  // (the same on four cores) too; under a quantum of 1 the comparison is refused.
  await page.fill('#scenario', huge.replace('policy rr quantum=1', 'policy fcfs'));
  await page.waitForFunction(() => document.querySelector('#makespan')?.textContent === '1999999998');
  assert.equal(await page.locator('.diagnostic').count(), 0);
  await page.selectOption('#compare-policy', 'rr:1');
  await page.locator('#compare-refused').waitFor();
  assert.match(await text(page, '#compare-refused'), /^The comparison is not run: up to 4,000,000,004 events/);
  assert.equal(await text(page, '#makespan'), '1999999998', 'the run as written stays');
  // The lab runs at most 1,000,000 tasks once written out, and says so at the count.
  await page.fill('#scenario', 'cores 4\npolicy fcfs\nrequests r count=1000001 every=1: cpu 1');
  await page.locator('.diagnostic').waitFor();
  assert.match(await text(page, '.diagnostic'), /^line 3, col 18 .*count must be between 1 and 1000000/);
  await page.waitForTimeout(300);
  const long = await page.evaluate(() => window.longTasks);
  assert.ok(long.every((ms) => ms <= 100), `main-thread tasks over 100 ms: ${long}`);
}));

test('the form edits the same scenario as the text', () => withPage(browser, server.url + LAB, { viewport: { width: 1280, height: 900 }, ready: '#makespan' }, async (page) => {
  await page.selectOption('#preset', 'cpu-bound');
  await page.waitForFunction(() => document.querySelector('#makespan')?.textContent === '80');
  await page.locator('.form-view summary').click();
  await page.click('#add-task');
  await page.waitForFunction(() => document.querySelector('#scenario').value.includes('task task1: cpu 3'));
  await page.waitForFunction(() => document.querySelector('#makespan')?.textContent === '83');
  // The new task's burst, stepped to 5 in its number field.
  const ticks = page.getByLabel('task1 step 1 ticks');
  await ticks.fill('5');
  await ticks.dispatchEvent('change');
  await page.waitForFunction(() => document.querySelector('#makespan')?.textContent === '85');
  assert.match(await page.inputValue('#scenario'), /task task1: cpu 5\n/);
  // A duplicate name is refused with a reason; the text is left as it was.
  const name = page.getByLabel('Name of task 5');
  await name.fill('render');
  await name.dispatchEvent('change');
  await page.locator('.form-view .error').waitFor();
  assert.match(await text(page, '.form-view .error'), /task "render" is declared twice/);
  assert.match(await page.inputValue('#scenario'), /task task1: cpu 5/);
  await page.locator('.form-view').screenshot({ path: join(SHOTS, 'lab-form.png') });
  // The form edits the scenario as written: requests stay one statement, not a task
  // each.
  await page.fill('#scenario', 'cores 2\npolicy fcfs\nrequests r count=3 every=2: cpu 2');
  await page.waitForFunction(() => document.querySelector('#makespan')?.textContent === '6');
  await page.click('#add-task');
  await page.waitForFunction(() => document.querySelector('#scenario').value.includes('task task1: cpu 3'));
  assert.match(await page.inputValue('#scenario'), /^requests r count=3 every=2: cpu 2$/m);
  assert.doesNotMatch(await page.inputValue('#scenario'), /task r\.1/);
}));
