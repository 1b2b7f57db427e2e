// Benchmark (figures, not pass/fail): the lesson "Lanes × cores" as a learner runs it,
// at the medium size on 1 and 2 workers, a few runs: for each workload, four lanes
// against one on one worker (the target is 2.5 times on the compute-bound one), one
// lane on two workers against one, both against one lane on one worker, and the
// product the two speedups would give (the target: both at least 1.8 times the lanes'
// speedup on 2 cores).
import { serve } from './server.mjs';
import { launch } from './browser.mjs';

const RUNS = Number(process.env.RUNS ?? 3);
const server = await serve({ isolated: true });
const browser = await launch();
try {
  const page = await browser.newPage();
  await page.goto(server.url + '#/lesson/simd?workers=2&scale=1');
  await page.locator('#run').waitFor();
  const simd = await page.locator('.simd-lab').getAttribute('data-simd');
  console.log(`SIMD128 in this browser: ${simd}`);
  for (let run = 1; run <= RUNS; run++) {
    await page.locator('#run').click();
    await page.locator(`.simd-lab[data-runs="${run}"]`).waitFor();
    await page.locator('.verdict[data-workload="memory"]').waitFor({ timeout: 300_000 });
    const rows = await page.locator('.verdict').evaluateAll((verdicts) => verdicts.map((v) => {
      const ms = [...document.querySelectorAll(`#simd-result td[data-workload="${v.dataset.workload}"]`)]
        .map((td) => Number(td.dataset.ms));
      return { workload: v.dataset.workload, ms, reached: Number(v.dataset.reached) };
    }));
    for (const { workload, ms: [one, lanes, cores, both], reached } of rows) {
      const [s, c, t] = [one / lanes, one / cores, one / both];
      console.log(`run ${run}, ${workload}: 1x1 ${one.toFixed(1)} ms, 4x1 ${lanes.toFixed(1)} ms, 1x2 ${cores.toFixed(1)} ms, `
        + `4x2 ${both.toFixed(1)} ms; lanes ${s.toFixed(2)}x, cores ${c.toFixed(2)}x, both ${t.toFixed(2)}x `
        + `(${(t / s).toFixed(2)}x the lanes'), ${(reached * 100).toFixed(0)}% of the product ${(s * c).toFixed(2)}x`);
    }
  }
} finally {
  await browser.close();
  await server.close();
}
