// Calls between two browser engines through the real relay: headless Chromium (Playwright)
// and headless Firefox (puppeteer-core over WebDriver BiDi), each with its fake camera and
// microphone, each page loading the CDN bundle built from the sources as they are (once per source
// state: scripts/build-cache.js), so what ships is what is tested.
// A call counts as working when each side decodes the other's video frames (headless Firefox
// plays nothing, so frames decoded is what both sides check) and a hang-up reaches the other.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { cachedBuild } from '../../scripts/build-cache.js';
import { FIREFOX_PREFS, findFirefox } from '../../scripts/find-browser.js';
import { startRelay } from '../../server/relay.js';
import { launchChromium, openPage } from './page-helpers.js';

const here = fileURLToPath(new URL('.', import.meta.url));

/** @typedef {import('./cross-engine-page.js').MeshcallTest} MeshcallTest */
/**
 * @template {keyof MeshcallTest} K
 * @typedef {(method: K, ...args: Parameters<MeshcallTest[K]>) => Promise<Awaited<ReturnType<MeshcallTest[K]>>>} Ask
 */
/**
 * One user's page, the same for a Playwright and a Puppeteer one: `ask` calls a method of
 * the page's `meshcallTest` (cross-engine-page.js) and resolves with what it resolves to.
 * @typedef {{ name: string, engine: string, ask: <K extends keyof MeshcallTest>(method: K, ...args: Parameters<MeshcallTest[K]>) => Promise<Awaited<ReturnType<MeshcallTest[K]>>>, errors: string[], close: () => Promise<void> }} User
 */

/**
 * The function a page evaluates for `ask`: waits for the page script, then calls the method.
 * @param {[string, unknown[]]} call
 */
async function callInPage([method, args]) {
  const w = /** @type {any} */ (window);
  while (!w.meshcallTest) await new Promise((resolve) => setTimeout(resolve, 20));
  return w.meshcallTest[method](...args);
}

