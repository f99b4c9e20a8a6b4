// Takes docs/screenshot.png: `npm start` on a free port, the demo open in two browser
// contexts (two people), one calls the other, and once both decode each other's video the
// caller's page is captured.
//
//   node scripts/screenshot.js [out.png]
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { CHROMIUM_ARGS, findBrowser } from './find-browser.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = path.resolve(process.argv[2] ?? path.join(root, 'docs/screenshot.png'));
const WAIT_MS = 60_000;

/** @returns {Promise<number>} a port nothing listens on right now */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const port = await freePort();
// Its own process group, so the server npm starts is stopped with it.
const server = spawn('npm', ['start', '--silent'], {
  cwd: root,
  env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' },
  detached: true,
  stdio: ['ignore', 'pipe', 'inherit'],
});
const stopServer = () => {
  if (server.pid !== undefined && server.exitCode === null) process.kill(-server.pid, 'SIGTERM');
};

/** @type {import('playwright').Browser | undefined} */
let browser;
try {
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start printed no URL within ${WAIT_MS} ms`)), WAIT_MS);
    let output = '';
    server.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /http:\/\/\S+/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    });
    server.once('exit', (code) => reject(new Error(`npm start exited (${code}):\n${output}`)));
  });

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
