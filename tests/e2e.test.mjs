// End-to-end tests of the release site (dist/) in headless Chromium: served with the
// isolation headers, without them (the service worker supplies them), embedded in an
// ordinary page, and offline after one visit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { serve } from './server.mjs';
import { inCoursePage, launch, onSite, runCoresLesson, SHOTS, thenOffline, untilControlled, untilIsolated, watchErrors } from './browser.mjs';

// pi(10^6), the number of primes below one million.
const PRIMES_BELOW_1M = 78_498;
const LESSON = '#/lesson/cores?bound=1000000';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('served with COOP/COEP: isolated, the pool starts, both modes count the same', () => onSite(browser, { isolated: true, viewport: { width: 1280, height: 900 } }, async (page, server) => {
  await page.goto(server.url);
  await page.locator('.card-link').first().waitFor();
  await page.screenshot({ path: join(SHOTS, 'home.png'), fullPage: true });
  assert.equal(await page.evaluate(() => window.crossOriginIsolated), true);
  const hint = await page.evaluate(() => navigator.hardwareConcurrency);
  const expectedThreads = Math.min(Math.max(hint, 2), 16);

  await page.goto(server.url + LESSON);
  const shared = await runCoresLesson(page);
  assert.equal(shared.mode, 'shared');
  assert.equal(shared.threads, expectedThreads, 'the pool has one thread per hardware thread');
  assert.equal(shared.count, PRIMES_BELOW_1M);
  assert.equal(shared.aloneCount, PRIMES_BELOW_1M);
  assert.match(await page.locator('.status-line').innerText(),
    new RegExp(`rayon pool of ${expectedThreads} threads started`));
  // The one worker's round trips, which the pool does not pay, are said beside the
  // speedup: a share of its time, in ms, less than the whole.
  const trips = page.locator('#round-trips');
  const [tripMs, tripShare] = [Number(await trips.getAttribute('data-ms')), Number(await trips.getAttribute('data-share'))];
  assert.ok(tripMs >= 0 && tripMs < shared.aloneMs, `${tripMs} ms of ${shared.aloneMs}`);
  assert.ok(Math.abs(tripShare - tripMs / shared.aloneMs) < 1e-3, `${tripShare} against ${tripMs / shared.aloneMs}`);

  await page.locator('input[name=mode][value=message]').check();
  const message = await runCoresLesson(page);
  assert.equal(message.mode, 'message');
  assert.equal(message.count, PRIMES_BELOW_1M);
  assert.equal(message.aloneCount, PRIMES_BELOW_1M);
  // Beside the run, the simulator's: the pieces timed on 1 worker replayed on as many
  // cores as workers, the error measured against it, and the cause named.
  const replay = page.locator('#replay');
  const figure = async (name) => Number(await replay.getAttribute(`data-${name}`));
  assert.equal(await figure('workers'), message.threads);
  const [predicted, measured, error, startup] = [await figure('predicted-ms'), await figure('measured-ms'), await figure('error-pct'), await figure('startup-ms')];
  assert.ok(Math.abs(measured - message.parallelMs) < 0.01, `${measured} vs ${message.parallelMs}`);
  assert.ok(predicted > 0 && predicted < message.aloneMs, `predicted ${predicted} ms, ${message.aloneMs} ms on 1 worker`);
  assert.ok(Math.abs(error - 100 * (measured - predicted) / predicted) < 0.01);
  assert.ok(['cores', 'pieces', 'around'].includes(await replay.getAttribute('data-cause')));
  assert.match(await replay.locator('.cause').innerText(), /simulation/);
  await page.screenshot({ path: join(SHOTS, 'lesson-cores.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(SHOTS, 'lesson-cores-phone.png'), fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: join(SHOTS, 'lesson-cores-dark.png'), fullPage: true });
  await page.emulateMedia({ colorScheme: 'light' });

  // The replay opens in the scheduler lab: the same run, simulated again there, ends
  // when the lesson said (the lab counts from the first arrival, after the start-up).
  await replay.locator('.open-replay').click();
  await page.locator('#makespan').waitFor();
  const makespan = Number(await page.locator('#makespan').innerText());
  assert.ok(Math.abs(makespan * 0.01 + startup - predicted) < 0.011, `lab ${makespan} ticks + ${startup} ms vs ${predicted} ms`);
  const editor = await page.locator('textarea').first().inputValue();
  assert.match(editor, new RegExp(`^cores ${message.threads}$`, 'm'));
  assert.match(editor, /^task piece1 arrive=\d+: cpu \d+$/m);
  await page.screenshot({ path: join(SHOTS, 'lesson-cores-replay.png'), fullPage: true });
}));

test('served without headers: no page reloads by itself; the lesson offers one reload to share memory, and it works', () => onSite(browser, { isolated: false }, async (page, server) => {
  await page.goto(server.url + LESSON);
  await page.locator('#app[data-live] .lab').waitFor();
  await page.evaluate(() => { window.sameDocument = true; });
  // The service worker comes once the page works, and takes over the page: nothing
  // reloads for it.
  await untilControlled(page);
  await page.waitForTimeout(1000);
  assert.equal(await page.evaluate(() => window.sameDocument), true, 'not reloaded');
  assert.equal(await page.evaluate(() => window.crossOriginIsolated), false);
  // Messages work without it; the lesson offers the one reload that shared memory needs.
  await page.locator('#isolate').click();
  await untilIsolated(page);
  await page.locator('.status-line[data-isolated="true"]').waitFor();
  const run = await runCoresLesson(page);
  assert.equal(run.mode, 'shared');
  assert.equal(run.count, PRIMES_BELOW_1M);
}));

test('served without headers: moving between pages never reloads, the front door included', async () => {
  const server = await serve({ isolated: false });
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(server.url + '#/tour/1');
    await page.locator('#tour-step').waitFor();
    await page.evaluate(() => { window.sameDocument = true; });
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
    await page.waitForTimeout(1000);
    assert.equal(await page.evaluate(() => window.sameDocument), true, 'not reloaded');
    for (const hash of ['#/lesson/cores', '#/lesson/scheduler', '#/']) {
      await page.evaluate((h) => { location.hash = h; }, hash);
      await page.locator('#app[data-live] h1').first().waitFor();
      await page.waitForTimeout(300);
      assert.equal(await page.evaluate(() => window.sameDocument), true, `not reloaded at ${hash}`);
    }
    // Where shared memory is not asked for, none is offered: the scheduler lab has none.
    assert.equal(await page.evaluate(() => window.crossOriginIsolated), false);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    await server.close();
  }
});

test('embedded in an ordinary page: runs with message passing and says so', async () => {
  const embed = { hash: '#/embed/cores?bound=1000000', heading: 'Week 3: parallelism', height: 760, viewport: { width: 1000, height: 1000 } };
  await inCoursePage(browser, embed, async (page, frame) => {
    for (const visit of ['first visit', 'second visit']) {
      if (visit === 'second visit') await page.reload();
      assert.equal(await page.evaluate(() => window.crossOriginIsolated), false, visit);
      await frame.locator('.status-line[data-isolated="false"]').waitFor();
      assert.match(await frame.locator('.status-line').innerText(), /Embedded, not cross-origin isolated/);
      assert.equal(await frame.locator('input[name=mode][value=shared]').isDisabled(), true);
      assert.match(await frame.locator('.mode-note').innerText(), /^Message passing/);
      const run = await runCoresLesson(frame);
      assert.equal(run.mode, 'message', visit);
      assert.equal(run.count, PRIMES_BELOW_1M, visit);
    }
    await page.screenshot({ path: join(SHOTS, 'embedded.png'), fullPage: true });
  });
});

test('offline: after one visit the app loads and the lesson runs with no network', () =>
  thenOffline(browser, LESSON, async (page) => {
    assert.equal(await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      return registration.active.state;
    }), 'activated');
  }, async (page, url) => {
    await page.reload();
    await page.locator('.lab').waitFor();
    const run = await runCoresLesson(page);
    assert.equal(run.count, PRIMES_BELOW_1M);
    await page.goto(url + '#/');
    await page.locator('.card-link').first().waitFor();
  }));

