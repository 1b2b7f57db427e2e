// Benchmark (figures, not pass/fail): the scheduler lab in headless Chromium with a
// generated 100 000-task scenario (or a million tasks), opened from a file: the time
// to the figures on screen, the main thread's long tasks meanwhile, and the time per
// frame while panning and zooming its timeline; then the same text pasted into the
// text area.
import { serve } from './server.mjs';
import { launch, schedulerLab, setText } from './browser.mjs';

// `node bench-lab.mjs million`: a million tasks of one CPU burst each, quantum 8 (a
// million tasks of three steps are more events than the core runs).
const MILLION = process.argv[2] === 'million';
const TASKS = Number(process.env.TASKS ?? (MILLION ? 1_000_000 : 100_000));
// A shorter quantum makes more slices of the same tasks (QUANTUM=1: about 2.4 million).
const QUANTUM = Number(process.env.QUANTUM ?? (MILLION ? 8 : 4));
// BURSTS=1: each task one CPU burst.
const BURSTS = Number(process.env.BURSTS ?? (MILLION ? 1 : 2));

// A portable generator (the same every run): arrivals a few per tick, CPU, I/O, CPU.
let seed = 42n;
const next = (n) => {
  seed = (seed * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n);
  return Number((seed >> 33n) % BigInt(n));
};
let arrive = 0;
const lines = ['cores 8', `policy rr quantum=${QUANTUM}`, 'switch 1'];
for (let i = 0; i < TASKS; i++) {
  arrive += next(3);
  lines.push(BURSTS === 1
    ? `task t${i} arrive=${arrive}: cpu ${1 + next(12)}`
    : `task t${i} arrive=${arrive}: cpu ${1 + next(12)}, io ${1 + next(20)}, cpu ${1 + next(12)}`);
}
const text = lines.join('\n');

const server = await serve({ isolated: true });
const browser = await launch();
try {
  const page = await schedulerLab(browser, server);
  // The file, made in the page before anything is measured (handing megabytes to the
  // page is the driver's own work, not the page's).
  await page.evaluate((t) => { window.benchFile = new File([t], 'big.scn', { type: 'text/plain' }); }, text);
  await page.waitForTimeout(500);
  // Every main-thread task over 50 ms from here on, as the browser reports it.
  await page.evaluate(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.longTasks.push(Math.round(e.duration));
    }).observe({ type: 'longtask' });
  });
  const t0 = Date.now();
  // Chosen in the "Open a file" field, as a learner would.
  await page.evaluate(() => {
    const input = document.querySelector('#scenario-file');
    const files = new DataTransfer();
    files.items.add(window.benchFile);
    input.files = files.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await page.locator('.run-progress').waitFor({ timeout: 120_000 });
  const parsed = Date.now();
  // While the worker runs it, the page answers: time a round trip through the event loop.
  const responsive = await page.evaluate(() => new Promise((r) => {
    const t = performance.now();
    setTimeout(() => r(performance.now() - t), 0);
  }));
  await page.waitForFunction(() => document.querySelector('#makespan')?.textContent !== '13', null, { timeout: 120_000 });
  const shown = Date.now();
  await page.waitForTimeout(500);
  const slices = await page.evaluate(() => document.querySelector('canvas')?.getAttribute('aria-label'));
  console.log(`${TASKS} tasks (${(text.length / 1e6).toFixed(1)} MB of text) opened from a file: progress shown in ` +
    `${parsed - t0} ms; parsed and simulated in a worker, figures and timeline on screen ${shown - parsed} ms later; ` +
    `a timer fired ${responsive.toFixed(0)} ms late during the run`);
  console.log(`  ${slices}`);
  const long = await page.evaluate(() => window.longTasks.splice(0));
  console.log(`  main-thread tasks over 50 ms while the file was read, parsed, run and drawn: ${long.length}, ` +
    `longest ${Math.max(0, ...long)} ms (all: ${long.join(', ') || 'none'})`);

  const frames = await page.evaluate(async () => {
    const canvas = document.querySelector('canvas');
    canvas.focus();
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
    // The frame time (at least the display's 16.7 ms), and the page's own work for
    // each step: from the key to the timeline redrawn, which the key's handler does
    // before it returns (the longest of the steps).
    const measure = async (n, act) => {
      await frame();
      const start = performance.now();
      let work = 0;
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        act(i);
        work = Math.max(work, performance.now() - t);
        await frame();
      }
      return { frame: (performance.now() - start) / n, work };
    };
    const key = (k, shiftKey) => canvas.dispatchEvent(new KeyboardEvent('keydown', { key: k, shiftKey, bubbles: true }));
    return {
      panWhole: await measure(60, () => key('ArrowRight', true)),
      zoomIn: await measure(30, () => key('+', false)),
      panZoomed: await measure(60, (i) => key(i % 2 ? 'ArrowLeft' : 'ArrowRight', true)),
    };
  });
  const both = (m) => `${m.frame.toFixed(1)} ms a frame, at most ${m.work.toFixed(1)} ms of work`;
  console.log(`  panning the whole run: ${both(frames.panWhole)}; zooming in: ${both(frames.zoomIn)}; ` +
    `panning zoomed in: ${both(frames.panZoomed)} (16.7 ms = 60 frames per second)`);

  // The same text on 7 cores pasted over a preset's text (select all, then paste), as
  // a learner would from a generator's output.
  await page.selectOption('#preset', 'chef');
  await page.waitForFunction(() => document.querySelector('#makespan')?.textContent === '13');
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
  await page.bringToFront();
  await page.evaluate((t) => navigator.clipboard.writeText(t), text.replace('cores 8', 'cores 7'));
  await page.waitForTimeout(500);
  await page.evaluate(() => window.longTasks.splice(0));
  await page.focus('#scenario');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+V');
  await page.locator('.run-progress').waitFor({ timeout: 120_000 });
  await page.waitForFunction(() => !document.querySelector('.run-progress') && document.querySelector('#makespan')?.textContent !== '13',
    null, { timeout: 120_000 });
  await page.waitForTimeout(500);
  const pasted = await page.evaluate(() => window.longTasks.splice(0));
  const kept = await page.evaluate(() => document.querySelector('#scenario-partial')?.textContent ?? 'the text area holds it all');
  console.log(`  pasted instead (Ctrl+V over a preset): main-thread tasks over 50 ms: ${pasted.length}, ` +
    `longest ${Math.max(0, ...pasted)} ms (all: ${pasted.join(', ') || 'none'}); ${kept.slice(0, 60)}`);
} finally {
  await browser.close();
  await server.close();
}
