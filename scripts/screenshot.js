// Takes docs/screenshot.png: `npm start` on a free port, the demo open in two browser
// contexts (two people), one calls the other, and once both decode each other's video the
// caller's page is captured.
//
//   node scripts/screenshot.js [out.png]
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { freePort, waitUntilReady } from '../server/child-server.js';
import { CHROMIUM_ARGS, findBrowser } from './find-browser.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = path.resolve(process.argv[2] ?? path.join(root, 'docs/screenshot.png'));
const WAIT_MS = 60_000;

const port = await freePort();
// Its own process group, so the server npm starts is stopped with it.
const server = spawn('npm', ['start', '--silent'], {
  cwd: root,
  env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' },
  detached: true,
  stdio: ['ignore', 'pipe', 'inherit'],
});
const stopServer = () => {
  try {
    if (server.pid !== undefined) process.kill(-server.pid, 'SIGTERM');
  } catch {
    // the whole group is gone already
  }
};

/** @type {import('playwright').Browser | undefined} */
let browser;
try {
  const URL_PATTERN = /http:\/\/\S+/;
  const { output } = await waitUntilReady(server, { name: 'npm start', timeoutMs: WAIT_MS, ready: (text) => URL_PATTERN.test(text) });
  const url = /** @type {RegExpExecArray} */ (URL_PATTERN.exec(output()))[0];

  const chromiumBrowser = await chromium.launch({ executablePath: await findBrowser(), headless: true, args: CHROMIUM_ARGS });
  browser = chromiumBrowser;
  /** @param {string} userId */
  const openDemo = async (userId) => {
    const context = await chromiumBrowser.newContext({ viewport: { width: 960, height: 820 }, deviceScaleFactor: 1, colorScheme: 'light' });
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT_MS);
    await page.goto(url);
    await page.locator('#user-id').fill(userId);
    await page.locator('#user-id').blur(); // `change` applies it
    return page;
  };
  const alice = await openDemo('alice');
  const bob = await openDemo('bob');
  await alice.locator('#callees').fill('bob');
  await alice.getByRole('button', { name: 'Call', exact: true }).click();
  await bob.getByRole('button', { name: 'Accept', exact: true }).click();
  // Both sides decode the other's fake camera.
  for (const page of [alice, bob]) {
    await page.locator('remote-video video').waitFor();
    await page.waitForFunction(() => {
      const call = globalThis.document.querySelector('call-session')?.shadowRoot;
      const video = call?.querySelector('remote-video')?.shadowRoot?.querySelector('video');
      const local = call?.querySelector('local-video')?.shadowRoot?.querySelector('video');
      return !!video && video.videoWidth > 0 && video.currentTime > 0.5 && !!local && local.videoWidth > 0;
    });
  }
  await alice.screenshot({ path: out, fullPage: true });
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
} finally {
  await browser?.close();
  stopServer();
}
