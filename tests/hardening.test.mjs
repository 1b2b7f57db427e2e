// End-to-end tests that nothing leaves the machine and that failures are contained:
// the Content-Security-Policy holds (no inline script, no eval, no connection to
// another origin), and a tour of every lesson makes no request to another origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve } from './server.mjs';
import { launch, watchErrors } from './browser.mjs';

let browser;
let server;
before(async () => {
  browser = await launch();
  server = await serve({ isolated: true });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const LESSONS = ['scheduler', 'cores', 'scaling', 'interleavings', 'locks', 'deadlock', 'race'];

test('the Content-Security-Policy refuses inline script, eval and other origins', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(server.url + '#/lesson/interleavings');
    await page.locator('.thread').first().waitFor();
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(policy, /script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'/);
    assert.match(policy, /connect-src 'self'/);
    assert.match(policy, /worker-src 'self' blob:;/);
    const outcome = await page.evaluate(async () => {
      const violations = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
      const script = document.createElement('script');
      script.textContent = 'window.injected = true;';
      document.head.append(script);
      // A string given to setTimeout is compiled by the page itself (an eval that the
      // test's own evaluation, which the browser lets through, does not stand for).
      setTimeout('window.evaluated = true');
      let fetched = true;
      try { await fetch('http://localhost:9/'); } catch { fetched = false; }
      await new Promise((r) => setTimeout(r, 100));
      return { injected: window.injected === true, evaluated: window.evaluated === true, fetched, violations };
    });
    assert.equal(outcome.injected, false, 'an inline script does not run');
    assert.equal(outcome.evaluated, false, 'eval is refused');
    assert.equal(outcome.fetched, false, 'no connection to another origin');
    assert.ok(outcome.violations.some((v) => v.startsWith('script-src')), outcome.violations.join());
    assert.ok(outcome.violations.includes('connect-src'), outcome.violations.join());
  } finally {
    await context.close();
  }
});

test('a tour of every lesson makes no request to another origin', async () => {
  const context = await browser.newContext();
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  const errors = watchErrors(page);
  try {
    await page.goto(server.url);
    await page.locator('.card').first().waitFor();
    for (const id of LESSONS) {
      await page.goto(`${server.url}#/lesson/${id}`);
      await page.locator('.lab').first().waitFor();
    }
    // Start workers of both builds and the explorer's.
    await page.goto(`${server.url}#/lesson/cores?bound=1000000`);
    await page.locator('#run').click();
    await page.locator('#results').waitFor({ timeout: 60_000 });
    await page.goto(`${server.url}#/lesson/deadlock`);
    await page.locator('#explore').click();
    await page.locator('#explore-summary').waitFor({ timeout: 60_000 });
    const origin = new URL(server.url).origin;
    const foreign = requests.filter((url) => !url.startsWith(origin) && !/^(data|blob):/.test(url));
    assert.deepEqual(foreign, [], 'requests to another origin');
    assert.ok(requests.length > 10, `${requests.length} requests seen`);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a worker killed mid-run, or one that crashes, is reported; the next run starts new workers', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const workers = [];
  page.on('worker', (w) => workers.push(w));
  try {
    await page.goto(`${server.url}#/lesson/cores?kernel=primes&size=10000000&workers=2&mode=message`);
    await page.locator('#run').waitFor();
    // Give up on silent workers after 2 s instead of 60.
    await page.evaluate(() => localStorage.setItem('interleave:worker-timeout-ms', '2000'));
    await page.locator('#run').click();
    await page.waitForFunction(() => /Counting on 2 workers/.test(document.querySelector('.lab')?.textContent ?? ''), null, { timeout: 60_000 });
    // Killed: the worker closes itself and never answers again.
    await workers.at(-1).evaluate(() => self.close());
    const alert = page.locator('.cores-lab [role=alert]');
    await alert.waitFor({ timeout: 30_000 });
    assert.match(await alert.innerText(), /no answer from the workers for 2 s, so they were stopped\. Only this run is lost: press Run to try again with new workers\./);
    assert.equal(await page.locator('#run').isDisabled(), false, 'the page is usable');

    // Crashed: an uncaught error inside a worker ends the run at once, with its message.
    await page.evaluate(() => localStorage.removeItem('interleave:worker-timeout-ms'));
    const before = workers.length;
    await page.locator('#run').click();
    await page.waitForFunction(() => /Counting on 2 workers/.test(document.querySelector('.lab')?.textContent ?? ''), null, { timeout: 60_000 });
    assert.ok(workers.length > before, 'new workers were started');
    await workers.at(-1).evaluate(() => setTimeout(() => { throw new Error('boom'); }));
    await page.waitForFunction(() => /boom/.test(document.querySelector('.cores-lab [role=alert]')?.textContent ?? ''), null, { timeout: 30_000 });

    // And a run after both failures completes.
    await page.locator('#run').click();
    await page.locator('#results').waitFor({ timeout: 60_000 });
    assert.match(await page.locator('#results').innerText(), /664\s579/);
  } finally {
    await context.close();
  }
});
