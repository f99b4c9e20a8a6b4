// Conference mode for real: six headless Chromium pages (one browser, one context each)
// publish and subscribe through the Janus VideoRoom backend (src/backends/janus/) on a real
// Janus. Janus and Chromium run inside a network namespace this test makes (see
// janus-netns.js), so media only ever uses that namespace's own addresses. 160x120 at
// 10 fps keeps six publishers and thirty subscriptions within two cores.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { janusPages, lapper, othersOf as others, until } from './janus-helpers.js';
import { processCpuSeconds, startJanusNetns } from './janus-netns.js';

const USERS = ['ana', 'ben', 'cai', 'dee', 'eli', 'fay'];
/**
 * Chromium sends no simulcast below ~480x270 (measured: 160x120 gives one layer, 640x360
 * gives 640 and 320), and shrinks a busy machine's picture (and with it the layers): the
 * layer switch is checked after the six-person call, with two people and ben at 640x360.
 */
const BIG = 'ben';
/** @param {string} user */
const othersOf = (user) => others(user, USERS);

describe('six people through Janus', { timeout: 600_000 }, () => {
  /** @type {import('./janus-netns.js').JanusNetns} */
  let netns;
  const { pages, page, status, everyoneDecodes } = janusPages('janusTest');
  /** @type {import('playwright').Page} */
  let outsiderPage;
  /** @type {{ url: string, room: number, pin: string, secret: string }} */
  let access;
  /** @type {Record<string, number>} */
  const feeds = {};
  const lap = lapper('janus-call');

  before(async () => {
    netns = await startJanusNetns();
    lap('namespace + Janus up');
    const browser = await netns.launchChromium();
    lap('Chromium up');
    for (const user of [...USERS, 'outsider']) {
      const context = await browser.newContext();
      const p = await context.newPage();
      p.on('pageerror', (error) => console.log(`  [${user}] page error: ${error.message}`));
      await p.goto(netns.pageUrl);
      await p.waitForFunction(() => !!window.janusTest);
      if (user === 'outsider') outsiderPage = p;
      else pages.set(user, p);
    }
    lap('7 pages open');
  });

  after(async () => {
    await netns?.stop();
  });

  it('the caller creates a private room with a random ID, secret and PIN', async () => {
    access = await page('ana').evaluate(([url, key]) => window.janusTest.createRoom(url, key), /** @type {const} */ ([netns.janusUrl, netns.adminKey]));
    assert.ok(Number.isSafeInteger(access.room) && access.room > 0);
    assert.ok(access.pin.length >= 20 && access.secret.length >= 20 && access.pin !== access.secret);
    assert.equal(
      await outsiderPage.evaluate(([url, room]) => window.janusTest.roomExists(url, room), /** @type {const} */ ([netns.janusUrl, access.room])),
      true,
    );
  });

  it('each of six people decodes video from the five others', async () => {
    await Promise.all(
      USERS.map(async (user) => {
        feeds[user] = (await page(user).evaluate(([a, u, o]) => window.janusTest.join(a, u, o), /** @type {const} */ ([access, user, othersOf(user)]))) ?? 0;
      }),
    );
    lap('6 joined and published');
    const first = await everyoneDecodes(USERS);
    lap('everyone decodes the 5 others');
    // Still decoding: the counters move on for every pair.
    await everyoneDecodes(USERS, first);
    for (const user of USERS) {
      const s = await status(user, othersOf(user));
      for (const other of othersOf(user)) assert.equal(s.users[other]?.tracks, 2, `${user} has ${other}'s audio and video`);
    }
  });

  it("measures Janus CPU and each publisher's upload for docs/scaling.md", async () => {
    const windowMs = 5000;
    const cpu0 = processCpuSeconds(netns.janusPid);
    const someone = (/** @type {string} */ u) => othersOf(u)[0] ?? '';
    const sent0 = await Promise.all(USERS.map((u) => page(u).evaluate((o) => window.janusTest.bytesSent(o), someone(u))));
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const cpu1 = processCpuSeconds(netns.janusPid);
    const sent1 = await Promise.all(USERS.map((u) => page(u).evaluate((o) => window.janusTest.bytesSent(o), someone(u))));
    const kbps = sent1.map((b, i) => Math.round(((b - (sent0[i] ?? 0)) * 8) / windowMs));
    const janusCpu = (cpu1 - cpu0) / (windowMs / 1000);
    console.log(
      `  [janus-call] Janus CPU with 6 publishers x 5 subscriptions: ${(janusCpu * 100).toFixed(1)} % of one core; upload per publisher at 160x120 (kbit/s): ${USERS.map((u, i) => `${u} ${kbps[i]}`).join(', ')}`,
    );
    assert.ok(
      kbps.every((k) => k > 0),
      'every publisher sends',
    );
  });

  it('an outsider with the room ID and a feed ID but no PIN cannot join, subscribe, list names or destroy it', async () => {
    const feed = feeds.ben ?? 0;
    const result = await outsiderPage.evaluate(
      ([url, room, f]) => window.janusTest.outsider(url, room, f),
      /** @type {const} */ ([netns.janusUrl, access.room, feed]),
    );
    assert.notEqual(result.noPin, 'ok', 'join without PIN');
    assert.equal(result.wrongPin, 'unauthorized:433', 'join with a guessed PIN');
    assert.notEqual(result.subscribe, 'ok', 'subscribe without PIN');
    assert.equal(result.subscribeWrongPin, 'unauthorized:433', 'subscribe with a guessed PIN');
    assert.equal(result.listed, false, 'the room is not in the public list');
    assert.notEqual(result.destroy, 'ok', 'destroy without the secret');
    // Janus lets anyone list a room's participants by ID: they appear under opaque tokens only.
    for (const name of result.participantNames) assert.ok(!USERS.includes(name), `participant listed as ${name}`);
    assert.equal(result.participantNames.length, USERS.length);
  });

  it('one leaves and the other five keep decoding each other', async () => {
    const stay = USERS.slice(0, 5);
    const leaver = 'fay';
    const before = await everyoneDecodes(stay);
    const left = await page(leaver).evaluate(() => window.janusTest.leave());
    assert.deepEqual(left.errors, []);
    // Janus tells the others the feed is gone: media-wise the user is disconnected until the session says they left.
    await Promise.all(
      stay.map((u) =>
        until(
          () => status(u, [leaver]),
          (s) => s.users[leaver]?.state === 'disconnected' && s.users[leaver]?.tracks === 0,
          `${u} sees ${leaver}'s feed gone`,
        ),
      ),
    );
    await Promise.all(stay.map((u) => page(u).evaluate((l) => window.janusTest.removeUser(l), leaver)));
    await Promise.all(
      stay.map((u) =>
        until(
          () => status(u, [leaver]),
          (s) => s.users[leaver]?.state === 'unknown',
          `${u} forgot ${leaver}`,
        ),
      ),
    );
    await everyoneDecodes(stay, before);
    lap('5 continue after one left');
  });

  it('when the last one leaves the room is destroyed', async () => {
    for (const user of USERS.slice(0, 5)) {
      const left = await page(user).evaluate(() => window.janusTest.leave());
      assert.deepEqual(left.errors, [], `${user} left cleanly`);
      assert.ok(
        Object.values(left.states).every((list) => list.at(-1) === 'closed'),
        `${user}'s remote users all end closed`,
      );
    }
    // The last leave's destroy reaches Janus a round trip later.
    await until(
      () => outsiderPage.evaluate(([url, room]) => window.janusTest.roomExists(url, room), /** @type {const} */ ([netns.janusUrl, access.room])),
      (exists) => exists === false,
      'the room is destroyed once the last one left',
    );
    lap('room destroyed');
  });

  it('a small tile takes the low simulcast layer, and the high one comes back', async () => {
    const room = await page('ana').evaluate(([url, key]) => window.janusTest.createRoom(url, key), /** @type {const} */ ([netns.janusUrl, netns.adminKey]));
    const big = { width: 640, height: 360, degradationPreference: /** @type {const} */ ('maintain-resolution') };
    await page(BIG).evaluate(([a, s]) => window.janusTest.join(a, 'ben', ['ana', 'cai'], s), /** @type {const} */ ([room, big]));
    await page('ana').evaluate((a) => window.janusTest.join(a, 'ana', ['ben', 'cai']), room);
    await page('cai').evaluate((a) => window.janusTest.join(a, 'cai', ['ben', 'ana']), room);
    await page('cai').evaluate((b) => window.janusTest.setQuality(b, 'low'), BIG);
    // Chromium turns the top layer on once its bandwidth estimate allows (and may scale under CPU load).
    const sending = await until(
      () => page(BIG).evaluate((o) => window.janusTest.layersSent(o), 'ana'),
      (l) => (l.h?.width ?? 0) > (l.m?.width ?? 0) && (l.m?.width ?? 0) > 0,
      `${BIG} sends two layers`,
    );
    console.log(`  [janus-call] ${BIG} sends ${JSON.stringify(sending)}`);
    await until(
      () => status('ana', [BIG]),
      (s) => s.users[BIG]?.width === 640,
      `ana (big tile) gets ${BIG} at 640`,
    );
    await until(
      () => status('cai', [BIG]),
      (s) => s.users[BIG]?.width === 320,
      `cai (small tile) gets ${BIG} at 320`,
    );
    await page('ana').evaluate((big) => window.janusTest.setQuality(big, 'low'), BIG);
    await until(
      () => status('ana', [BIG]),
      (s) => s.users[BIG]?.width === 320,
      `${BIG} arrives at 320 once ana's tile is small`,
    );
    await page('ana').evaluate((big) => window.janusTest.setQuality(big, 'high'), BIG);
    await until(
      () => status('ana', [BIG]),
      (s) => s.users[BIG]?.width === 640,
      `${BIG} arrives at 640 again`,
    );
    lap('simulcast layer switched down and up');
    for (const user of ['ana', 'cai', BIG]) assert.deepEqual((await page(user).evaluate(() => window.janusTest.leave())).errors, []);
    await until(
      () => outsiderPage.evaluate(([url, r]) => window.janusTest.roomExists(url, r), /** @type {const} */ ([netns.janusUrl, room.room])),
      (exists) => exists === false,
      'the simulcast room is destroyed once everyone left',
    );
  });

  // Last: it kills this test's Janus.
  it('when Janus goes away mid-call, everyone still in it sees failed and an error', async () => {
    const room = await page('ana').evaluate(([url, key]) => window.janusTest.createRoom(url, key), /** @type {const} */ ([netns.janusUrl, netns.adminKey]));
    await page('ana').evaluate((a) => window.janusTest.join(a, 'ana', ['cai']), room);
    await page('cai').evaluate((a) => window.janusTest.join(a, 'cai', ['ana']), room);
    await everyoneDecodes(['ana', 'cai']);
    process.kill(netns.janusPid, 'SIGKILL');
    for (const [user, other] of /** @type {const} */ ([
      ['ana', 'cai'],
      ['cai', 'ana'],
    ])) {
      const seen = await until(
        () => page(user).evaluate(() => window.janusTest.events()),
        (e) => e.errors.length > 0 && e.states[other]?.at(-1) === 'failed',
        `${user} sees ${other} failed`,
      );
      assert.match(seen.errors[0] ?? '', /Janus/);
      await page(user).evaluate(() => window.janusTest.leave());
    }
  });
});
