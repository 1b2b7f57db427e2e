// Benchmark (figures, not pass/fail): the tour in headless Chromium. From an arrow key
// to the first frame of the next step's widget, for every step, each step answered (so
// that its whole widget draws) and read for a second; and the first step readable and
// playable (its question and its "Just show me" on screen) before any worker module is
// requested.
import { serve } from './server.mjs';
import { launch } from './browser.mjs';

const server = await serve({ isolated: true });
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const requests = [];
  page.on('request', (r) => requests.push({ url: r.url(), at: Date.now() }));
  const t0 = Date.now();
  await page.goto(server.url + '#/tour/1');
  await page.locator('#tour-show').waitFor();
  const readable = Date.now();
  const kernels = requests.filter((r) => /kernels\//.test(r.url));
  console.log(`the first step readable and playable ${readable - t0} ms after navigation; ` +
    `worker modules requested before it: ${kernels.filter((r) => r.at <= readable).length}, in all: ${kernels.length}`);

  const steps = await page.evaluate(() => document.querySelectorAll('.tour-progress li').length);
  const times = [];
  for (const direction of ['ArrowRight', 'ArrowLeft']) {
    for (let i = 1; i < steps; i++) {
      // Answered, so that the step's whole widget (timeline, figures, chart) draws, and
      // read for a second; with SKIP=1 unanswered, as by a learner who only reads, and
      // READ_MS=n read for n ms.
      if (!process.env.SKIP && await page.locator('#tour-show').count()) await page.locator('#tour-show').click();
      await page.waitForTimeout(Number(process.env.READ_MS ?? 1000));
      await page.locator('#tour-title').focus();
      const ms = await page.evaluate((key) => new Promise((resolve) => {
        const from = document.querySelector('#tour-step').dataset.step;
        const start = performance.now();
        document.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
        const wait = () => requestAnimationFrame(() => {
          const step = document.querySelector('#tour-step');
          if (step && step.dataset.step !== from && document.querySelector('#tour-widget')) {
            requestAnimationFrame(() => resolve({ to: step.dataset.step, ms: performance.now() - start }));
          } else {
            wait();
          }
        });
        wait();
      }), direction);
      times.push(ms);
    }
  }
  if (process.env.EVERY) console.log(times.map((t) => `${t.to}:${t.ms.toFixed(0)}`).join(" "));
  times.sort((a, b) => a.ms - b.ms);
  const median = times[Math.floor(times.length / 2)].ms;
  const worst = times[times.length - 1];
  console.log(`a step change to the new widget's first frame: median ${median.toFixed(1)} ms, ` +
    `worst ${worst.ms.toFixed(1)} ms (to step ${worst.to}) over ${times.length} changes (target: at most 100 ms)`);
} finally {
  await browser.close();
  await server.close();
}
