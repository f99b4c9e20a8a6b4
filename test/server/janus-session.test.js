// Conference mode through the session API and the elements, for real: six headless Chromium
// pages (one browser) call through the real relay and a real Janus, both inside the test's
// network namespace (janus-netns.js). The caller is a `<call-session opponents="ben,cai,dee,eli,fay"
// sfu-url="…">`; the others are `CallClient`s that answer at once. Ringing, accept, mute
// announcements and hang-up go through the relay; media goes through Janus at 160x120, 10 fps.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { janusPages, lapper, othersOf as others, until, WAIT_MS } from './janus-helpers.js';
import { startJanusNetns } from './janus-netns.js';

const CALLER = 'ana';
// MESHCALL_SFU_SESSION_USERS=3 (2-6) runs a smaller call, for debugging.
const USERS = [CALLER, 'ben', 'cai', 'dee', 'eli', 'fay'].slice(0, Math.min(6, Math.max(2, Number(process.env.MESHCALL_SFU_SESSION_USERS) || 6)));
const LEAVER = USERS[USERS.length - 1] ?? 'fay';
/** Shares a screen, and is recorded by the caller; the watcher checks the shared frames. */
const SHARER = USERS[1] ?? 'ben';
const WATCHER = USERS[2] ?? USERS[1] ?? 'cai';
/** Two who talk in turn (tone microphones, silent otherwise): the caller's active speaker and "Mute for me". */
const TALKER = USERS[2] ?? 'cai';
const OTHER_TALKER = USERS[3] ?? 'dee';
/** @param {string} user @param {string[]} [among] */
const othersOf = (user, among = USERS) => others(user, among);

