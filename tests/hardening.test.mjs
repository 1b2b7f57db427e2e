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
