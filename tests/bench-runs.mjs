// Benchmark (figures, not pass/fail): the main thread's longest task while the labs run
// short texts whose runs are large, up to the limits (each run is bounded before it
// starts; a run over the limits is refused). For each text: the time until it is on
// screen and every long task (over 50 ms) a PerformanceObserver saw. Huge texts (a
// parse of megabytes) are bench-lab.mjs's.
import { serve } from './server.mjs';
import { launch, schedulerLab, setText } from './browser.mjs';

const SCHEDULER = {
  'rr quantum=1, 2 x 50 000 ticks': 'cores 1\npolicy rr quantum=1\ntask a: cpu 50000\ntask b: cpu 50000',
  'rr quantum=1, 2 x 1 000 000 ticks': 'cores 1\npolicy rr quantum=1\ntask a: cpu 1000000\ntask b: cpu 1000000',
  'rr quantum=1, 2 x 2 400 000 ticks (near the 10 000 000-event limit)':
    'cores 1\npolicy rr quantum=1\ntask a: cpu 2400000\ntask b: cpu 2400000',
  // Under the lab's bound of 10 000 000 events: 3 x 600 000 ticks are refused (10.8 million).
  'mlfq, a boost every 5 ticks, 3 x 500 000 ticks (9 million events at most)':
    'cores 1\npolicy mlfq levels=3 quantum=1 boost=5\ntask a: cpu 500000\ntask b: cpu 500000\ntask c: cpu 500000',
  '100 000 requests (the lab\'s task limit), 4 cores':
    'cores 4\npolicy rr quantum=3\nrequests r count=100000 every=1: cpu 2, io 3, cpu 1',
  '100 000 Poisson requests under srtf':
    'cores 2\npolicy srtf\nseed 3\nrequests r count=100000 every=3 poisson: cpu ~5, io 1..9, cpu 2',
  '100 000 requests of 9 steps, preemptive priority':
    'cores 4\npolicy priority preemptive\nrequests r count=100000 every=2: cpu 1..4, io 2, cpu 1, io 1, cpu 2, io 3, cpu 1, io 1, cpu 1',
  'a task spawning 50 000 jobs': 'cores 8\npolicy rr quantum=2\njob leaf: cpu 3, io 2, cpu 1\ntask root: spawn leaf x50000, join',
  'rr quantum=1, 2 x 49 000 ticks, run live beside 4 cores':
    'cores 1\npolicy rr quantum=1\ntask a: cpu 49000\ntask b: cpu 49000',
};
const SYSTEMS = [2000, 5000, 10000];

const observe = () => {
  window.longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.longTasks.push(Math.round(e.duration));
  }).observe({ type: 'longtask' });
};
const report = (name, ms, long) =>
  console.log(`  ${name}: on screen in ${ms} ms; long tasks ${long.length ? long.join(', ') + ' ms' : 'none'}; ` +
    `longest ${Math.max(0, ...long)} ms`);

const server = await serve({ isolated: true });
const browser = await launch();
try {
  const page = await schedulerLab(browser, server);
  await page.evaluate(observe);
  console.log('The scheduler lab:');
  for (const [name, text] of Object.entries(SCHEDULER)) {
    await page.evaluate(() => { window.longTasks = []; });
    const before = await page.locator('#makespan').innerText();
    const t0 = Date.now();
    await setText(page, '#scenario', text);
    // Each text's makespan differs from the one before it.
    await page.waitForFunction((b) => document.querySelector('#makespan')?.textContent !== b
      && !document.querySelector('.run-progress'), before, { timeout: 120_000 });
    const ms = Date.now() - t0;
    await page.waitForTimeout(300);
    report(name, ms, await page.evaluate(() => window.longTasks));
  }

  await page.goto(server.url + '#/lesson/thread-pool');
  const area = page.locator('textarea#scenario');
  await page.locator('#systems-table').waitFor();
  await page.evaluate(observe);
  const text = await area.inputValue();
  console.log('The thread-pool lab (two configurations, then the knob\'s sweep):');
  for (const count of SYSTEMS) {
    await page.evaluate(() => { window.longTasks = []; });
    const t0 = Date.now();
    await area.fill(text.replace(/count=\d+/, `count=${count}`));
    await page.waitForFunction((n) => document.querySelector('#systems-table')?.dataset.a.split(' ')[4] === String(n),
      count, { timeout: 120_000 });
    const ms = Date.now() - t0;
    // The knob's sweep of this text, which starts once both runs are on screen: until
    // it is done (where a fixed 2 s could end before it, or long after).
    const sweep = (state) => page.waitForFunction((s) => document.querySelector('#systems-sweep')?.dataset.done === s,
      state, { timeout: state === 'true' ? 120_000 : 1_000 });
    await sweep('false').catch(() => {});
    await sweep('true');
    report(`${count} requests`, ms, await page.evaluate(() => window.longTasks));
  }
} finally {
  await browser.close();
  await server.close();
}
