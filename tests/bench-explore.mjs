// Benchmark (figures, not pass/fail): the explorer as the page runs it, in a Web
// Worker of the plain build, on n dining philosophers for growing n: states per second,
// the largest n it exhausts in under 10 seconds, and, where the native command line is
// built (cargo xtask bench builds it), the worker's speed against native.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { serve } from './server.mjs';
import { launch } from './browser.mjs';

const NATIVE = new URL('../target/release/interleave', import.meta.url).pathname;
/** Seconds natively (the fastest of three, from `interleave bench --explore`), or null. */
function native(n) {
  if (!existsSync(NATIVE)) return null;
  const out = execFileSync(NATIVE, ['bench', '--explore', '--philosophers', String(n)], { encoding: 'utf8' });
  const m = out.match(/explore: ([0-9.]+) s/);
  return m ? Number(m[1]) : null;
}
/** Runs that end within this many ms are repeated, each in a fresh worker, and the
 * fastest is kept, as natively. */
const REPEAT_UNDER_MS = 3_000;

const LIMIT_MS = 10_000;
const MAX_STATES = Number(process.env.MAX_STATES ?? 20_000_000);

function philosophers(n) {
  const lines = [`mutex ${Array.from({ length: n }, (_, i) => `f${i}`).join(', ')}`, 'shared meals = 0'];
  for (let i = 0; i < n; i++) {
    const [a, b] = [i, (i + 1) % n];
    lines.push(`thread P${i}:`, `    lock f${a}`, `    lock f${b}`, '    fetch_add(meals, 1)', `    unlock f${b}`, `    unlock f${a}`);
  }
  return lines.join('\n');
}

const server = await serve({ isolated: true });
const browser = await launch();
try {
  const page = await browser.newPage();
  await page.goto(server.url);
  let largest = null;
  for (let n = 4; n <= 12; n++) {
    // A fresh worker per run, as the page does: a wasm memory never shrinks.
    const once = () => page.evaluate(async ({ text, maxStates }) => {
      const worker = new Worker('./workers/kernel.js', { type: 'module' });
      const ask = (message) => new Promise((resolve) => {
        worker.onmessage = (e) => {
          const [[type, body]] = Object.entries(JSON.parse(e.data));
          if (type !== 'explore-progress') resolve({ type, body });
        };
        worker.postMessage(JSON.stringify(message));
      });
      await ask({ init: { threads: 1 } });
      const t0 = performance.now();
      const search = { preemption_bound: null, max_states: maxStates };
      const { type, body } = await ask({ explore: { text, search } });
      const wall = performance.now() - t0;
      worker.terminate();
      if (type !== 'explored') return { error: body.message };
      return { ms: body.ms, wall, states: body.report.states, transitions: body.report.transitions, complete: body.report.complete };
    }, { text: philosophers(n), maxStates: MAX_STATES });
    let result = await once();
    for (let i = 0; i < 2 && !result.error && result.ms < REPEAT_UNDER_MS; i++) {
      const again = await once();
      if (!again.error && again.ms < result.ms) result = again;
    }
    if (result.error) {
      console.log(`${n} philosophers: ${result.error}`);
      break;
    }
    const rate = result.states / (result.ms / 1000);
    console.log(`${n} philosophers: ${result.states} states, ${result.transitions} transitions, ` +
      `${result.complete ? 'exhausted' : 'STOPPED at the state limit'} in ${(result.ms / 1000).toFixed(2)} s ` +
      `(${(rate / 1e6).toFixed(2)} M states/s; ${(result.wall / 1000).toFixed(2)} s on the page's clock, progress included)`);
    const seconds = result.ms < REPEAT_UNDER_MS && result.complete ? native(n) : null;
    // Under 50 ms natively, the worker's start and compile would be the figure.
    if (seconds !== null && seconds >= 0.05) {
      console.log(`  natively ${seconds.toFixed(3)} s: the worker runs at ${(seconds / (result.ms / 1000)).toFixed(2)} of native speed (fastest of 3 each)`);
    }
    if (!result.complete || result.ms > LIMIT_MS) break;
    largest = n;
  }
  console.log(`largest dining-philosophers instance exhausted in under ${LIMIT_MS / 1000} s: ${largest}`);
} finally {
  await browser.close();
  await server.close();
}
