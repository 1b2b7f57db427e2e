// End-to-end tests of the synchronisation lessons in headless Chromium: a learner plays
// the lost update by hand, the explorer's counterexamples replay in the play view, the
// deadlock's cycle is drawn, edits and links keep the learner's work, the explorer can
// be cancelled, stops at its limit and keeps a small worker for the next search, and
// the embedded widget works on a page that is not isolated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { withSite } from './site.mjs';
import { inCoursePage, setText, SHOTS, withPage, assertAccessible } from './browser.mjs';

let browser;
let server;
withSite((b, s) => { browser = b; server = s; });

const step = (frame, thread) => frame.locator(`.thread[data-thread="${thread}"] button.step`).click();
const shared = async (frame, name) => Number(await frame.locator(`tr[data-shared="${name}"] .value`).innerText());

async function explore(frame) {
  await frame.locator('#explore').click();
  await frame.locator('#explore-summary').waitFor({ timeout: 60_000 });
  return frame.locator('#explore-summary').innerText();
}

test('a learner loses an update by playing the scheduler, undoes and redoes it, and the link keeps it', () => withPage(browser, server.url + '#/lesson/interleavings', { viewport: { width: 1280, height: 900 }, ready: '.thread' }, async (page) => {
  assert.match(await page.locator('#goal').innerText(), /^Goal: Make the counter end at 1/);
  // Both threads read 0 before either writes: one increment overwrites the other.
  for (const t of ['A', 'B', 'A', 'A', 'B']) await step(page, t);
  assert.match(await page.locator('#goal').innerText(), /^Goal: /, 'not yet: B has not written');
  assert.equal(await page.locator('.thread[data-thread="A"] button.step').isDisabled(), true, 'A has finished');
  await step(page, 'B');
  assert.match(await page.locator('#goal').innerText(), /^Goal reached: Make the counter end at 1 — in 6 steps: A B A A B B/);
  assert.equal(await shared(page, 'count'), 1);
  assert.match(await page.locator('#outcome').innerText(), /Every thread has finished\. Broken: “no update is lost”/);
  assert.match(page.url(), /level=counter&s=010011/);

  // Undo all the way back, then redo to the end.
  for (let i = 0; i < 6; i++) await page.locator('#undo').click();
  assert.equal(await page.locator('#undo').isDisabled(), true);
  assert.equal(await shared(page, 'count'), 0);
  assert.equal(await page.locator('#step-count').innerText(), 'step 0 of 6');
  for (let i = 0; i < 3; i++) await page.locator('#redo').click();
  assert.equal(await page.locator('#step-count').innerText(), 'step 3 of 6');
  // A click on a column of the timeline goes to that step.
  await page.locator('button[aria-label="Go to step 6"]').click();
  assert.equal(await shared(page, 'count'), 1);

  // The link reproduces the interleaving, and where the learner stood in it.
  await page.locator('button[aria-label="Go to step 4"]').click();
  await page.waitForFunction(() => location.hash.includes('at=4'));
  const link = page.url();
  const again = await page.context().newPage();
  await again.goto(link);
  await again.locator('.thread').first().waitFor();
  assert.equal(await again.locator('#step-count').innerText(), 'step 4 of 6');
  await again.locator('#redo').click();
  await again.locator('#redo').click();
  assert.match(await again.locator('#goal').innerText(), /^Goal reached/);
  await page.screenshot({ path: join(SHOTS, 'sync-play.png'), fullPage: true });
}));

test('the explorer counts every interleaving, and its counterexample replays in the play view', () => withPage(browser, server.url + '#/lesson/interleavings', { viewport: { width: 1280, height: 900 }, ready: '.thread' }, async (page) => {
  assert.match(await explore(page), /Explored 22 states and 28 transitions .*: 20 interleavings\./);
  const rows = page.locator('#finals tbody tr');
  assert.equal(await rows.count(), 2);
  assert.match(await rows.nth(0).innerText(), /count = 1\s+18\s+bad/);
  assert.match(await rows.nth(1).innerText(), /count = 2\s+2\s+ok/);
  const finding = page.locator('.finding[data-kind="finally"]');
  assert.match(await finding.innerText(), /“no update is lost” fails at the end: count = 1/);
  await finding.locator('button.replay').click();
  assert.match(await page.locator('#goal').innerText(), /^Goal reached: .* in 6 steps/);
  assert.equal(await shared(page, 'count'), 1);
  assert.equal(await page.locator('#step-count').innerText(), 'step 6 of 6');

  // The fixes are proved, not claimed.
  for (const level of ['mutex', 'atomic']) {
    await page.locator(`button[data-level="${level}"]`).click();
    await explore(page);
    assert.match(await page.locator('#verdict').innerText(), /^No bad state: .* This is a proof/);
    assert.equal(await page.locator('#finals tr.bad').count(), 0);
    assert.match(await page.locator('.goal-found').innerText(), /unreachable/);
  }
  await page.screenshot({ path: join(SHOTS, 'sync-proved.png'), fullPage: true });
}));

