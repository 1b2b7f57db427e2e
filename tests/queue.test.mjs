// End-to-end tests of the message-queue lesson in headless Chromium: the run and the
// sweep the lesson opens on (consumers past the partitions add no throughput), the
// same figures as the command line for the same file, the knob and the text in the
// link, the workloads (publish-subscribe, blocking, dropping) and the comparisons,
// bad input located with the text kept, embedded in a course page that is not
// isolated, a phone, and axe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { withSite } from './site.mjs';
import { assertAccessible, inCoursePage, interleaveJson, setText, SHOTS, withPage } from './browser.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const LESSON = '#/lesson/queue';

let browser;
let server;
withSite((b, s) => { browser = b; server = s; });

/** The command line's figures for one of the lesson's files. */
function native(id) {
  return interleaveJson('run', join(ROOT, 'crates', 'lessons', 'src', 'queue', `${id}.scn`), '--json');
}

/** Each group's row of the run as written (or of `id`): its name, processed, p99, and
 * whether Little's law holds. */
function groups(frame, id = 'queue-figures') {
  return frame.locator(`#${id} .queue-group`).evaluateAll((rows) => rows.map((r) => ({
    name: r.dataset.group,
    processed: Number(r.dataset.processed),
    p99: Number(r.dataset.p99),
    little: r.dataset.littleHolds === 'true',
  })));
}

async function sweep(frame) {
  await frame.locator('#queue-sweep[data-done="true"]').waitFor({ timeout: 30_000 });
  return frame.locator('.sweep-row').evaluateAll((rows) => rows.map((r) => ({
    consumers: Number(r.dataset.consumers),
    partitions: Number(r.dataset.partitions),
    throughput: Number(r.dataset.throughput),
  })));
}