describe(
  'a six-person conference call through <call-session>, the relay and Janus',
  // Measured: 62 s and 123 s for six people at load 15 and 25 (44 s for MESHCALL_SFU_SESSION_USERS=3);
  // with the screen share, stats, active speaker, Mute for me, recording and early hang-up steps
  // (16-54 s of them): 127 s, 142 s and 219 s at load 35-45, most of it loading seven pages.
  { timeout: 420_000 },
  () => {
    /** @type {import('./janus-netns.js').JanusNetns} */
    let netns;
    const { pages, page, status, everyoneDecodes } = janusPages('sfuTest');
    const lap = lapper('janus-session');

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
      for (const user of USERS)
        assert.equal((await page(user).evaluate(() => window.sfuTest.status([]))).topology, 'sfu', `${user}'s session is in conference mode`);
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

    it(`${SHARER} shares a screen: the caller's stage badges and spotlights that tile, everyone is told, and ${WATCHER} decodes the 16:9 screen`, async () => {
      const before = (await status(WATCHER, [SHARER])).users[SHARER]?.frames ?? 0;
      await page(SHARER).evaluate(() => window.sfuTest.shareScreen(true));
      const stage = await until(
        () => page(CALLER).evaluate(() => window.sfuTest.stage()),
        (st) => st.tiles[SHARER]?.badges.includes('Sharing screen') === true && st.layout === 'spotlight' && st.main === SHARER,
        `${CALLER}'s stage shows ${SHARER} sharing, large`,
      );
      for (const other of othersOf(SHARER, othersOf(CALLER))) assert.ok(!stage.tiles[other]?.badges.includes('Sharing screen'), `no badge on ${other}`);
      await Promise.all(
        othersOf(SHARER).map((u) =>
          until(
            () => page(u).evaluate(() => window.sfuTest.events()),
            (e) => /** @type {{ screen?: boolean } | undefined} */ (e.media[SHARER])?.screen === true,
            `${u} is told ${SHARER} shares a screen`,
          ),
        ),
      );
      // The fake screen is 16:9, the fake camera 4:3: these frames are the screen.
      await until(
        () => status(WATCHER, [SHARER]),
        (st) => {
          const s = st.users[SHARER];
          return !!s && s.height > 0 && Math.abs(s.width / s.height - 16 / 9) < 0.05 && s.frames > before + 10;
        },
        `${WATCHER} decodes ${SHARER}'s screen`,
      );
      await page(SHARER).evaluate(() => window.sfuTest.shareScreen(false));
      await until(
        () => page(CALLER).evaluate(() => window.sfuTest.stage()),
        (st) => st.tiles[SHARER]?.badges.includes('Sharing screen') === false && st.layout === 'grid',
        `${CALLER}'s stage is back to the grid`,
      );
      await until(
        () => status(WATCHER, [SHARER]),
        (st) => {
          const s = st.users[SHARER];
          return !!s && s.height > 0 && Math.abs(s.width / s.height - 4 / 3) < 0.05;
        },
        `${WATCHER} decodes ${SHARER}'s camera again`,
      );
      lap('screen share through the SFU');
    });

    it(`statsString for one remote user (${TALKER}, at the caller) has the seed's eight lines with live values`, async () => {
      const bps = String.raw`\d+(?:\.\d\d)?[KM]?bps`;
      const some = String.raw`[1-9]\d*(?:\.\d\d)?[KM]?bps`;
      const seed = [
        new RegExp(String.raw`^CN \d+ms \| local->local/udp \| \(s\)${bps} \| \(r\)${bps}$`),
        /^VS \(input\) 160x120@\d+fps \| \(sent\) \d+x\d+@\d+fps$/,
        new RegExp(String.raw`^VS \(enc\) ${bps}/${bps} \| \(sent\) ${bps}/${bps} \| \d+ms \| VP8$`),
        /^AvgQP \(past \d+ encoded frames\) = \d+$/,
        // What arrives from this one user: their 160x120 picture, decoding.
        new RegExp(String.raw`^VR \(recv\) 160x120@\d+fps \| \(decoded\)[1-9]\d* \| \(output\)\d+fps \| ${some}/${bps} \| \d+ms$`),
        new RegExp(String.raw`^AS ${some} \| opus$`),
        new RegExp(String.raw`^AR ${some} \| opus \| \d+ms \| \(expandrate\)\d\.\d{6}$`),
        /^Packets lost: VS \d+ \| VR \d+ \| AS \d+ \| AR \d+$/,
      ];
      // Each report covers one second: on a starved machine a second may pass without a decoded frame, so read until one has them all.
      const text = await until(
        () => page(CALLER).evaluate((u) => window.sfuTest.statsString(u), TALKER),
        (t) => t.split('\n').length === seed.length && t.split('\n').every((line, i) => seed[i]?.test(line)),
        `${CALLER}'s statsString for ${TALKER} has every line with live values`,
      );
      console.log(`  [janus-session] ${CALLER}'s statsString for ${TALKER}:\n${text.replace(/^/gm, '    ')}`);
    });

    it(`the active speaker follows who talks (${TALKER}, then ${OTHER_TALKER}) on the caller's stage`, { skip: USERS.length < 4 }, async () => {
      for (const [talker, quiet] of /** @type {const} */ ([
        [TALKER, OTHER_TALKER],
        [OTHER_TALKER, TALKER],
      ])) {
        await page(quiet).evaluate(() => window.sfuTest.speak(0));
        await page(talker).evaluate(() => window.sfuTest.speak(0.5));
        await until(
          async () => ({
            speakers: (await page(CALLER).evaluate(() => window.sfuTest.events())).speakers,
            stage: await page(CALLER).evaluate(() => window.sfuTest.stage()),
          }),
          ({ speakers, stage }) => speakers.at(-1) === talker && stage.tiles[talker]?.speaking === true && stage.tiles[quiet]?.speaking === false,
          `${CALLER} sees ${talker} as the active speaker`,
        );
      }
      lap('active speaker followed');
    });

    it(`"Mute for me" on ${TALKER}'s tile silences only ${TALKER} at the caller, and un-muting brings them back`, { skip: USERS.length < 4 }, async () => {
      await Promise.all([TALKER, OTHER_TALKER].map((u) => page(u).evaluate(() => window.sfuTest.speak(0.5))));
      await page(CALLER).evaluate((u) => window.sfuTest.listen(u), [TALKER, OTHER_TALKER]);
      const heard = () => page(CALLER).evaluate(() => window.sfuTest.heard());
      await until(heard, (h) => (h[TALKER] ?? 0) > 0.05 && (h[OTHER_TALKER] ?? 0) > 0.05, `${CALLER} hears ${TALKER} and ${OTHER_TALKER}`);
      assert.equal(await page(CALLER).evaluate((u) => window.sfuTest.toggleMuteForMe(u), TALKER), 'true');
      await until(heard, (h) => h[TALKER] === 0 && (h[OTHER_TALKER] ?? 0) > 0.05, `${TALKER} is silent at ${CALLER}, ${OTHER_TALKER} is not`);
      const tiles = (await page(CALLER).evaluate(() => window.sfuTest.stage())).tiles;
      assert.deepEqual(tiles[TALKER]?.audioEnabled, [false], `${TALKER}'s tile plays no sound`);
      assert.deepEqual(tiles[OTHER_TALKER]?.audioEnabled, [true], `${OTHER_TALKER}'s tile still plays`);
      assert.equal(await page(CALLER).evaluate((u) => window.sfuTest.toggleMuteForMe(u), TALKER), 'false');
      await until(heard, (h) => (h[TALKER] ?? 0) > 0.05, `${CALLER} hears ${TALKER} again`);
      await Promise.all([TALKER, OTHER_TALKER].map((u) => page(u).evaluate(() => window.sfuTest.speak(0))));
    });

    it(`the caller records one remote user (${SHARER}): a file that loads, seeks and has ${SHARER}'s video`, async () => {
      const file = await page(CALLER).evaluate((u) => window.sfuTest.record(u), SHARER);
      assert.match(file.type, /^video\/webm/);
      assert.ok(file.size > 0, 'the file has data');
      assert.deepEqual([file.width, file.height], [160, 120], "the file's picture is the recorded user's camera");
      assert.ok(Number.isFinite(file.duration) && file.duration > 1, `duration ${file.duration} s`);
      lap('recorded one remote user');
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
        (l) => l.session === 'closed' && l.open === 0 && l.local === 0 && l.camera === 0,
        `${CALLER}'s call ended with nothing left open`,
      );
      assert.deepEqual(leftovers, { open: 0, local: 0, camera: 0, session: 'closed' });
      assert.equal(
        await page('outsider').evaluate(([url, r]) => window.janusTest.roomExists(url, r), /** @type {const} */ ([room?.url ?? '', room?.room ?? 0])),
        false,
      );
      lap('caller hung up: everyone closed, room destroyed');
    });

    it('a caller who hangs up before it is in the room (camera still opening; publisher attaching; joining) leaves no room on Janus and nothing open', async () => {
      const rooms = () =>
        page('outsider').evaluate(([url, key]) => window.janusTest.listRooms(url, key), /** @type {const} */ ([netns.janusUrl, netns.adminKey]));
      assert.deepEqual(await rooms(), [], 'no room is left from the call');
      for (const [user, when] of /** @type {const} */ ([
        ['gil', 'camera'],
        ['hal', 'attaching'],
        ['ida', 'joining'],
      ])) {
        const early = await page('outsider').evaluate(
          ([u, relay, sfu, key, w]) => window.sfuTest.hangUpEarly(u, relay, sfu, key, ['zed'], w),
          /** @type {const} */ ([user, netns.relayUrl, netns.janusUrl, netns.adminKey, when]),
        );
        assert.equal(early.roomsBeforeHangUp, 1, 'the room existed while the camera was still opening');
        assert.equal(early.state, 'closed');
        await until(rooms, (list) => list.length === 0, `no room left after hanging up (${when})`);
        await until(
          () => page('outsider').evaluate(() => window.sfuTest.leftovers()),
          (l) => l.session === 'closed' && l.open === 0 && l.local === 0 && l.camera === 0,
          `nothing left open after hanging up (${when})`,
        );
      }
      lap('early hang-ups left no room');
    });
  },
);
