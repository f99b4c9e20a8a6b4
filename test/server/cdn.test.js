// The CDN drop-in (SPEC §6): dist/cdn/meshcall.js, built for the sources as they are (scripts/build-cache.js), next to a plain HTML page
// with nothing but one <script type="module"> and a <call-session> tag, in a directory
// outside the repo (no node_modules reachable), served by the real relay. Two browser
// contexts make a real 1:1 call by clicking the default layout's buttons.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cachedBuild } from '../../scripts/build-cache.js';
import { startRelay } from '../../server/relay.js';
import { waitUntil } from './helpers.js';
import { launchChromium, openPage, sessionState, waitForRemoteVideos, waitForUpgrade } from './page-helpers.js';
import { callPage, hangUp, placeCall, startPageServer } from './call-pages.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The whole page a CDN user writes (here with the local file instead of the jsDelivr URL).
 * @param {{ userId: string, signalingUrl: string, opponents: string }} options
 */
function plainPage({ userId, signalingUrl, opponents }) {
  return `<!doctype html>
<script type="module" src="./meshcall.js"></script>
<call-session user-id="${userId}" signaling-url="${signalingUrl}" opponents="${opponents}" dialing-interval="3"></call-session>
`;
}

describe('CDN drop-in: one <script type="module"> and the tags', () => {
  /** @type {string} */
  let dir;
  /** @type {import('../../server/relay.js').Relay} */
  let relay;
  /** @type {import('playwright').Browser} */
  let browser;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'meshcall-cdn-'));
    assert.ok(path.relative(root, dir).startsWith('..'), 'the page lives outside the repo');
    await copyFile(path.join(await cachedBuild(), 'dist/cdn/meshcall.js'), path.join(dir, 'meshcall.js'));
    relay = await startRelay({ port: 0, staticDir: dir, log: () => {} });
    for (const { userId, opponents } of [
      { userId: 'alice', opponents: 'bob' },
      { userId: 'bob', opponents: 'alice' },
    ]) {
      await writeFile(path.join(dir, `${userId}.html`), plainPage({ userId, opponents, signalingUrl: relay.wsUrl }));
    }
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await relay?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('the README points at this version on jsDelivr', async () => {
    const { version } = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
    const readme = await readFile(path.join(root, 'README.md'), 'utf8');
    assert.ok(readme.includes(`https://cdn.jsdelivr.net/npm/meshcall@${version}/dist/cdn/meshcall.js`), `README names meshcall@${version}`);
  });

  it('two plain pages complete a 1:1 call, hang up, and load nothing but the page, meshcall.js and the relay’s /turn', async () => {
    // Bob first, so he is on the relay before Alice's first offer (a missed one is re-sent after 3 s anyway).
    const bob = await openPage(browser);
    await bob.page.goto(`${relay.httpUrl}/bob.html`);
    await waitForUpgrade(bob.page);
    await waitUntil(() => relay.connectionCount() === 1, 'bob connected to the relay');
    const alice = await openPage(browser);
    await alice.page.goto(`${relay.httpUrl}/alice.html`);
    await waitForUpgrade(alice.page);
    await waitUntil(() => relay.connectionCount() === 2, 'alice connected to the relay');

    // The CDN file also exports the core API.
    const exported = await alice.page.evaluate(async (url) => Object.keys(await import(url)), `${relay.httpUrl}/meshcall.js`);
    for (const name of ['CallClient', 'CallSession', 'CallSessionElement', 'defineElements', 'statsString'])
      assert.ok(exported.includes(name), `exports ${name}`);

    await alice.page.getByRole('button', { name: 'Call', exact: true }).click();
    await bob.page.getByRole('button', { name: 'Accept', exact: true }).click();
    const [aliceSees, bobSees] = await Promise.all([waitForRemoteVideos(alice.page), waitForRemoteVideos(bob.page)]);
    assert.ok(aliceSees[0] && aliceSees[0] > 0, 'alice decodes bob’s video');
    assert.ok(bobSees[0] && bobSees[0] > 0, 'bob decodes alice’s video');
    assert.equal(await sessionState(alice.page), 'connected');

    await alice.page.getByRole('button', { name: 'Hang up', exact: true }).click();
    await bob.page.waitForFunction(() => document.querySelector('call-session')?.session?.state === 'closed');
    await bob.page.getByRole('button', { name: 'Call', exact: true }).waitFor(); // back to idle
    assert.match((await bob.page.locator('[part~="status"]').textContent()) ?? '', /alice hung up/);

    for (const [name, user] of Object.entries({ alice, bob })) {
      const pages = new Set(user.requests.map((url) => new URL(url).pathname));
      // Besides the page and the one file, only the relay's own TURN-credentials endpoint
      // (404 here: this relay has no TURN settings), asked for by the client on connect.
      assert.deepEqual(
        [...pages].sort(),
        [`/${name}.html`, '/meshcall.js', '/turn'].sort(),
        `${name} requested only the page, meshcall.js and the relay's /turn`,
      );
      assert.deepEqual(user.websockets, [`${relay.wsUrl}?user=${name}`], `${name} opened one WebSocket, to the relay`);
      assert.deepEqual(user.errors, [], `${name}: no uncaught errors`);
    }
  });

  it('a page on another origin loads /meshcall.js from the relay (CORS) and completes a call', async () => {
    const pages = await startPageServer(); // another port: another origin
    try {
      const head = await fetch(`${relay.httpUrl}/meshcall.js`, { method: 'HEAD' });
      assert.equal(head.headers.get('access-control-allow-origin'), '*');
      const preflight = await fetch(`${relay.httpUrl}/meshcall.js`, {
        method: 'OPTIONS',
        headers: { origin: pages.url, 'access-control-request-method': 'GET' },
      });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers.get('access-control-allow-origin'), '*');

      // Other users than the first test's, whose pages are still connected.
      for (const [user, other] of /** @type {const} */ ([
        ['ann', 'ben'],
        ['ben', 'ann'],
      ])) {
        await pages.put(`${user}.html`, callPage({ script: `${relay.httpUrl}/meshcall.js`, userId: user, signalingUrl: relay.wsUrl, opponents: other }));
      }
      const before = relay.connectionCount();
      const alice = await openPage(browser);
      const bob = await openPage(browser);
      const [aliceSees, bobSees] = await placeCall({
        alice: alice.page,
        bob: bob.page,
        aliceUrl: `${pages.url}/ann.html`,
        bobUrl: `${pages.url}/ben.html`,
        sockets: () => relay.connectionCount() - before,
      });
      assert.ok(aliceSees[0] && bobSees[0], 'both decode video');
      assert.match(await hangUp({ alice: alice.page, bob: bob.page }), /ann hung up/);
      for (const user of [alice, bob]) {
        assert.ok(user.requests.includes(`${relay.httpUrl}/meshcall.js`), 'meshcall.js came from the relay');
        assert.ok(user.requests.every((url) => url.startsWith(pages.url) || url.startsWith(relay.httpUrl)));
        assert.deepEqual(user.errors, []);
      }
      await Promise.all([alice.context.close(), bob.context.close()]);
    } finally {
      await pages.close();
    }
  });
});