test('the lesson opens on a run and a sweep: consumers past the partitions add no throughput', () =>
  withPage(browser, server.url + LESSON, { viewport: { width: 1280, height: 900 }, ready: '.queue-group' }, async (page) => {
    const rows = await sweep(page);
    assert.deepEqual(rows.map((r) => r.consumers), [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.ok(rows.every((r) => r.partitions === 4));
    const at = (k) => rows[k - 1].throughput;
    assert.ok(at(2) > 1.9 * at(1) && at(4) > 1.5 * at(2), JSON.stringify(rows));
    for (let k = 5; k <= 8; k++) assert.equal(at(k), at(4), `${k} consumers`);
    // The run as the command line computes it for the same file.
    const cli = native('point-to-point');
    const [g] = await groups(page);
    assert.deepEqual(g, { name: 'workers', processed: cli.groups[0].processed, p99: cli.groups[0].p99, little: true });
    assert.equal(Number(await page.locator('#queue-figures').getAttribute('data-accepted')), cli.accepted);
    await page.locator('#queue-lag svg polyline').first().waitFor();
    await page.screenshot({ path: join(SHOTS, 'queue-desk.png'), fullPage: true });

    // The knob, in the link: four workers keep up.
    await page.selectOption('#queue-consumers', '4');
    await page.waitForFunction(() => document.querySelector('.queue-group')?.dataset.p99 !== undefined
      && new URLSearchParams(location.hash.split('?')[1]).get('k') === '4');
    const four = await groups(page);
    assert.ok(four[0].p99 * 10 < g.p99, `${four[0].p99} against ${g.p99}`);
    await page.reload();
    await page.locator('.queue-group').waitFor();
    assert.equal(await page.locator('#queue-consumers').inputValue(), '4');
    assert.deepEqual(await groups(page), four);
    // Remembered for the next visit, by a link with no settings too.
    await page.goto(server.url + '#/');
    await page.goto(server.url + LESSON);
    await page.locator('.queue-group').waitFor();
    assert.equal(await page.locator('#queue-consumers').inputValue(), '4');
  }));

test('publish-subscribe, blocking and dropping: every group sees every message; a bounded queue bounds latency', () =>
  withPage(browser, server.url + LESSON, { ready: '.queue-group' }, async (page) => {
    const open = (await groups(page))[0];
    await page.selectOption('#queue-workload', 'pub-sub');
    await page.waitForFunction(() => document.querySelectorAll('#queue-figures .queue-group').length === 3);
    const accepted = Number(await page.locator('#queue-figures').getAttribute('data-accepted'));
    for (const g of await groups(page)) {
      assert.equal(g.processed, accepted, g.name);
      assert.ok(g.little, g.name);
    }
    for (const [id, dropped] of [['block', false], ['drop', true]]) {
      await page.selectOption('#queue-workload', id);
      await page.waitForFunction((id) => document.querySelector('#queue-workload').value === id
        && document.querySelectorAll('#queue-figures .queue-group').length === 1, id);
      await page.waitForFunction(() => document.querySelector('#queue-figures').dataset.dropped !== undefined);
      const drops = Number(await page.locator('#queue-figures').getAttribute('data-dropped'));
      assert.equal(drops > 0, dropped, `${id}: ${drops} dropped`);
      const [g] = await groups(page);
      assert.ok(g.p99 * 5 < open.p99, `${id}: p99 ${g.p99} against ${open.p99} unbounded`);
      assert.equal(g.p99, native(id).groups[0].p99, id);
    }
    // The lesson's own queue compared with itself bounded and dropping, and subscribed
    // three times: in the link, beside the run as written.
    await page.selectOption('#queue-workload', 'point-to-point');
    await page.selectOption('#queue-compare', 'drop');
    await page.locator('#queue-figures-b').waitFor();
    await page.waitForFunction(() => new URLSearchParams(location.hash.split('?')[1]).get('vs') === 'drop');
    assert.ok(Number(await page.locator('#queue-figures-b').getAttribute('data-dropped')) > 0);
    assert.equal(await page.locator('#queue-figures').getAttribute('data-dropped'), '0');
    await page.selectOption('#queue-compare', 'pub-sub');
    await page.waitForFunction(() => document.querySelectorAll('#queue-figures-b .queue-group').length === 3);
    for (const g of await groups(page, 'queue-figures-b')) assert.equal(g.processed, 2000, g.name);
    await page.selectOption('#queue-compare', '');
    await page.locator('#queue-figures-b').waitFor({ state: 'detached' });
  }));

test('bad input is located and the text kept; the last good run stays', () =>
  withPage(browser, server.url + LESSON, { ready: '.queue-group' }, async (page) => {
    const before = await groups(page);
    const text = (await page.inputValue('#queue')).replace('partitions=4', 'partitions=4 capacity=0');
    await setText(page, '#queue', text);
    await page.locator('.diagnostic').waitFor();
    assert.match(await page.locator('.diagnostic').first().innerText(), /line 5, col 36.*a capacity of 0 holds no message/s);
    assert.equal(await page.inputValue('#queue'), text);
    assert.deepEqual(await groups(page), before);
    await setText(page, '#queue', 'queue q\nproducer p count=10 every=1\ngroup g consumers=5000: process 2\n');
    await page.waitForFunction(() => /consumers must be between 1 and 1024/.test(document.querySelector('.diagnostic')?.textContent));
    await setText(page, '#queue', 'task a: cpu 1\n');
    await page.waitForFunction(() => /this lesson runs a message queue/.test(document.querySelector('.diagnostic')?.textContent));
    // A text of its own, kept across a reload.
    await setText(page, '#queue', 'queue q partitions=2\nproducer p count=300 every=2\ngroup g consumers=3: process 5\n');
    await page.waitForFunction(() => document.querySelectorAll('.sweep-row').length === 4 && !document.querySelector('.diagnostic'));
    await page.reload();
    await page.locator('#queue-sweep[data-done="true"]').waitFor();
    assert.equal(await page.locator('.queue-group').getAttribute('data-processed'), '300');
  }));

test('embedded in a course page that is not isolated, the lesson runs', () =>
  inCoursePage(browser, { hash: '#/embed/queue?k=5', heading: 'Week 6: queues', height: 1400 }, async (page, frame) => {
    const rows = await sweep(frame);
    assert.equal(rows.length, 8);
    assert.equal(await frame.locator('#queue-consumers').inputValue(), '5');
    assert.equal((await groups(frame))[0].processed, 2000);
    await page.screenshot({ path: join(SHOTS, 'queue-embedded.png'), fullPage: true });
  }));

test('a 375 px phone: no sideways scroll; axe finds nothing serious in either scheme', async () => {
  await withPage(browser, server.url + LESSON, { ready: '.queue-group', viewport: { width: 375, height: 800 } }, async (page) => {
    await sweep(page);
    const sideways = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(sideways <= 0, `${sideways} px sideways`);
    await page.screenshot({ path: join(SHOTS, 'queue-phone.png'), fullPage: true });
  });
  await assertAccessible(browser, [server.url + LESSON], (page) => page.locator('#queue-sweep[data-done="true"]').waitFor());
});
