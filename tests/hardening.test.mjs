// End-to-end tests that nothing leaves the machine and that failures are contained:
// the Content-Security-Policy holds (no inline script, no eval, no connection to
// another origin), and a tour of every lesson makes no request to another origin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serve } from './server.mjs';
import { withSite } from './site.mjs';
import { setText, untilControlled, watchErrors } from './browser.mjs';

let browser;
let server;
withSite((b, s) => { browser = b; server = s; });

const LESSONS = [
  'scheduler', 'cores', 'scaling', 'interleavings', 'locks', 'deadlock', 'race',
  'event-loop', 'thread-pool', 'connection-pool', 'load-balancer', 'scatter-gather', 'map-reduce',
];

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
    // Another origin that answers (another port): without the policy the page's fetch
    // would reach it, so that a fetch refused says the policy refused it.
    const other = await serve({ pages: { '/ping': 'pong' } });
    const outcome = await page.evaluate(async (ping) => {
      const violations = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
      const script = document.createElement('script');
      script.textContent = 'window.injected = true;';
      document.head.append(script);
      // A string given to setTimeout is compiled by the page itself (an eval that the
      // test's own evaluation, which the browser lets through, does not stand for).
      setTimeout('window.evaluated = true');
      let fetched = true;
      try { await fetch(ping, { mode: 'no-cors' }); } catch { fetched = false; }
      await new Promise((r) => setTimeout(r, 100));
      return { injected: window.injected === true, evaluated: window.evaluated === true, fetched, violations };
    }, `${other.url}ping`).finally(() => other.close());
    assert.equal(outcome.injected, false, 'an inline script does not run');
    assert.equal(outcome.evaluated, false, 'eval is refused');
    assert.equal(outcome.fetched, false, 'no connection to another origin');
    assert.deepEqual(other.requests, [], 'the other origin was never reached');
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
      await page.locator('.lab, .systems').first().waitFor();
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
    await page.locator('#run').click();
    await page.waitForFunction(() => /Counting on 2 workers/.test(document.querySelector('.lab')?.textContent ?? ''), null, { timeout: 60_000 });
    // Give up on silent workers after 2 s instead of 60, from now on: the bound is read
    // at each wait for a reply, and set only now so that the one-worker run before,
    // whose pieces can take seconds on a slow machine, is not cut short.
    await page.evaluate(() => localStorage.setItem('interleave:worker-timeout-ms', '2000'));
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

test('nothing is lost: text survives reload, going offline, and closing the tab', async () => {
  const local = await serve({ isolated: false });
  const context = await browser.newContext();
  let page = await context.newPage();
  const scenario = 'cores 2\npolicy fcfs\ntask mine: cpu 7\ntask yours: cpu 3\n';
  try {
    await page.goto(local.url + '#/lesson/scheduler');
    // The service worker in charge, so that the site is there offline.
    await untilControlled(page);
    await page.locator('#scenario').waitFor();
    await setText(page, '#scenario', scenario);
    await page.goto(local.url + '#/lesson/interleavings?level=mutex');
    await page.locator('.thread').first().waitFor();
    const program = (await page.locator('#program').inputValue()).replace('thread B:', 'thread Bee:');
    await setText(page, '#program', program);
    // Settings too: the kernel chosen in "One core or two?".
    await page.goto(local.url + '#/lesson/cores');
    await page.selectOption('#kernel', 'pi');
    await page.waitForFunction(() => location.hash.includes('kernel=pi'));

    const check = async (page) => {
      await page.goto(local.url + '#/lesson/scheduler');
      await page.locator('#app[data-live] #scenario').waitFor();
      assert.equal(await page.locator('#scenario').inputValue(), scenario);
      await page.goto(local.url + '#/lesson/interleavings?level=mutex');
      await page.locator('#app[data-live] .thread').first().waitFor();
      assert.equal(await page.locator('#program').inputValue(), program);
      assert.equal(await page.locator('.thread[data-thread="Bee"]').count(), 1);
      await page.goto(local.url + '#/lesson/cores');
      await page.locator('#app[data-live] #kernel').waitFor();
      assert.equal(await page.locator('#kernel').inputValue(), 'pi');
      await page.waitForFunction(() => location.hash.includes('kernel=pi'));
    };
    await page.reload();
    await check(page);
    // Offline, then the tab closed and opened again.
    await local.close();
    await context.setOffline(true);
    await page.reload();
    await check(page);
    await page.close();
    page = await context.newPage();
    await check(page);

    // Back to the level's program, and the undo of that.
    await page.goto(local.url + '#/lesson/interleavings?level=mutex');
    await page.locator('#reset-program').click();
    assert.doesNotMatch(await page.locator('#program').inputValue(), /Bee/);
    await page.locator('#undo-reset').click();
    assert.equal(await page.locator('#program').inputValue(), program);
  } finally {
    await context.close();
    await local.close().catch(() => {});
  }
});