test('an unknown lesson shows a way back, not a blank page', async () => {
  const server = await serve({ isolated: true });
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(server.url + '#/lesson/no-such-lesson');
    await page.getByText('There is no lesson called').waitFor();
    await page.getByRole('link', { name: 'See all lessons' }).click();
    await page.locator('.card-link').first().waitFor();
  } finally {
    await context.close();
    await server.close();
  }
});

test('real races: load-store loses updates, fetch-add and a mutex lose none', () => onSite(browser, { isolated: true, viewport: { width: 1280, height: 900 } }, async (page, server) => {
  await page.goto(server.url + '#/lesson/race');
  let lostByLoadStore = 0;
  // The threads overlap behind a barrier; on a busy machine the operating system may
  // still run them one after the other, so later attempts race ten times longer.
  for (let attempt = 1; attempt <= 5 && lostByLoadStore === 0; attempt++) {
    if (attempt === 3) await page.locator('#per-thread').selectOption('10000000');
    await page.click('#race');
    const table = page.locator(`#race-results[data-run="${attempt}"]`);
    await table.waitFor({ timeout: 120_000 });
    const lost = async (kind) => Number(await table.locator(`tr[data-increment="${kind}"]`).getAttribute('data-lost'));
    assert.equal(await lost('fetch-add'), 0);
    assert.equal(await lost('mutex'), 0);
    lostByLoadStore = await lost('load-store');
  }
  assert.ok(lostByLoadStore > 0, 'the unsynchronised counter lost updates');
  await page.screenshot({ path: join(SHOTS, 'lesson-race.png'), fullPage: true });
}));

