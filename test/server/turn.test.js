// Issue 19, item 1: time-limited TURN credentials issued by the relay (GET /turn, the same
// token as /signal), checked by a real coturn running with use-auth-secret. coturn is the
// judge: Chromium gathers relay candidates with issued credentials and none (error 401)
// with tampered or expired ones; a relay-only 1:1 <call-session> call (no iceServers in its
// config, no app code) connects with the credentials its CallClient fetched and refreshes.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createToken, startRelay, TURN_PATH } from '../../server/relay.js';
import { issueTurnCredentials } from '../../server/turn.js';
import { turnTestServer } from '../turn-test-server.js';
import { bundleForTest, hangUp, placeCall, startPageServer } from './call-pages.js';
import { launchChromium, openPage } from './page-helpers.js';
import { request } from './helpers.js';

const SECRET = 'relay-secret';
const TURN_SECRET = 'coturn-static-auth-secret';

describe('TURN credentials from the relay, checked by a real coturn', () => {
  const turnServer = turnTestServer({ authSecret: TURN_SECRET });
  /** @type {import('../turn-test-server.js').TurnInfo} */
  let turnInfo;
  /** @type {import('../../server/relay.js').Relay} */
  let relay;
  /** @type {Awaited<ReturnType<typeof startPageServer>>} */
  let pages;
  /** @type {import('playwright').Browser} */
  let browser;

  before(async () => {
    turnInfo = await turnServer.start();
    pages = await startPageServer();
    relay = await startRelay({
      port: 0,
      secret: SECRET,
      allowedOrigins: [pages.url],
      turn: { secret: TURN_SECRET, urls: turnInfo.urls, ttlSeconds: 60 },
      metrics: { token: 'scrape' },
      log: () => {},
    });
    await pages.put('meshcall.js', await bundleForTest());
    await pages.put('blank.html', '<!doctype html><title>blank</title>');
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await relay?.close();
    await pages?.close();
    await turnServer.stop();
  });

  /** @param {string} user @param {string} [token] */
  const turnUrl = (user, token) => `${relay.httpUrl}${TURN_PATH}?user=${user}${token === undefined ? '' : `&token=${encodeURIComponent(token)}`}`;

  it('GET /turn: issued only with a valid relay token; username carries expiry and user', async () => {
    for (const [label, token] of /** @type {[string, string | undefined][]} */ ([
      ['no token', undefined],
      ['a token of another user', createToken(SECRET, 'bob')],
      ['a token of another secret', createToken('other', 'alice')],
      ['an expired token', createToken(SECRET, 'alice', -10)],
    ])) {
      const res = await fetch(turnUrl('alice', token));
      assert.equal(res.status, 401, label);
      assert.equal((await res.json()).iceServers, undefined, `${label}: no credentials`);
    }
    const res = await fetch(turnUrl('alice', createToken(SECRET, 'alice')), { headers: { origin: pages.url } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.equal(res.headers.get('access-control-allow-origin'), pages.url);
    const body = await res.json();
    assert.equal(body.ttl, 60);
    const [server] = body.iceServers;
    assert.deepEqual(server.urls, turnInfo.urls);
    assert.equal(server.username, `${body.expiresAt}:alice`);
    assert.ok(Math.abs(body.expiresAt - (Date.now() / 1000 + 60)) < 5);
    const foreign = await fetch(turnUrl('alice', createToken(SECRET, 'alice')), { headers: { origin: 'https://evil.example' } });
    assert.equal(foreign.status, 403, 'a page from a foreign origin gets none');
  });

  it('a relay without TURN settings answers 404 saying what to set', async (t) => {
    const plain = await startRelay({ port: 0, log: () => {} });
    t.after(() => plain.close());
    const res = await request(plain.port, `${TURN_PATH}?user=alice`);
    assert.equal(res.status, 404);
    assert.match(res.body, /MESHCALL_TURN_SECRET/);
  });

  it('coturn gives relay candidates for issued credentials, and refuses tampered and expired ones (401)', async () => {
    const { page, context } = await openPage(browser);
    try {
      await page.goto(`${pages.url}/blank.html`);
      /** @param {RTCIceServer[]} iceServers */
      const gather = (iceServers) =>
        page.evaluate(async (servers) => {
          const pc = new RTCPeerConnection({ iceServers: servers, iceTransportPolicy: 'relay' });
          /** @type {string[]} */
          const types = [];
          /** @type {number[]} */
          const errors = [];
          pc.onicecandidate = (e) => e.candidate && types.push(e.candidate.type ?? '?');
          pc.onicecandidateerror = (e) => errors.push(/** @type {RTCPeerConnectionIceErrorEvent} */ (e).errorCode);
          pc.createDataChannel('probe');
          await pc.setLocalDescription(await pc.createOffer());
          await new Promise((resolve) => {
            if (pc.iceGatheringState === 'complete') resolve(undefined);
            pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && resolve(undefined);
          });
          pc.close();
          return { types, errors };
        }, iceServers);

      const issued = await (await fetch(turnUrl('alice', createToken(SECRET, 'alice')))).json();
      const good = await gather(issued.iceServers);
      assert.ok(good.types.includes('relay'), `issued credentials give relay candidates: ${JSON.stringify(good)}`);

      const [server] = issued.iceServers;
      const tampered = { ...server, credential: `${server.credential.slice(0, -2)}${server.credential.endsWith('A=') ? 'B=' : 'A='}` };
      const bad = await gather([tampered]);
      assert.deepEqual(bad.types, [], 'a tampered credential gets nothing');
      assert.ok(bad.errors.includes(401), `coturn answers 401: ${JSON.stringify(bad)}`);

      const expired = issueTurnCredentials({ secret: TURN_SECRET, urls: turnInfo.urls, ttlSeconds: 600 }, 'alice', Date.now() - 3600_000);
      const old = await gather(expired.iceServers);
      assert.deepEqual(old.types, [], 'credentials that expired get nothing');
      assert.ok(old.errors.includes(401), `coturn answers 401: ${JSON.stringify(old)}`);
    } finally {
      await context.close();
    }
  });

  it('<call-session> with relay-only ICE and no iceServers connects through coturn with credentials the relay issued, and keeps them fresh', async () => {
    for (const [user, other] of /** @type {const} */ ([
      ['alice', 'bob'],
      ['bob', 'alice'],
    ])) {
      const token = createToken(SECRET, user);
      // No app code for TURN: the element's CallClient asks the relay (GET /turn) itself.
      await pages.put(
        `${user}.html`,
        `<!doctype html>
<call-session user-id="${user}" signaling-url="${relay.wsUrl}?token=${token}" opponents="${other}" dialing-interval="3"></call-session>
<script>document.querySelector('call-session').config = { iceTransportPolicy: 'relay' };</script>
<script type="module" src="./meshcall.js"></script>
`,
      );
    }
    const alice = await openPage(browser);
    const bob = await openPage(browser);
    /** @type {string[]} */
    const warnings = [];
    for (const { page } of [alice, bob]) page.on('console', (m) => m.type() === 'warning' && /TURN|relay/.test(m.text()) && warnings.push(m.text()));
    try {
      await placeCall({
        alice: alice.page,
        bob: bob.page,
        aliceUrl: `${pages.url}/alice.html`,
        bobUrl: `${pages.url}/bob.html`,
        sockets: () => relay.connectionCount(),
      });
      const pair = await alice.page.evaluate(async () => {
        const pc = /** @type {any} */ (document.querySelector('call-session'))?.session?.peerConnection('bob');
        const stats = [...(await pc.getStats()).values()];
        const selected = stats.find((s) => s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded');
        const local = stats.find((s) => s.id === selected?.localCandidateId);
        return { local: local?.candidateType, sdpHasHost: /typ host/.test(pc.localDescription.sdp) };
      });
      assert.deepEqual(pair, { local: 'relay', sdpHasHost: false }, 'media goes through coturn');
      // Issued for 60 s, so refreshed about every second: the live connection takes each new set.
      const first = await alice.page.evaluate(
        () => /** @type {any} */ (document.querySelector('call-session'))?.session?.peerConnection('bob')?.getConfiguration().iceServers?.[0]?.username,
      );
      assert.match(String(first), /^\d+:alice$/, 'the connection uses the relay-issued username');
      await alice.page.waitForFunction(
        (was) =>
          /** @type {any} */ (document.querySelector('call-session'))?.session?.peerConnection('bob')?.getConfiguration().iceServers?.[0]?.username !== was,
        first,
      );

      // An operator's scrape while the call runs.
      const metrics = await (await fetch(`${relay.httpUrl}/metrics`, { headers: { authorization: 'Bearer scrape' } })).text();
      const value = (/** @type {string} */ series) =>
        Number(
          metrics
            .split('\n')
            .find((l) => l.startsWith(`${series} `))
            ?.split(' ')[1],
        );
      assert.equal(value('meshcall_sockets_open'), 2, 'both ends of the call');
      assert.ok(value('meshcall_messages_relayed_total{path="local"}') >= 2, 'offer and answer at least');
      assert.ok(value('meshcall_turn_credentials_issued_total') >= 2, 'each page got credentials');
      assert.match(await hangUp({ alice: alice.page, bob: bob.page }), /alice hung up/);
      assert.deepEqual(warnings, [], 'no warning about relay-only ICE or TURN credentials');
    } finally {
      await Promise.all([alice.context.close(), bob.context.close()]);
    }
  });
});
