// Conference mode through the session API and the elements, for real: six headless Chromium
// pages (one browser) call through the real relay and a real Janus, both inside the test's
// network namespace (janus-netns.js). The caller is a `<call-session opponents="ben,cai,dee,eli,fay"
// sfu-url="…">`; the others are `CallClient`s that answer at once. Ringing, accept, mute
// announcements and hang-up go through the relay; media goes through Janus at 160x120, 10 fps.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startJanusNetns } from './janus-netns.js';

const CALLER = 'ana';
// MESHCALL_SFU_SESSION_USERS=3 (2-6) runs a smaller call, for debugging.
const USERS = [CALLER, 'ben', 'cai', 'dee', 'eli', 'fay'].slice(0, Math.min(6, Math.max(2, Number(process.env.MESHCALL_SFU_SESSION_USERS) || 6)));
const LEAVER = USERS[USERS.length - 1] ?? 'fay';
/** Longest wait for something a page should see (media through Janus on a loaded machine). */
const WAIT_MS = 60_000;

/** @param {string} user @param {string[]} [among] */
const othersOf = (user, among = USERS) => among.filter((u) => u !== user);

/**
 * Polls `read` every 250 ms until `done(value)`; fails with the last value after WAIT_MS.
 * @template T @param {() => Promise<T>} read @param {(value: T) => boolean} done @param {string} what
 * @returns {Promise<T>}
 */