test('real races, embedded in an ordinary page: says why it cannot run', async () => {
  await inCoursePage(browser, { hash: '#/embed/race', heading: 'Week 6: races', height: 500 }, async (page, frame) => {
    const note = frame.locator('#race-unavailable');
    await note.waitFor();
    assert.match(await note.innerText(), /needs a cross-origin isolated page.*embedded in another page/);
  });
});

test('every kernel gives the same answer on one worker and on many, in both modes (the sort the native one)', () => onSite(browser, { isolated: true, viewport: { width: 1280, height: 900 } }, async (page, server) => {
  const values = {};
  for (const [kernel, size] of [['mandelbrot', 600], ['pi', 10000000], ['matrix', 200]]) {
    for (const mode of ['shared', 'message']) {
      await page.goto(`${server.url}#/lesson/cores?kernel=${kernel}&size=${size}&mode=${mode}`);
      await page.reload();
      const run = await runCoresLesson(page);
      assert.equal(run.mode, mode);
      assert.equal(run.count, run.aloneCount, `${kernel} ${mode}: parallel and alone agree`);
      values[kernel] ??= run.count;
      assert.equal(run.count, values[kernel], `${kernel}: both modes agree`);
    }
  }
  // The sort: a million keys, both modes, the checksum the native tests expect (as
  // text: it is beyond a double's integers).
  for (const mode of ['shared', 'message']) {
    await page.goto(`${server.url}#/lesson/cores?kernel=sort&size=1000000&mode=${mode}`);
    await page.reload();
    await runCoresLesson(page);
    const results = page.locator('#results');
    assert.equal(await results.getAttribute('data-count'), '11626046871664798786', `sort ${mode}`);
    assert.equal(await results.getAttribute('data-alone-count'), '11626046871664798786', `sort ${mode} alone`);
  }
  // Monte Carlo pi from ten million points: within 0.002.
  assert.ok(Math.abs(4 * values.pi / 1e7 - Math.PI) < 0.002, `${4 * values.pi / 1e7}`);
  await page.screenshot({ path: join(SHOTS, 'lesson-cores-matrix.png'), fullPage: true });
}));

test('the home page: every card pictures a run of its own lesson, no two alike; on a 375 px phone no page scrolls sideways', () =>
  onSite(browser, { isolated: true, viewport: { width: 375, height: 800 } }, async (page, server) => {
    await page.goto(server.url);
    await page.waitForFunction(() => {
      const pictures = [...document.querySelectorAll('.card .card-picture')];
      return pictures.length > 0 && pictures.every((p) => p.dataset.drawn === 'true');
    });
    const pictures = await page.locator('.card').evaluateAll((cards) =>
      cards.map((c) => ({ lesson: c.dataset.lesson, svg: c.querySelector('.card-picture').innerHTML })));
    assert.equal(pictures.length, 16);
    for (const p of pictures) assert.match(p.svg, /<(rect|polyline)/, `${p.lesson} has a drawing`);
    assert.equal(new Set(pictures.map((p) => p.svg)).size, pictures.length, 'no two pictures alike');
    const sideways = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(await sideways() <= 0, `the home page scrolls ${await sideways()} px sideways`);
    await page.screenshot({ path: join(SHOTS, 'home-phone.png'), fullPage: true });
    for (const { lesson } of pictures) {
      await page.goto(server.url + `#/lesson/${lesson}`);
      await page.locator('.lab, .lab-grid').first().waitFor();
      await page.waitForTimeout(300);
      assert.ok(await sideways() <= 0, `${lesson} scrolls ${await sideways()} px sideways`);
    }
  }));