test('all saved work exports as one file, and an import says what it could not read and asks before replacing', async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const errors = watchErrors(page);
  try {
    await page.goto(server.url + '#/lesson/deadlock?level=two-locks');
    await page.locator('.thread').first().waitFor();
    const original = await page.locator('#program').inputValue();
    await setText(page, '#program', original.replace('lock b\n    unlock b', 'lock b\n    skip\n    unlock b'));
    await page.goto(server.url + '#/');
    assert.equal(await page.locator('#saved-count').innerText(), '1 text is saved.');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-work').click()]);
    const exported = JSON.parse(await (await import('node:fs/promises')).readFile(await download.path(), 'utf8'));
    assert.equal(exported.format, 'interleave-work');
    assert.match(exported.items['sync:deadlock:two-locks'], /skip/);

    // An import with one new text, one that would replace, and two it cannot read.
    exported.items['sync:deadlock:two-locks'] = 'mutex a\nthread T:\n    lock a\n';
    exported.items['sync:locks:one-key'] = 'thread A:\n    skip\n';
    exported.items['sync:../../x'] = 'no';
    exported.items['scheduler'] = 42;
    const file = { name: 'work.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(exported)) };
    const dialogs = [];
    page.once('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
    await page.locator('#import-work').setInputFiles(file);
    await page.locator('#import-report').waitFor();
    const report = await page.locator('#import-report').innerText();
    assert.match(dialogs[0], /Replace 1 text\(s\).*\n\nsync:deadlock:two-locks/s);
    assert.match(report, /Imported 1 new text\(s\); 0 replaced \(1 kept as they were, as you chose\); 0 already the same\./);
    assert.match(report, /Not imported: “scheduler”: not text\./);
    assert.match(report, /Not imported: “sync:\.\.\/\.\.\/x”: not a lesson or level of Interleave\./);
    assert.equal(await page.locator('#saved-count').innerText(), '2 texts are saved.');
    // Agreed, it replaces.
    page.once('dialog', (d) => d.accept());
    await page.locator('#import-work').setInputFiles(file);
    await page.waitForFunction(() => /1 replaced/.test(document.querySelector('#import-report')?.textContent ?? ''));
    await page.goto(server.url + '#/lesson/deadlock?level=two-locks');
    await page.locator('.thread').first().waitFor();
    assert.equal(await page.locator('.thread').count(), 1);
    // Not JSON at all: where and why.
    await page.goto(server.url + '#/');
    await page.locator('#import-work').setInputFiles({ name: 'x.json', mimeType: 'application/json', buffer: Buffer.from('{\n  "format": ') });
    assert.match(await page.locator('#import-report').innerText(), /Not imported: line 2, column \d+: this is not JSON/);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('where storage is unavailable the app says so once and keeps working', async () => {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } });
  });
  const page = await context.newPage();
  try {
    await page.goto(server.url + '#/lesson/scheduler');
    await page.locator('#scenario').waitFor();
    await setText(page, '#scenario', 'cores 1\ntask a: cpu 3\n');
    await setText(page, '#scenario', 'cores 1\ntask a: cpu 4\n');
    await page.locator('#storage-notice').waitFor();
    assert.match(await page.locator('#storage-notice').innerText(), /cannot be saved in this browser/);
    assert.equal(await page.locator('#storage-notice').count(), 1);
    await page.waitForFunction(() => document.querySelector('#makespan')?.textContent === '4');
  } finally {
    await context.close();
  }
});

test('a worker answers malformed requests with an error and goes on working', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(server.url + '#/');
    await page.locator('.card').first().waitFor();
    const replies = await page.evaluate(async () => {
      const worker = new Worker('./workers/kernel.js', { type: 'module' });
      const ask = (message) => new Promise((resolve) => {
        worker.onmessage = (e) => {
          const text = typeof e.data === 'string' ? e.data : e.data?.text;
          const [[type, body]] = Object.entries(JSON.parse(text));
          if (type !== 'explore-progress') resolve({ type, body });
        };
        worker.postMessage(message);
      });
      const request = (type, body) => JSON.stringify({ [type]: body });
      const out = [];
      out.push(await ask('not json'));
      out.push(await ask(request('init', { threads: 1 })));
      out.push(await ask(request('no-such-request', {})));
      out.push(await ask(request('piece', { kernel: 'nope', size: 10, piece: { index: 0, lo: 0, hi: 10 }, worker: 0 })));
      out.push(await ask(request('piece', { kernel: 'primes', size: -1e308, piece: { index: 'x', lo: NaN, hi: 1e400 }, worker: -3 })));
      out.push(await ask(request('explore', { text: 'thread A:\n    x = y\n', search: { preemption_bound: null, max_states: 10 } })));
      out.push(await ask(request('sort-merge', { index: 0, offset: 0, worker: 0 })));
      out.push(await ask({ text: request('piece', { kernel: 'primes', size: 100, piece: { index: 0, lo: 0, hi: 100 }, worker: 0 }) }));
      worker.terminate();
      return out;
    });
    // Numbers a request cannot hold (negative sizes, NaN, 1e400) are refused, not clamped.
    assert.deepEqual(replies.map((r) => r.type), ['error', 'ready', 'error', 'error', 'error', 'error', 'error', 'piece']);
    // A reply of one figure carries it alone: an error its message, a piece its report.
    assert.match(replies[0].body, /^unreadable request/);
    assert.match(replies[5].body, /line 2, col 9: unknown name "y"/);
    assert.equal(replies[7].body.value, 25, '25 primes below 100: the worker still works');
  } finally {
    await context.close();
  }
});
