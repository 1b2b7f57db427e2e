// Benchmark (figures, not pass/fail): the lesson "Keep the page responsive" as a learner
// runs it, at the medium size on 2 workers, with each way of yielding between slices:
// for each way of running the job, its total time, its longest frame gap, its gaps over
// 50 ms, its long tasks and how late a timer due every 50 ms ran.
import { serve } from './server.mjs';
import { launch } from './browser.mjs';

const server = await serve({ isolated: true });
const browser = await launch();
try {
  const page = await browser.newPage();
  let runs = 0;
  for (const how of ['message', 'scheduler', 'timeout']) {
    await page.goto(server.url + `#/lesson/responsive?workers=2&scale=1&yield=${how}`);
    await page.reload();
    await page.locator('#run-all').waitFor();
    runs = 1;
    await page.locator('#run-all').click();
    await page.locator(`.responsive-lab[data-runs="${runs}"][data-busy="false"]`).waitFor({ timeout: 300_000 });
    await page.locator('.way-result').nth(3).waitFor();
    const rows = await page.locator('.way-result').evaluateAll((rs) => rs.map((r) => ({ ...r.dataset })));
    for (const r of rows) {
      if (how !== 'message' && r.way !== 'sliced') continue;
      console.log(`${r.way}${r.way === 'sliced' ? ` (yield: ${how})` : ''}: total ${Number(r.totalMs).toFixed(0)} ms, `
        + `longest frame gap ${Number(r.longestFrameMs).toFixed(0)} ms, gaps over 50 ms ${r.lateFrames}, `
        + `long tasks ${r.longTasks}, timer delay ${Number(r.timerDelayMs).toFixed(0)} ms`);
    }
  }
} finally {
  await browser.close();
  await server.close();
}
