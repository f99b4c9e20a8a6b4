// Takes the README's pictures: `npm start` on a free port, the demo open in several browser
// contexts (one person each: Alice, Bob, Carol, and Dana on a phone), real calls between them
// through the real relay, and each state captured once both ends show it:
//
//   docs/screenshot.png              1:1 call, dark (the README's first picture)
//   docs/screenshots/prejoin.png     before calling: the self-view check
//   docs/screenshots/dialing.png     Alice calls Bob, who has not answered yet
//   docs/screenshots/incoming.png    Bob's screen while it rings
//   docs/screenshots/call-dark.png   1:1 call, dark theme
//   docs/screenshots/call-light.png  the same call, light theme
//   docs/screenshots/arabic.png      the same call in Arabic (right to left)
//   docs/screenshots/screen-share.png  Bob shares a tab with slides: Alice's view
//   docs/screenshots/group.png       Alice, Bob and Carol in one call
//   docs/screenshots/phone.png       Dana on a 390×844 phone in a call with Bob
//
// With ImageMagick's `convert` on the PATH the PNGs are reduced to 256 colours, undithered
// (dithering the codec's noise made them bigger, not smaller); without it they are written
// as Chromium takes them.
//
//   node scripts/screenshot.js [--only name,name]   (names as above, without .png)
// The functions passed to page.evaluate and waitForFunction run in the page.
/* global document, requestAnimationFrame */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { freePort, waitUntilReady } from '../server/child-server.js';
import { CHROMIUM_ARGS, findBrowser } from './find-browser.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = path.join(root, 'docs/screenshots');
const hero = path.join(root, 'docs/screenshot.png');
const WAIT_MS = 60_000;
const BUILD_MS = 300_000;
const DESKTOP = { width: 1280, height: 860 };
const PHONE = { width: 390, height: 844 };
const SLIDES_TITLE = 'Roadmap slides';
// One flat colour behind the text: a gradient, once through the video codec, made a PNG twice the others.
const SLIDES = `<!doctype html><title>${SLIDES_TITLE}</title>
<body style="margin:0;display:grid;place-content:center;min-height:100vh;background:#1f4fa8;color:#fff;font:28px system-ui,sans-serif">
<h1 style="font-size:64px;margin:0 0 24px">Q3 roadmap</h1>
<ul style="line-height:1.6"><li>Pre-join check of camera and microphone</li><li>Spotlight for screen sharing</li><li>Network quality per person</li></ul></body>`;
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg < 0 ? undefined : new Set((process.argv[onlyArg + 1] ?? '').split(','));
const optimiser = spawnSync('convert', ['-version'], { stdio: 'ignore' }).status === 0 ? 'convert' : undefined;

/**
 * Whether the `<call-session>` of the page shows `count` remote videos with decoded frames
 * (and, with `local`, its own camera too). Runs in the page; walks open shadow roots, so it
 * holds whatever layout the call stage uses.
 * @param {{ count: number, local?: boolean }} want
 */
function showsVideos({ count, local }) {
  /** @param {ParentNode} node @param {string} tag @returns {Element[]} */
  const all = (node, tag) => {
    const found = [];
    for (const el of node.querySelectorAll('*')) {
      if (el.localName === tag) found.push(el);
      if (el.shadowRoot) found.push(...all(el.shadowRoot, tag));
    }
    return found;
  };
  /** @param {Element} tile */
  const plays = (tile) => {
    const video = tile.shadowRoot?.querySelector('video');
    return !!video && video.videoWidth > 0 && video.currentTime > 0.5 && !video.paused;
  };
  const remote = all(document, 'remote-video').filter(plays);
  return remote.length >= count && (!local || all(document, 'local-video').some(plays));
}

/**
 * The visible button of part `name` (call, accept, hang-up, screen-share, ...) in the page's
 * elements, whatever the language and wherever the layout puts it.
 */