test('opposite lock orders: the deadlock is found, replayed, and its cycle drawn; one order fixes it', () => withPage(browser, server.url + '#/lesson/deadlock', { viewport: { width: 1280, height: 900 }, ready: '.thread' }, async (page) => {
  await explore(page);
  const deadlock = page.locator('.finding[data-kind="deadlock"]');
  assert.match(await deadlock.innerText(), /T1 holds a and waits for b; T2 holds b and waits for a/);
  await deadlock.locator('button.replay').click();
  assert.match(await page.locator('#outcome').innerText(), /^deadlock: T1 holds a/);
  assert.equal(await page.locator('#cycle').count(), 1);
  assert.equal(await page.locator('.wait-for .edge.cycle').count(), 4, 'two holds and two waits, all on the cycle');
  assert.match(await page.locator('#goal').innerText(), /^Goal reached: Reach a deadlock/);
  // Every step button says why it cannot be pressed.
  assert.match(await page.locator('.thread[data-thread="T1"] button.step').innerText(), /waits for b \(held by T2\)/);

  await page.locator('button[data-level="philosophers"]').click();
  await explore(page);
  assert.match(await page.locator('.finding[data-kind="deadlock"]').innerText(), /P4 holds f4 and waits for f0/);
  await page.locator('.finding[data-kind="deadlock"] button.replay').click();
  assert.equal(await page.locator('.wait-for .edge.cycle').count(), 10);
  await page.screenshot({ path: join(SHOTS, 'sync-deadlock.png'), fullPage: true });

  for (const level of ['ordered-locks', 'philosophers-ordered']) {
    await page.locator(`button[data-level="${level}"]`).click();
    await explore(page);
    assert.match(await page.locator('#verdict').innerText(), /^No bad state/);
  }
}));

test('an edited program: errors at line and column, the text kept, the link carries it', () => withPage(browser, server.url + '#/lesson/locks?level=bowl-of-keys', { ready: '.thread' }, async (page, errors) => {
  const setProgram = (value) => setText(page, '#program', value);
  await step(page, 'A');
  await step(page, 'A');
  await page.locator('.program-editor > summary').click();
  const original = await page.locator('#program').inputValue();
  const broken = original.replace('fetch_add(in_use, 1)', 'in_use = in_use + 1');
  await setProgram(broken);
  assert.match(await page.locator('#program-errors').innerText(), /line 8, col 1\s+this step reads and writes in_use/);
  assert.equal(await page.locator('#program-broken').count(), 1);
  assert.equal(await page.locator('#program').inputValue(), broken, 'the text is kept as typed');
  // Fixed differently: three permits. The schedule played so far still fits.
  await setProgram(original.replace('semaphore pool = 2', 'semaphore pool = 3'));
  assert.equal(await page.locator('#program-errors li').count(), 0);
  assert.equal(await page.locator('#step-count').innerText(), 'step 2 of 2');
  await page.waitForFunction(() => location.hash.includes('src='));
  const again = await page.context().newPage();
  await again.goto(page.url());
  await again.locator('.thread').first().waitFor();
  assert.match(await again.locator('#program').inputValue(), /semaphore pool = 3/);
  assert.match(await again.locator('.program-editor > summary').innerText(), /edited/);
  await again.locator('#reset-program').click();
  assert.match(await again.locator('#program').inputValue(), /semaphore pool = 2/);
  // A damaged link says so and falls back to the level.
  const damaged = await page.context().newPage();
  await damaged.goto(server.url + '#/lesson/locks?level=nope&s=0z!&src=1%21%21');
  await damaged.locator('.thread').first().waitFor();
  assert.match(await damaged.locator('.notice').first().innerText(), /no level “nope”.*could not be read/);
}));

