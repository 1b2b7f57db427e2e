// Benchmark (figures, not pass/fail): the scheduler lab in headless Chromium with a
// generated 100 000-task scenario: the time from "Run it" to the figures on screen, and
// the time per frame while panning and zooming its timeline.
import { serve } from './server.mjs';
import { launch, schedulerLab, setText } from './browser.mjs';

const TASKS = Number(process.env.TASKS ?? 100_000);

// A portable generator (the same every run): arrivals a few per tick, CPU, I/O, CPU.
let seed = 42n;
const next = (n) => {
  seed = (seed * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n);
  return Number((seed >> 33n) % BigInt(n));
};
let arrive = 0;
const lines = ['cores 8', 'policy rr quantum=4', 'switch 1'];
for (let i = 0; i < TASKS; i++) {
  arrive += next(3);
  lines.push(`task t${i} arrive=${arrive}: cpu ${1 + next(12)}, io ${1 + next(20)}, cpu ${1 + next(12)}`);
}
const text = lines.join('\n');

const server = await serve({ isolated: true });
const browser = await launch();
try {
  const page = await schedulerLab(browser, server);
  // Every main-thread task over 50 ms from here on, as the browser reports it.
  await page.evaluate(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.longTasks.push(Math.round(e.duration));
    }).observe({ type: 'longtask' });
  });
  const t0 = Date.now();
  await setText(page, '#scenario', text);
  await page.locator('.run-progress').waitFor({ timeout: 120_000 });
  const parsed = Date.now();
  // While it runs in slices, the page answers: time a round trip through the event loop.
  const responsive = await page.evaluate(() => new Promise((r) => {
    const t = performance.now();
    setTimeout(() => r(performance.now() - t), 0);
  }));
  await page.waitForFunction(() => document.querySelector('#makespan')?.textContent !== '13', null, { timeout: 120_000 });
  const shown = Date.now();
  const slices = await page.evaluate(() => document.querySelector('canvas')?.getAttribute('aria-label'));
  console.log(`${TASKS} tasks (${(text.length / 1e6).toFixed(1)} MB of text): typed and parsed (progress shown) in ` +
    `${parsed - t0} ms; simulated in slices, figures and timeline on screen ${shown - parsed} ms later; ` +
    `a timer fired ${responsive.toFixed(0)} ms late during the run`);
  console.log(`  ${slices}`);
  const long = await page.evaluate(() => window.longTasks);
  console.log(`  main-thread tasks over 50 ms while the text was put in, parsed, run and drawn: ${long.length}, ` +
    `longest ${Math.max(0, ...long)} ms (all: ${long.join(', ')} ms; putting the text in the text area is the browser's own)`);

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
} finally {
  await browser.close();
  await server.close();
}
