// The framework examples (examples/html, react, vue, svelte, angular), each built with
// Vite from its own config and served by the real relay. Per example, two browser contexts
// make a real call: the caller's framework set `userInfo` as a property (the callee shows
// its name), the callee's framework handler for `call-incoming` and then `call-hung-up`
// updates the framework's own rendered state (`#last-event`).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRelay } from '../../server/relay.js';
import { waitUntil } from './helpers.js';
import { launchChromium, openPage, waitForUpgrade } from './page-helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Example folder → the framework name its app puts into `userInfo.name`. */
const EXAMPLES = { html: 'HTML', react: 'React', vue: 'Vue', svelte: 'Svelte', angular: 'Angular' };

describe('framework examples', () => {
  /** @type {string} */
  let dir;
  /** @type {import('../../server/relay.js').Relay} */
  let relay;
  /** @type {import('playwright').Browser} */
  let browser;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'meshcall-examples-'));
    const { build } = await import('vite');
    for (const name of Object.keys(EXAMPLES)) {
      await build({
        configFile: path.join(root, 'examples', name, 'vite.config.js'),
        logLevel: 'silent',
        build: { outDir: path.join(dir, name), emptyOutDir: true },
      });
    }
    relay = await startRelay({ port: 0, staticDir: dir, log: () => {} });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await relay?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  for (const [name, framework] of Object.entries(EXAMPLES)) {
    it(`${name}: the tags upgrade, take properties, and call-incoming / call-hung-up reach ${framework} code`, async (t) => {
      const alice = `alice-${name}`;
      const bob = `bob-${name}`;
      await waitUntil(() => relay.connectionCount() === 0, 'the previous example’s sockets to close');
      const callee = await openPage(browser);
      t.after(() => callee.context.close());
      await callee.page.goto(`${relay.httpUrl}/${name}/index.html?user=${bob}`);
      await waitForUpgrade(callee.page);
      await waitUntil(() => relay.connectionCount() === 1, `${bob} connected`);
      const caller = await openPage(browser);
      t.after(() => caller.context.close());
      await caller.page.goto(`${relay.httpUrl}/${name}/index.html?user=${alice}&call=${bob}`);
      await waitForUpgrade(caller.page);
      await waitUntil(() => relay.connectionCount() === 2, `${alice} connected`);

      // The framework set objects and arrays as properties, strings as attributes.
      const set = await caller.page.evaluate(() => {
        const el = /** @type {HTMLElementTagNameMap['call-session']} */ (document.querySelector('call-session'));
        return { userId: el.getAttribute('user-id'), opponents: el.opponents, config: el.config, userInfo: el.userInfo };
      });
      assert.deepEqual(set, { userId: alice, opponents: [bob], config: { dialingTimeInterval: 3 }, userInfo: { name: `${alice} (${framework})` } });

      const lastEvent = callee.page.locator('#last-event');
      assert.equal(await lastEvent.textContent(), 'none yet');
      await caller.page.getByRole('button', { name: 'Call', exact: true }).click();
      await callee.page.getByText(`call-incoming from ${alice} (${framework})`, { exact: true }).waitFor();

      await callee.page.getByRole('button', { name: 'Accept', exact: true }).click();
      const connected = () => document.querySelector('call-session')?.session?.state === 'connected';
      await Promise.all([caller.page.waitForFunction(connected), callee.page.waitForFunction(connected)]);

      await caller.page.getByRole('button', { name: 'Hang up', exact: true }).click();
      await callee.page.getByText(`call-hung-up by ${alice} (${framework})`, { exact: true }).waitFor();
      assert.equal(await lastEvent.textContent(), `call-hung-up by ${alice} (${framework})`);
      assert.deepEqual([...caller.errors, ...callee.errors], [], 'no uncaught errors');
    });
  }
});