test('the front door: the home page is in the page itself, no app is fetched until the visitor leaves it, then the app takes over', () =>
  onSite(browser, { isolated: true, viewport: { width: 375, height: 800 } }, async (page, server) => {
    // The HTML as served: the home page's text and every card's picture, drawn.
    const html = await (await fetch(server.url)).text();
    assert.match(html, /<div id="app" data-prerendered="home">/);
    assert.match(html, /<h1>See concurrency and parallelism happen<\/h1>/);
    assert.equal([...html.matchAll(/data-drawn="true"/g)].length, 16, 'every card pictured');
    assert.doesNotMatch(html, /rel="(module)?preload"/, 'nothing preloaded');

    const fetched = [];
    page.on('request', (r) => { if (/\/app-[0-9a-f]+\/.*\.(js|wasm|pack)$/.test(r.url())) fetched.push(r.url()); });
    await page.goto(server.url);
    await page.locator('.card-link').first().waitFor();
    await page.waitForLoadState('load');
    await page.waitForTimeout(1000);
    assert.deepEqual(fetched, [], 'the front door fetches no app');
    assert.equal(await page.evaluate(() => location.hash), '#/', 'the address names the home page for the app to come back to');
    // Its status line is the one the app will show, written before the app runs.
    assert.match(await page.locator('#door-status').innerText(), /Cross-origin isolated: shared-memory threads available[\s·]+browser reports \d+ hardware threads/);
    assert.equal(await page.locator('[data-door="tour"]').isVisible(), false);
    await page.screenshot({ path: join(SHOTS, 'front-door-phone.png'), fullPage: true });
    // The bar shown while the app loads moves by a transform alone, which the compositor
    // animates even while the page's thread is busy compiling the app.
    const animated = await page.evaluate(() => {
      document.documentElement.classList.add('app-loading');
      const bar = document.getAnimations().filter((a) => a.animationName === 'loading');
      const keys = bar.flatMap((a) => a.effect.getKeyframes().flatMap(Object.keys));
      document.documentElement.classList.remove('app-loading');
      return [bar.length, [...new Set(keys)].filter((k) => !['offset', 'computedOffset', 'easing', 'composite'].includes(k))];
    });
    assert.deepEqual(animated, [1, ['transform']]);

    // A card: the app starts, and shows the lesson; back home, the app's own page.
    await page.locator('.card[data-lesson="scheduler"] .card-link').click();
    await page.locator('#makespan').waitFor();
    // Once the lab works, its simulator follows (the export buttons wait for it).
    await page.locator('#app[data-live] #export-json:enabled').waitFor();
    // The app: its shell's JavaScript and wasm, the split's loaders, its own JavaScript
    // modules (the snippets), and the lesson's part, one pack, then the code it fetches
    // once it works: no other part.
    const own = fetched.filter((u) => /\/snippets\/interleave-app-/.test(u));
    const names = fetched.filter((u) => !own.includes(u)).map((u) => u.split('/').pop()).sort();
    assert.deepEqual(names, ['__wasm_split.js', 'app.js', 'app_bg.wasm', 'lab.pack', 'lab_engine.pack'], fetched.join(', '));
    assert.ok(own.every((u) => u.endsWith('.js')), own.join(', '));
    await page.goBack();
    await page.locator('#app:not([data-prerendered]) #saved-count').waitFor();
    assert.equal(await page.locator('#app[data-prerendered]').count(), 0);

    // The tour's first step is in the page too: with the app held back (and no
    // service worker to serve it), its text shows and the home page does not; let
    // through, the app runs the step.
    const held = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 375, height: 800 } });
    try {
      await held.route(/\/app-[0-9a-f]+\//, (route) => route.abort());
      const tour = await held.newPage();
      await tour.goto(server.url + '#/tour/1');
      await tour.locator('[data-door="tour"] #tour-title').waitFor();
      assert.equal(await tour.locator('[data-door="home"] h1').isVisible(), false);
      assert.match(await tour.locator('[data-door="tour"] .tour-count').innerText(), /^Step 1 of \d+$/);
      await tour.screenshot({ path: join(SHOTS, 'front-door-tour-phone.png'), fullPage: true });
      // On the home page, a card whose app cannot load says so on the page.
      await tour.goto(server.url + '?held');
      await tour.locator('.card[data-lesson="scheduler"] .card-link').click();
      await tour.locator('#app-failed[role="alert"]').waitFor();
      assert.match(await tour.locator('#app-failed').innerText(), /^The playground could not load/);
      await tour.screenshot({ path: join(SHOTS, 'front-door-failed-phone.png') });
    } finally {
      await held.close();
    }
    await page.goto(server.url + '?tour#/tour/1');
    await page.locator('#app:not([data-prerendered]) #tour-step[data-step="1"]').waitFor();

    // Reaching for the saved work on the front door starts the app.
    await page.goto(server.url + '?again');
    await page.locator('#app[data-prerendered] #import-work').waitFor({ state: 'attached' });
    await page.locator('#import-work').focus();
    await page.locator('#app:not([data-prerendered]) .status-line').waitFor();

    // A returning visitor with saved work gets the app at once.
    await page.evaluate(() => localStorage.setItem('interleave:work:scheduler', 'cores 2\ntask a: cpu 3\n'));
    await page.goto(server.url + '?saved');
    await page.locator('#app:not([data-prerendered]) #saved-count').waitFor();
    assert.match(await page.locator('#saved-count').innerText(), /^1 text is saved/);
  }));