const control = (/** @type {import('playwright').Page} */ page, /** @type {string} */ name) =>
  page.locator(name === 'call' ? 'button[part~="call"]:visible, button[part~="join"]:visible' : `button[part~="${name}"]:visible`).first();

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
  // npm start builds the demo first: minutes on a busy machine.
  const URL_PATTERN = /http:\/\/\S+/;
  const { output } = await waitUntilReady(server, { name: 'npm start', timeoutMs: BUILD_MS, ready: (text) => URL_PATTERN.test(text) });
  const url = /** @type {RegExpExecArray} */ (URL_PATTERN.exec(output()))[0];

  // The screen Bob shares is a tab of his with slides in it (a headless screen is black):
  // Chromium picks it by its title instead of asking, so the permission prompts are answered
  // by granting camera and microphone to each context, not by the fake-UI flag.
  const args = [
    ...CHROMIUM_ARGS.filter((arg) => !arg.startsWith('--use-fake-ui-for-media-stream')),
    `--auto-select-tab-capture-source-by-title=${SLIDES_TITLE}`,
  ];
  const chromiumBrowser = await chromium.launch({ executablePath: await findBrowser(), headless: true, args });
  browser = chromiumBrowser;
  mkdirSync(outDir, { recursive: true });

  /** @param {string} userId @param {{ viewport?: { width: number, height: number }, phone?: boolean }} [options] */
  const openDemo = async (userId, { viewport = DESKTOP, phone = false } = {}) => {
    const context = await chromiumBrowser.newContext({
      viewport,
      deviceScaleFactor: 1,
      colorScheme: 'dark',
      ...(phone ? { isMobile: true, hasTouch: true } : {}),
    });
    await context.grantPermissions(['camera', 'microphone'], { origin: new URL(url).origin });
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT_MS);
    if (process.env.DEBUG_SHOTS) page.on('console', (m) => console.log(userId, m.type(), m.text()));
    await page.goto(url);
    await page.locator('#user-id').fill(userId);
    await page.locator('#user-id').blur(); // `change` applies it
    await page.locator('#theme').selectOption('dark');
    return page;
  };
  /** @param {import('playwright').Page} page @param {string} name @param {{ fullPage?: boolean }} [options] */
  const shoot = async (page, name, { fullPage = true } = {}) => {
    if (only && !only.has(name)) return;
    const file = path.join(outDir, `${name}.png`);
    // Let the last frame and any transition settle on screen.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await page.screenshot({ path: file, fullPage, animations: 'disabled', caret: 'hide' });
    if (optimiser) spawnSync(optimiser, [file, '-strip', '-dither', 'None', '-colors', '256', `PNG8:${file}`], { stdio: 'inherit' });
    console.log(`wrote ${path.relative(process.cwd(), file)} (${Math.round(statSync(file).size / 1024)} KB)`);
  };
  /** `caller` calls `callees`, who each press Accept; resolves once every video plays on every side. */
  const callAndAnswer = async (
    /** @type {import('playwright').Page} */ caller,
    /** @type {import('playwright').Page[]} */ callees,
    /** @type {string} */ ids,
  ) => {
    await caller.locator('#callees').fill(ids);
    await control(caller, 'call').click();
    for (const callee of callees) await control(callee, 'accept').click();
    for (const page of [caller, ...callees]) await page.waitForFunction(showsVideos, { count: callees.length, local: true }, { timeout: 2 * WAIT_MS });
  };
  const hangUp = async (/** @type {import('playwright').Page[]} */ pages) => {
    // Someone else's hang-up may end this page's call first: then its button is gone.
    for (const page of pages)
      await control(page, 'hang-up')
        .evaluate((button) => /** @type {HTMLElement} */ (button).click(), undefined, { timeout: 2000 })
        .catch(() => undefined);
    for (const page of pages) await control(page, 'call').waitFor();
  };

  const alice = await openDemo('Alice');
  const bob = await openDemo('Bob');

  // Before calling: the pre-join check of camera and microphone (its self-view playing).
  await alice
    .waitForFunction(() => {
      const preview = document.querySelector('call-session')?.shadowRoot?.querySelector('call-preview');
      const video = preview?.shadowRoot?.querySelector('video');
      return !!video && video.videoWidth > 0 && video.currentTime > 0.5;
    })
    .catch(() => console.warn('prejoin: no <call-preview> self-view playing; taking the page as it is'));
  await shoot(alice, 'prejoin');

  // Alice calls Bob; his phone rings.
  await alice.locator('#callees').fill('Bob');
  await control(alice, 'call').click();
  await control(bob, 'accept').waitFor();
  await control(alice, 'hang-up').waitFor();
  await shoot(alice, 'dialing');
  await shoot(bob, 'incoming');

  // Bob answers: a 1:1 call, in both themes and in Arabic.
  await control(bob, 'accept').click();
  for (const page of [alice, bob]) await page.waitForFunction(showsVideos, { count: 1, local: true });
  await shoot(alice, 'call-dark');
  if (!only || only.has('call-dark')) copyFileSync(path.join(outDir, 'call-dark.png'), hero);
  await alice.locator('#theme').selectOption('light');
  await shoot(alice, 'call-light');
  await alice.locator('#theme').selectOption('dark');
  await alice.locator('#lang').selectOption('ar');
  await shoot(alice, 'arabic');
  await alice.locator('#lang').selectOption('en');

  // Bob shares his screen: Alice's view puts it in the spotlight.
  const remoteSize = () =>
    alice.evaluate(() => {
      const call = document.querySelector('call-session');
      const peer = call?.session?.peers[0];
      const track = peer ? call?.session?.remoteStream(peer)?.getVideoTracks()[0] : undefined;
      return track ? `${track.getSettings().width}x${track.getSettings().height}` : '';
    });
  const cameraSize = await remoteSize();
  const slides = await bob.context().newPage();
  await slides.route('**/*', (route) => route.fulfill({ contentType: 'text/html', body: SLIDES }));
  await slides.goto(new URL('/slides', url).href);
  await bob.bringToFront();
  await control(bob, 'screen-share').click();
  await slides.bringToFront();
  // Alice decodes the screen (another size than the camera's) and shows it.
  await alice.waitForFunction((before) => {
    const call = document.querySelector('call-session');
    const peer = call?.session?.peers[0];
    const track = peer ? call?.session?.remoteStream(peer)?.getVideoTracks()[0] : undefined;
    return !!track && `${track.getSettings().width}x${track.getSettings().height}` !== before;
  }, cameraSize);
  await alice.waitForFunction(showsVideos, { count: 1 });
  await shoot(alice, 'screen-share');
  await hangUp([alice, bob]);

  await slides.close();

  // Alice, Bob and Carol in one call.
  const carol = await openDemo('Carol');
  await callAndAnswer(alice, [bob, carol], 'Bob,Carol');
  await shoot(alice, 'group');
  await hangUp([alice, bob, carol]);
  await carol.context().close();

  // Dana on a phone, in a call with Bob.
  const dana = await openDemo('Dana', { viewport: PHONE, phone: true });
  await callAndAnswer(dana, [bob], 'Bob');
  await shoot(dana, 'phone', { fullPage: false });
  await hangUp([dana, bob]);
} finally {
  await browser?.close();
  stopServer();
}
