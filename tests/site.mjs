// One browser and one static server of dist/ per test file: started before its tests,
// closed after them. `ready(browser, server)` hands them to the file's tests.
import { before, after } from 'node:test';
import { serve } from './server.mjs';
import { launch } from './browser.mjs';

export function withSite(ready, options = { isolated: true }) {
  let browser;
  let server;
  before(async () => {
    browser = await launch();
    server = await serve(options);
    ready(browser, server);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
}
