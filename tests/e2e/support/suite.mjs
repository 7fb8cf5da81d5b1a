// One served site and one browser per test file: started before its tests, closed after.

import { before, after } from 'node:test';

import { launch } from './browser.mjs';
import { startSite } from './site.mjs';

/** Registers the file's set-up and tear-down; read `env.srv` and `env.browser` in tests. */
export function useSiteAndBrowser() {
  const env = {};
  before(async () => {
    env.srv = await startSite();
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.srv?.close();
  });
  return env;
}
