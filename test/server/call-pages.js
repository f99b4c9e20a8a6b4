// Real calls for the relay tests: plain pages (one <call-session> each) served by a tiny
// HTTP server of their own, i.e. from another origin than the relay, that two headless
// Chromium contexts load and call each other with by clicking the default layout's buttons.
import http from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { waitForRemoteVideos, waitForUpgrade } from './page-helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The CDN bundle's entry (scripts/build-cdn.js) built with esbuild alone: the same code, in a
 * few seconds (the release build's extra terser pass matters for size, not for behaviour).
 * @param {string} [entry] another entry module's source (paths relative to the repo)
 * @returns {Promise<string>}
 */
export async function bundleForTest(entry = `export * from './src/index.ts';\nexport * from './components/elements.ts';\n`) {
  const result = await esbuild.build({
    stdin: { contents: entry, resolveDir: root, loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['production'],
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.text;
  if (code === undefined) throw new Error('esbuild produced no output');
  return code;
}

/**
 * A plain page with one <call-session>.
 * @param {{ script: string, userId: string, signalingUrl: string, opponents: string, config?: object }} options
 *   script: where meshcall.js is loaded from; config: set as the element's `config` property
 */
export function callPage({ script, userId, signalingUrl, opponents, config }) {
  const esc = (/** @type {string} */ s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const setConfig = config
    ? `<script type="module">document.querySelector('call-session').config = ${JSON.stringify(config).replace(/</g, '\\u003c')};</script>\n`
    : '';
  return `<!doctype html>
<script type="module" src="${esc(script)}"></script>
<call-session user-id="${esc(userId)}" signaling-url="${esc(signalingUrl)}" opponents="${esc(opponents)}" dialing-interval="3"></call-session>
${setConfig}`;
}

/**
 * Serves files from a fresh temp folder on 127.0.0.1 (a free port): `put(name, text)` adds one.
 * @returns {Promise<{ url: string, dir: string, put: (name: string, text: string) => Promise<void>, close: () => Promise<void> }>}
 */
export async function startPageServer() {
  const dir = await mkdtemp(path.join(tmpdir(), 'meshcall-pages-'));
  const server = http.createServer(async (req, res) => {
    const name = path.basename(new URL(req.url ?? '/', 'http://x').pathname);
    try {
      const body = await readFile(path.join(dir, name));
      const type = name.endsWith('.js') ? 'text/javascript' : 'text/html; charset=utf-8';
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    dir,
    put: (name, text) => writeFile(path.join(dir, name), text),
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Bob opens his page, then Alice opens hers and calls; Bob accepts; resolves once both decode
 * the other's video. `sockets()` counts the relay's open signaling sockets (the call's are the
 * only ones yet), so Alice calls only once Bob is there. With `rejoinUntil`, Alice's page is
 * loaded again (at most 5 times) until it holds before she calls (which relay she landed on).
 * @param {{ alice: import('playwright').Page, bob: import('playwright').Page, aliceUrl: string, bobUrl: string, sockets: () => Promise<number> | number, rejoinUntil?: () => Promise<boolean> }} options
 */
export async function placeCall({ alice, bob, aliceUrl, bobUrl, sockets, rejoinUntil }) {
  await bob.goto(bobUrl);
  await waitForUpgrade(bob);
  await until(async () => (await sockets()) === 1, 'bob on the relay');
  for (let attempt = 1; ; attempt++) {
    await alice.goto(aliceUrl);
    await waitForUpgrade(alice);
    await until(async () => (await sockets()) === 2, 'alice on the relay');
    if (!rejoinUntil || (await rejoinUntil())) break;
    if (attempt === 5) throw new Error(`after ${attempt} loads of Alice's page: ${rejoinUntil.toString()} still false`);
  }
  await alice.bringToFront();
  await alice.getByRole('button', { name: 'Call', exact: true }).click();
  await bob.bringToFront();
  await bob.getByRole('button', { name: 'Accept', exact: true }).click();
  return Promise.all([waitForRemoteVideos(alice), waitForRemoteVideos(bob)]);
}

/**
 * Alice hangs up; resolves once Bob's page says so (state closed, "alice hung up").
 * @param {{ alice: import('playwright').Page, bob: import('playwright').Page }} pages
 */
export async function hangUp({ alice, bob }) {
  await alice.bringToFront(); // a background tab gets few animation frames, and a click waits for one
  await alice.getByRole('button', { name: 'Hang up', exact: true }).click();
  await bob.waitForFunction(() => document.querySelector('call-session')?.session?.state === 'closed');
  return (await bob.locator('[part~="status"]').textContent()) ?? '';
}

/** @param {() => Promise<boolean> | boolean} check @param {string} what */
async function until(check, what, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