async function until(read, done, what) {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe(
  'a six-person conference call through <call-session>, the relay and Janus',
  // Measured: 62 s and 123 s for six people at load 15 and 25 (44 s for MESHCALL_SFU_SESSION_USERS=3).
  { timeout: 300_000 },
  () => {
    /** @type {import('./janus-netns.js').JanusNetns} */
    let netns;
    /** @type {Map<string, import('playwright').Page>} */
    const pages = new Map();
    const started = Date.now();
    /** @param {string} step */
    const lap = (step) => console.log(`  [janus-session] ${step} at ${((Date.now() - started) / 1000).toFixed(1)} s`);
    /** @param {string} user */
    const page = (user) => /** @type {import('playwright').Page} */ (pages.get(user));
    /** @param {string} user @param {string[]} others */
    const status = (user, others) => page(user).evaluate((o) => window.sfuTest.status(o), others);

    /** Every listed user sees every other listed user connected, with decoded frames beyond `after`. */
    async function everyoneDecodes(/** @type {string[]} */ users, /** @type {Record<string, Record<string, number>>} */ after = {}) {
      /** @type {Record<string, Record<string, number>>} */
      const frames = {};
      await Promise.all(
        users.map(async (user) => {
          const others = othersOf(user, users);
          const seen = await until(
            () => status(user, others),
            (s) => others.every((o) => s.users[o]?.state === 'connected' && s.users[o].tracks === 2 && s.users[o].frames > (after[user]?.[o] ?? 0)),
            `${user} decodes video from ${others.join(', ')}`,
          );
          frames[user] = Object.fromEntries(others.map((o) => [o, seen.users[o]?.frames ?? 0]));
        }),
      );
      return frames;
    }

    before(async () => {
      netns = await startJanusNetns();
      const browser = await netns.launchChromium();
      // One at a time: seven pages loading at once on a busy 2-core machine time out.
      for (const user of [...USERS, 'outsider']) {
        const p = await (await browser.newContext()).newPage();
        p.on('pageerror', (error) => console.log(`  [${user}] page error: ${error.message}`));
        await p.goto(netns.pageUrl, { waitUntil: 'commit', timeout: WAIT_MS });
        await p.waitForFunction(() => !!window.sfuTest, undefined, { timeout: WAIT_MS });
        pages.set(user, p);
      }
      lap('Janus, relay and 7 pages up');
    });

    after(async () => {
      await netns?.stop();
    });

    it('<call-session opponents="ben,…,fay" sfu-url> calls five people in conference mode; each of the six decodes the five others', async () => {
      const args = /** @type {const} */ ([netns.relayUrl, netns.janusUrl, netns.adminKey]);
      await Promise.all(
        othersOf(CALLER).map((u) => page(u).evaluate(([user, ...a]) => window.sfuTest.connect(user, ...a), /** @type {const} */ ([u, ...args]))),
      );
      const topology = await page(CALLER).evaluate(
        ([user, relay, sfu, key, opponents]) => window.sfuTest.callWithElement(user, relay, sfu, key, opponents),
        /** @type {const} */ ([CALLER, ...args, othersOf(CALLER)]),
      );
      assert.equal(topology, 'sfu');
      const first = await everyoneDecodes(USERS).catch(async (error) => {
        for (const u of USERS) console.log(`  [janus-session] ${u}: ${JSON.stringify(await page(u).evaluate(() => window.sfuTest.events()))}`);
        throw error;
      });
      lap('everyone decodes the 5 others');
      await everyoneDecodes(USERS, first);
      for (const user of USERS) assert.equal((await status(user, [])).topology, 'sfu', `${user}'s session is in conference mode`);
    });

    it("a mute travels through the relay as in a mesh: everyone sees the caller's microphone off", async () => {
      await page(CALLER).evaluate(() => window.sfuTest.mute());
      await Promise.all(
        othersOf(CALLER).map((u) =>
          until(
            () => page(u).evaluate(() => window.sfuTest.events()),
            (e) => /** @type {{ audio?: boolean } | undefined} */ (e.media[CALLER])?.audio === false,
            `${u} sees ${CALLER} muted`,
          ),
        ),
      );
    });

    it('an outsider who knows the room ID (from the signaling traffic) but not the PIN cannot join, subscribe or see who is in it', async () => {
      const room = (await page(CALLER).evaluate(() => window.sfuTest.events())).room;
      assert.ok(room && room.room > 0, 'the caller sent its room in the call');
      const result = await page('outsider').evaluate(([url, r]) => window.janusTest.outsider(url, r, 1), /** @type {const} */ ([room.url, room.room]));
      assert.notEqual(result.noPin, 'ok', 'join without PIN');
      assert.equal(result.wrongPin, 'unauthorized:433', 'join with a guessed PIN');
      assert.notEqual(result.subscribe, 'ok', 'subscribe without PIN');
      assert.equal(result.subscribeWrongPin, 'unauthorized:433', 'subscribe with a guessed PIN');
      assert.notEqual(result.destroy, 'ok', 'destroy without the secret');
      assert.equal(result.participantNames.length, USERS.length);
      for (const name of result.participantNames) assert.ok(!USERS.includes(name), `participant listed as ${name}`);
    });

    it('one leaves: the others see them hung up and keep decoding each other; the leaver has nothing left open', async () => {
      const stay = othersOf(LEAVER);
      const before = await everyoneDecodes(stay);
      await page(LEAVER).evaluate(() => window.sfuTest.hangUp());
      await Promise.all(
        stay.map((u) =>
          until(
            () => status(u, [LEAVER]),
            (s) => s.users[LEAVER]?.state === 'hang-up' && s.users[LEAVER].tracks === 0,
            `${u} sees ${LEAVER} hung up`,
          ),
        ),
      );
      await until(
        () => page(LEAVER).evaluate(() => window.sfuTest.leftovers()),
        (l) => l.session === 'closed' && l.open === 0 && l.local === 0,
        `${LEAVER} closed every connection and track`,
      );
      await everyoneDecodes(stay, before);
      lap('5 continue after one left');
    });

    it("the caller's hang-up ends the call for everyone, the room is destroyed, and nobody has a connection or track left", async () => {
      const room = (await page(CALLER).evaluate(() => window.sfuTest.events())).room;
      await page(CALLER).evaluate(() => window.sfuTest.hangUp());
      await Promise.all(
        othersOf(CALLER, othersOf(LEAVER)).map(async (u) => {
          await until(
            () => page(u).evaluate(() => window.sfuTest.leftovers()),
            (l) => l.session === 'closed' && l.open === 0 && l.local === 0,
            `${u}'s call ended with nothing left open`,
          );
          const events = await page(u).evaluate(() => window.sfuTest.events());
          assert.ok(events.hungUp.includes(CALLER), `${u} heard ${CALLER} hang up`);
          assert.equal(events.closed, 'hang-up');
        }),
      );
      // The caller closes its connections once Janus has destroyed the room (a round trip): wait for it too.
      const leftovers = await until(
        () => page(CALLER).evaluate(() => window.sfuTest.leftovers()),
        (l) => l.session === 'closed' && l.open === 0 && l.local === 0,
        `${CALLER}'s call ended with nothing left open`,
      );
      assert.deepEqual(leftovers, { open: 0, local: 0, session: 'closed' });
      assert.equal(
        await page('outsider').evaluate(([url, r]) => window.janusTest.roomExists(url, r), /** @type {const} */ ([room?.url ?? '', room?.room ?? 0])),
        false,
      );
      lap('caller hung up: everyone closed, room destroyed');
    });
  },
);