test('the explorer stops at its state limit with a clear message, can be cancelled, and keeps a small worker for the next search', () => withPage(browser, server.url + '#/lesson/deadlock?level=philosophers', { ready: '.thread' }, async (page) => {
  const program = (n) => {
    const lines = [`mutex ${Array.from({ length: n }, (_, i) => `f${i}`).join(', ')}`, 'shared meals = 0'];
    for (let i = 0; i < n; i++) {
      lines.push(`thread P${i}:`, `    lock f${i}`, `    lock f${(i + 1) % n}`, '    fetch_add(meals, 1)',
        `    unlock f${(i + 1) % n}`, `    unlock f${i}`);
    }
    return lines.join('\n');
  };
  const setProgram = (value) => setText(page, '#program', value);
  const workers = [];
  page.on('worker', (w) => workers.push(w));
  await page.locator('.program-editor > summary').click();
  await setProgram(program(8));
  await page.selectOption('#limit', '100000');
  await explore(page);
  assert.match(await page.locator('#limit-reached').innerText(), /stopped at its limit of 100\s000 states/);
  assert.match(await page.locator('#explore-summary').innerText(), /Explored 100\s000 states/);
  assert.equal(workers.length, 1, 'the search ran on a worker of its own');
  assert.equal(await workers[0].evaluate(() => self.name), 'simd', 'of the build with SIMD instructions, which Chromium runs');

  // A bigger one, cancelled while it runs; the page answers at once and runs again.
  await setProgram(program(11));
  await page.selectOption('#limit', '5000000');
  await page.locator('#explore').click();
  await page.locator('#explore-progress').waitFor();
  await page.waitForFunction(() => /[1-9]/.test(document.querySelector('#explore-progress')?.textContent ?? ''));
  await page.locator('#cancel-explore').click();
  await page.locator('#explore:not([disabled])').waitFor({ timeout: 5_000 });
  assert.equal(await page.locator('#explore-progress').count(), 0);
  assert.equal(workers.length, 1, 'the first search left its worker, small, for the next');
  await setProgram(program(3));
  assert.match(await explore(page), /Explored \d+ states/);
  assert.equal(workers.length, 2, 'Cancel stopped the worker, so this search started another');

  // A worker whose memory a big search grew is not kept; a small one is.
  await setProgram(program(9));
  assert.match(await explore(page), /Explored 1\s426\s431 states/);
  assert.equal(workers.length, 2, 'the last search left its worker for this one');
  await setProgram(program(4));
  assert.match(await explore(page), /Explored [\d\s]+ states/);
  assert.equal(workers.length, 3, 'the big search grew its worker past what is kept');
  await setProgram(program(5));
  assert.match(await explore(page), /Explored [\d\s]+ states/);
  assert.equal(workers.length, 3, 'a small search keeps its worker');

  // A program whose states are wide stops below the limit chosen, and says why rather
  // than suggest a higher limit.
  const wide = [];
  for (let i = 0; i < 18; i++) wide.push(`shared ${Array.from({ length: 50 }, (_, j) => `v${i * 50 + j}`).join(', ')}`);
  wide.push('thread A:', '    i = 0', '    while i < 3000000:', '        i = i + 1');
  await setProgram(wide.join('\n'));
  await explore(page);
  const why = await page.locator('#limit-reached').innerText();
  assert.match(why, /stopped at [\d\s]+ states, the most it stores for a program whose states are this wide/);
  assert.doesNotMatch(why, /raise the limit/);
}));

test('past the state limit: random runs find a lost update deep in a long run, and it replays', () => withPage(browser, server.url + '#/lesson/interleavings', { ready: '.thread' }, async (page) => {
  // Six threads of twenty atomic adds; two then read, add one and write back b.
  const lines = ['shared a = 0', 'shared b = 0'];
  for (let t = 1; t <= 6; t++) {
    lines.push(`thread T${t}:`, '    i = 0', '    while i < 20:', '        fetch_add(a, 1)', '        i = i + 1');
    if (t <= 2) lines.push('    x = b', '    x = x + 1', '    b = x');
  }
  lines.push('finally "every add counted": a == 120 and b == 2');
  await page.locator('.program-editor > summary').click();
  await setText(page, '#program', lines.join('\n'));
  // Random search is offered only once the explorer has stopped at its limit.
  assert.equal(await page.locator('#draw').count(), 0);
  await page.selectOption('#limit', '100000');
  await explore(page);
  assert.equal(await page.locator('#findings').count(), 0, 'the explorer finds nothing within its limit');
  await page.selectOption('#random-strategy', { label: 'PCT, depth 3' });
  await page.selectOption('#random-runs', '1000');
  await page.locator('#draw').click();
  const results = page.locator('#random-results');
  await results.waitFor({ timeout: 60_000 });
  assert.equal(await results.getAttribute('data-runs'), '1000');
  assert.match(await results.innerText(), /1\s000 runs drawn by PCT of depth 3.*at least 1 in [\d\s]+\./s);
  const finding = page.locator('#random-findings li[data-kind="finally"]');
  assert.match(await finding.innerText(), /fails at the end: a = 120, b = 1/);
  await finding.locator('button.replay').click();
  assert.equal(await page.locator('tr[data-shared="b"] .value').innerText(), '1');
  assert.match(await page.locator('#outcome').innerText(), /every add counted/);
  await page.screenshot({ path: join(SHOTS, 'sync-random.png'), fullPage: true });
}));

test('embedded in an ordinary page: plays and explores, no isolation needed', async () => {
  const embed = { hash: '#/embed/interleavings?level=check-then-act', heading: 'Week 5: races', height: 1600, viewport: { width: 900, height: 1000 } };
  await inCoursePage(browser, embed, async (page, frame) => {
    await frame.locator('.thread').first().waitFor({ timeout: 60_000 });
    assert.match(await explore(frame), /66 interleavings/);
    await frame.locator('.goal-found button.replay').click();
    assert.match(await frame.locator('#goal').innerText(), /^Goal reached: Sell the last seat twice/);
    assert.equal(await shared(frame, 'sold'), 2);
    await page.screenshot({ path: join(SHOTS, 'sync-embedded.png'), fullPage: true });
  });
});

test('accessibility (axe-core): no serious or critical violations in the sync lessons', async () => {
  const hashes = ['#/lesson/interleavings?level=counter&s=0101', '#/lesson/deadlock?level=two-locks&s=01', '#/embed/locks?level=producer-consumer'];
  await assertAccessible(browser, hashes.map((h) => server.url + h), async (page) => {
    await page.locator('.thread').first().waitFor();
    await explore(page);
  });
});
