// Benchmark (figures, not pass/fail): the "One core or two?" lesson in headless
// Chromium on this machine, in both modes. Each mode: one warm-up run, then REPS runs;
// prints the median time on 1 worker, on N workers, and the speedup.
import { serve } from './server.mjs';
import { launch, runCoresLesson } from './browser.mjs';

const BOUND = Number(process.env.BOUND ?? 10_000_000);
const REPS = Number(process.env.REPS ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = await serve({ isolated: true });
const browser = await launch();
try {
  const page = await browser.newPage();
  const hint = await (async () => {
    await page.goto(server.url);
    return page.evaluate(() => navigator.hardwareConcurrency);
  })();
  console.log(`"One core or two?" at its largest sizes, ${REPS} runs after a warm-up each, ` +
    `navigator.hardwareConcurrency = ${hint}; median (ms) and speedup [min..max]`);
  console.log('kernel       mode       workers   1 worker   N workers   speedup   [min..max]   start-up');
  const sizes = { primes: BOUND, mandelbrot: 2400, pi: 100000000, matrix: 800, sort: 10000000 };
  for (const [kernel, size] of Object.entries(sizes)) {
    for (const mode of ['shared', 'message']) {
      await page.goto(`${server.url}#/lesson/cores?kernel=${kernel}&size=${size}&mode=${mode}`);
      await page.reload();
      const first = await runCoresLesson(page); // warm-up: starts the workers, compiles the module
      const runs = [];
      for (let i = 0; i < REPS; i++) runs.push(await runCoresLesson(page));
      const speedups = runs.map((r) => r.speedup);
      console.log(
        `${kernel.padEnd(12)} ${mode.padEnd(10)} ${String(runs[0].threads).padStart(7)} ` +
        `${median(runs.map((r) => r.aloneMs)).toFixed(0).padStart(10)} ` +
        `${median(runs.map((r) => r.parallelMs)).toFixed(0).padStart(11)} ` +
        `${median(speedups).toFixed(2).padStart(9)}   [${Math.min(...speedups).toFixed(2)}..${Math.max(...speedups).toFixed(2)}]` +
        `${(first.startMs.toFixed(0) + ' ms').padStart(11)}`,
      );
    }
  }

  // The simulator in wasm (the plain worker module, in a worker): events/s.
  console.log('\nsimulator in wasm: generated round-robin workload, 8 cores, no trace, best of 3');
  const sim = await browser.newPage();
  await sim.goto(server.url);
  for (const tasks of [100_000, 1_000_000]) {
    const runs = await sim.evaluate(async (tasks) => {
      // A fresh worker per size, so that its memory's peak is this size's.
      const worker = new Worker('./workers/kernel.js', { type: 'module' });
      const ask = (type, body) => new Promise((resolve) => {
        worker.onmessage = (e) => {
          const [[type, body]] = Object.entries(JSON.parse(e.data));
          resolve({ type, body });
        };
        worker.postMessage(JSON.stringify({ [type]: body }));
      });
      const runs = [];
      for (let i = 0; i < 3; i++) {
        const { type, body } = await ask('bench', { tasks, cores: 8 });
        if (type !== 'bench') throw new Error(type === 'error' ? body : `unexpected ${type}`);
        runs.push(body);
      }
      worker.terminate();
      return runs;
    }, tasks);
    const best = runs.reduce((a, b) => (a.ms <= b.ms ? a : b));
    console.log(`${String(tasks).padStart(9)} tasks: ${best.events} events in ${best.ms.toFixed(0)} ms = ` +
      `${(best.events / best.ms / 1000).toFixed(1)} million events/s, wasm memory ${(best.memory / 2 ** 20).toFixed(0)} MiB ` +
      `(fingerprint ${best.fingerprint})`);
  }
} finally {
  await browser.close();
  await server.close();
}