describe('cross-engine calls through the relay: Chromium and Firefox', () => {
  /** @type {string} */
  let dir;
  /** @type {import('../../server/relay.js').Relay} */
  let relay;
  /** @type {import('playwright').Browser} */
  let chromium;
  /** @type {import('puppeteer-core').Browser} */
  let firefox;
  let serial = 0;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'meshcall-engines-'));
    relay = await startRelay({ port: 0, staticDir: dir, log: () => {}, maxConnectionsPerIp: 0 });
    // The build and both launches overlap; no page is opened before all three are done.
    [chromium, firefox] = await Promise.all([
      launchChromium(),
      puppeteer.launch({ browser: 'firefox', executablePath: findFirefox(), headless: true, extraPrefsFirefox: FIREFOX_PREFS, timeout: 60_000 }),
      // The whole CDN folder: meshcall.js loads its on-demand parts next to itself, in Firefox too.
      cachedBuild().then((build) => cp(path.join(build, 'dist/cdn'), dir, { recursive: true })),
      copyFile(path.join(here, 'cross-engine-page.js'), path.join(dir, 'user.js')),
      writeFile(
        path.join(dir, 'user.html'),
        '<!doctype html>\n<meta charset="utf-8">\n<title>meshcall user</title>\n<script type="module" src="./user.js"></script>\n',
      ),
    ]);
  });

  after(async () => {
    await Promise.all([chromium?.close(), firefox?.close()]);
    await relay?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** @param {string} name @param {string} [codec] the user's `videoCodec` */
  function url(name, codec) {
    return `${relay.httpUrl}/user.html?${new URLSearchParams({ user: name, relay: relay.wsUrl, ...(codec ? { codec } : {}) })}`;
  }

  /**
   * Opens a user's page in one engine and waits until it is on the relay.
   * @param {'chromium' | 'firefox'} engine @param {string} role @param {string} [codec] the user's `videoCodec`
   * @returns {Promise<User>}
   */
  async function open(engine, role, codec) {
    const name = `${role}-${++serial}`;
    /** @type {(call: [string, unknown[]]) => Promise<any>} */
    let evaluate;
    /** @type {() => Promise<void>} */
    let close;
    /** @type {string[]} */
    let errors;
    if (engine === 'chromium') {
      const opened = await openPage(chromium);
      await opened.page.goto(url(name, codec));
      evaluate = (call) => opened.page.evaluate(callInPage, call);
      close = () => opened.context.close();
      errors = opened.errors;
    } else {
      const context = await firefox.createBrowserContext();
      const page = await context.newPage();
      errors = [];
      page.on('pageerror', (error) => errors.push(String(error)));
      await page.goto(url(name, codec));
      evaluate = (call) => page.evaluate(callInPage, call);
      close = () => context.close();
    }
    /** @type {User} */
    const user = { name, engine, errors, close, ask: (method, ...args) => evaluate([String(method), args]) };
    const agent = await user.ask('ready');
    assert.match(agent, engine === 'firefox' ? /Firefox\// : /Chrome\//, `${name} runs in ${engine}`);
    return user;
  }

  /** Each of `users` decodes fresh video from each other one; returns the codecs seen. @param {User[]} users */
  async function allSeeEachOther(users) {
    const codecs = new Set();
    await Promise.all(
      users.flatMap((user) =>
        users
          .filter((other) => other !== user)
          .map(async (other) => {
            const seen = await user.ask('moreFrames', other.name);
            assert.ok(seen.frames > seen.start, `${user.name} (${user.engine}) decodes ${other.name}'s (${other.engine}) video`);
            codecs.add(seen.codec);
          }),
      ),
    );
    return codecs;
  }

  /** Places a call from `caller` to `callees` and waits until everyone is connected to everyone. @param {User} caller @param {User[]} callees */
  async function connect(caller, callees) {
    await caller.ask(
      'call',
      callees.map((c) => c.name),
    );
    const everyone = [caller, ...callees];
    await Promise.all(
      everyone.map((u) =>
        u.ask(
          'connectedTo',
          everyone.filter((o) => o !== u).map((o) => o.name),
        ),
      ),
    );
  }

  // The second case also checks the documented H.264 fallback (docs/media.md): Chromium asks
  // for H264, which Debian's Firefox lacks, so the call still works, in VP8.
  for (const [callerEngine, calleeEngine, hangsUp, callerCodec] of /** @type {const} */ ([
    ['firefox', 'chromium', 'callee', undefined],
    ['chromium', 'firefox', 'callee', 'H264'],
    ['firefox', 'chromium', 'caller', undefined],
  ])) {
    const asks = callerCodec ? ` (asking for ${callerCodec})` : '';
    it(`${callerEngine}${asks} calls ${calleeEngine}: both decode the other's video in VP8; the ${hangsUp} (${hangsUp === 'caller' ? callerEngine : calleeEngine}) hangs up`, async () => {
      const caller = await open(callerEngine, 'caller', callerCodec);
      const callee = await open(calleeEngine, 'callee');
      try {
        await connect(caller, [callee]);
        const codecs = await allSeeEachOther([caller, callee]);
        // Both engines' first choice, and the one a preference for a codec one side lacks falls back to.
        assert.deepEqual([...codecs], ['VP8']);

        const [leaver, stayer] = hangsUp === 'caller' ? [caller, callee] : [callee, caller];
        await leaver.ask('hangUp');
        const stayerSaw = await stayer.ask('closed');
        assert.ok(stayerSaw.includes(`hung-up:${leaver.name}`), `${stayer.name} heard ${leaver.name} hang up (saw ${stayerSaw})`);
        const leaverSaw = await leaver.ask('closed');
        assert.ok(
          leaverSaw.some((/** @type {string} */ e) => e.startsWith('closed:')),
          `${leaver.name}'s call closed (saw ${leaverSaw})`,
        );
        for (const user of [caller, callee]) {
          assert.equal(await user.ask('liveTracks'), 0, `${user.name} released camera and microphone`);
          assert.deepEqual(user.errors, [], `${user.name}: no uncaught errors`);
        }
      } finally {
        await Promise.all([caller.close(), callee.close()]);
      }
    });
  }

  it('3-way mesh of two Chromium users and one Firefox user: all decode each other; the Firefox user leaves and the other two stay connected', async () => {
    const alice = await open('chromium', 'alice');
    const bob = await open('chromium', 'bob');
    const fox = await open('firefox', 'fox');
    try {
      await connect(alice, [bob, fox]);
      await allSeeEachOther([alice, bob, fox]);

      await fox.ask('hangUp');
      for (const user of [alice, bob]) {
        assert.equal(await user.ask('peerEnded', fox.name), 'hang-up', `${user.name} sees ${fox.name} hang up`);
      }
      await fox.ask('closed');
      // The two Chromium users are still in the call, with video still flowing between them.
      for (const [user, other] of /** @type {const} */ ([
        [alice, bob],
        [bob, alice],
      ])) {
        assert.equal(await user.ask('state'), 'connected', `${user.name}'s call goes on`);
        assert.equal(await user.ask('peerState', other.name), 'connected');
        await user.ask('moreFrames', other.name);
      }
      await alice.ask('hangUp');
      await bob.ask('closed');
    } finally {
      await Promise.all([alice.close(), bob.close(), fox.close()]);
    }
  });
});
