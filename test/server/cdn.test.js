// The CDN drop-in (SPEC §6): dist/cdn/ (meshcall.js and the parts it loads on demand), built
// fresh, next to a plain HTML page with nothing but one <script type="module"> and a
// <call-session> tag, in a directory outside the repo (no node_modules reachable), served by
// the real relay. Two browser contexts make a real 1:1 call by clicking the default layout's
// buttons; a page on another origin records and reads stats, loading those parts from the relay.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCdn } from '../../scripts/build-cdn.js';
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

/** The parts a page loads only when it uses them (each a file of its own in the CDN folder). */
const ON_DEMAND = [
  'meshcall.adapter_core-',
  'meshcall.recorder-',
  'meshcall.fix-webm-duration-',
  'meshcall.screen-share-',
  'meshcall.pip-window-',
  'meshcall.remote-audio-sink-',
  'meshcall.device-switch-',
  'meshcall.stats-report-',
  'meshcall.codec-warning-',
  'meshcall.bitrate-',
  'meshcall.sfu-session-backend-',
  'meshcall.janus-',
  'meshcall.ja-',
];

describe('CDN drop-in: one <script type="module"> and the tags', () => {
  /** @type {string} */
  let dir;
  /** @type {import('../../server/relay.js').Relay} */
  let relay;
  /** @type {import('playwright').Browser} */
  let browser;
  /** @type {Awaited<ReturnType<typeof buildCdn>>} */
  let sizes;
  /** @type {string[]} every file of the CDN folder */
  let cdnFiles;
  /** @param {string} prefix @returns {string[]} the CDN parts named after a module (e.g. `meshcall.fix-webm-duration-`) */
  const partsNamed = (prefix) => cdnFiles.filter((f) => f.startsWith(prefix) && f.endsWith('.js'));

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'meshcall-cdn-'));
    assert.ok(path.relative(root, dir).startsWith('..'), 'the page lives outside the repo');
    sizes = await buildCdn({ outDir: dir, quiet: true });
    cdnFiles = (await readdir(dir)).filter((f) => f.startsWith('meshcall.'));
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

  it('builds the split folder and the all-in-one file; first paint loads less than a call, a call less than the all-in-one file', () => {
    assert.ok(cdnFiles.includes('meshcall.js') && cdnFiles.includes('meshcall.api.js') && cdnFiles.includes('meshcall.all.js'));
    for (const prefix of ON_DEMAND) assert.equal(partsNamed(prefix).length, 1, `${prefix}*.js is a part of its own`);
    // The call core, the call stage's tags and the stats reader are one part (one download for any call).
    for (const prefix of ['meshcall.call-client-', 'meshcall.call-stage.define-', 'meshcall.collect-stats-'])
      assert.equal(partsNamed(prefix).length, 0, `no ${prefix}*.js: it is in meshcall.call-*.js`);
    // First paint is one file (the call UI renders from it alone); the call part is not in it.
    assert.deepEqual(sizes.firstPaint.names, ['meshcall.js']);
    // A 1:1 call loads first paint and the call part, nothing else.
    assert.deepEqual(sizes.call.names, ['meshcall.js', partsNamed('meshcall.call-')[0]]);
    // The targets (first paint ≤ 30 KB, a 1:1 call ≤ 60 KB gzip) are measured by `npm run bench` (size).
    assert.ok(sizes.firstPaint.gzip < sizes.call.gzip, `first paint ${sizes.firstPaint.gzip} B gzip < a 1:1 call ${sizes.call.gzip} B`);
    assert.ok(sizes.call.gzip < sizes.allInOne.gzip, `a 1:1 call (${sizes.call.gzip} B gzip) < the all-in-one file (${sizes.allInOne.gzip} B)`);
  });

  it('two plain pages complete a 1:1 call, hang up, and load nothing but the page, the CDN folder’s files and the relay’s /turn', async () => {
    // Bob first, so he is on the relay before Alice's first offer (a missed one is re-sent after 3 s anyway).
    const bob = await openPage(browser);
    await bob.page.goto(`${relay.httpUrl}/bob.html`);
    await waitForUpgrade(bob.page);
    await waitUntil(() => relay.connectionCount() === 1, 'bob connected to the relay');
    const alice = await openPage(browser);
    await alice.page.goto(`${relay.httpUrl}/alice.html`);
    await waitForUpgrade(alice.page);
    await waitUntil(() => relay.connectionCount() === 2, 'alice connected to the relay');

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
      // Besides the page and the CDN files, only the relay's own TURN-credentials endpoint
      // (404 here: this relay has no TURN settings), asked for by the client on connect.
      const loaded = [...pages].filter((p) => p.startsWith('/meshcall.')).map((p) => p.slice(1));
      assert.deepEqual(
        [...pages].filter((p) => !p.startsWith('/meshcall.')).sort(),
        [`/${name}.html`, '/turn'].sort(),
        `${name} requested only the page, CDN files and the relay's /turn`,
      );
      for (const file of sizes.firstPaint.names) assert.ok(loaded.includes(file), `${name} loaded ${file} (first paint)`);
      for (const file of loaded) assert.ok(sizes.call.names.includes(file), `${name} loaded ${file}: counted in the 1:1 call's bytes`);
      // Current Chromium needs no webrtc-adapter; English needs no other table; nobody recorded,
      // shared the screen, switched cameras or used conference mode.
      for (const prefix of [...ON_DEMAND, 'meshcall.de-', 'meshcall.ar-'])
        assert.ok(!loaded.some((f) => f.startsWith(prefix)), `${name} did not load ${prefix}*.js`);
      assert.ok(!loaded.includes('meshcall.all.js') && !loaded.includes('meshcall.api.js'), `${name} loaded neither the all-in-one file nor the API entry`);
      assert.deepEqual(user.websockets, [`${relay.wsUrl}?user=${name}`], `${name} opened one WebSocket, to the relay`);
      assert.deepEqual(user.errors, [], `${name}: no uncaught errors`);
    }

    // The element entry exports its element; meshcall.api.js the core API and every element, from the same parts.
    const exported = await alice.page.evaluate(
      async (urls) => Promise.all(urls.map(async (url) => Object.keys(await import(url)))),
      [`${relay.httpUrl}/meshcall.js`, `${relay.httpUrl}/meshcall.api.js`],
    );
    assert.ok(exported[0]?.includes('CallSessionElement'), 'meshcall.js exports CallSessionElement');
    for (const name of ['CallClient', 'CallSession', 'CallSessionElement', 'defineElements', 'statsString'])
      assert.ok(exported[1]?.includes(name), `meshcall.api.js exports ${name}`);
    assert.deepEqual(alice.errors, [], 'alice: no uncaught errors after importing the API');
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
      // Stats (the reader came with the call part) and a recording (its code loads now), from the relay's origin.
      const used = await alice.page.evaluate(async () => {
        const session = /** @type {any} */ (document.querySelector('call-session')).session;
        const stats = await session.getStats();
        // The remote stream as it is (a composed recording draws on a canvas, which a page in the background does not animate).
        const recorder = await session.startRecording({ composed: false });
        // Until the first chunk is in (about a second; a loaded machine starts the recorder seconds late), at most 30 s.
        for (let waited = 0; recorder.bytesRecorded === 0 && waited < 30_000; waited += 250) await new Promise((resolve) => setTimeout(resolve, 250));
        const file = await recorder.stop();
        return { statsPeers: [...stats.keys()], recorded: file.size, type: file.type };
      });
      assert.deepEqual(used.statsPeers, ['ben'], 'stats for the one peer');
      assert.ok(used.recorded > 0, `a recording of ${used.recorded} bytes (${used.type})`);
      assert.match(await hangUp({ alice: alice.page, bob: bob.page }), /ann hung up/);
      for (const user of [alice, bob]) {
        assert.ok(user.requests.includes(`${relay.httpUrl}/meshcall.js`), 'meshcall.js came from the relay');
        assert.ok(user.requests.every((url) => url.startsWith(pages.url) || url.startsWith(relay.httpUrl)));
        assert.deepEqual(user.errors, []);
      }
      const onDemand = ['meshcall.call-', 'meshcall.recorder-', ...(used.type.includes('webm') ? ['meshcall.fix-webm-duration-'] : [])];
      for (const prefix of onDemand) {
        const [part] = partsNamed(prefix);
        assert.ok(alice.requests.includes(`${relay.httpUrl}/${part}`), `${part} loaded on demand from the relay (another origin)`);
      }
      for (const part of ['/meshcall.recorder-', '/meshcall.fix-webm-duration-'])
        assert.ok(!bob.requests.some((url) => url.includes(part)), `the page that did not record never loaded ${part}*.js`);

      // A page in Japanese loads that table only, from the relay, and renders in it.
      await pages.put(
        'ja.html',
        callPage({ script: `${relay.httpUrl}/meshcall.js`, userId: 'jun', signalingUrl: relay.wsUrl, opponents: 'ann' }).replace(
          '<call-session ',
          '<call-session lang="ja" ',
        ),
      );
      const jun = await openPage(browser);
      await jun.page.goto(`${pages.url}/ja.html`);
      await jun.page.getByRole('button', { name: '発信', exact: true }).waitFor();
      const [ja] = partsNamed('meshcall.ja-');
      assert.ok(jun.requests.includes(`${relay.httpUrl}/${ja}`), 'the Japanese table came from the relay');
      assert.ok(!jun.requests.some((url) => /\/meshcall\.(ar|de|es|fa|fr|he)-/.test(url)), 'no other language loaded');
      assert.deepEqual(jun.errors, []);
      await jun.context.close();
      await Promise.all([alice.context.close(), bob.context.close()]);
    } finally {
      await pages.close();
    }
  });
});
