// Per-socket rate limit: the token bucket on its own (with a hand-driven clock), then real
// clients flooding a real relay on 127.0.0.1. Every flood is bounded in count and time.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RateLimiter, resolveRateLimit, FLOOD_FACTOR, FLOOD_WINDOW_MS } from '../../server/rate-limit.js';
import { CLOSE_RATE_LIMIT, startRelay } from '../../server/relay.js';
import { Client, openRelay, within } from './helpers.js';

/** Counts the verdicts of `n` frames arriving at the current time. @param {RateLimiter} limiter @param {number} n */
function checkMany(limiter, n) {
  /** @type {Record<import('../../server/rate-limit.js').RateVerdict, number>} */
  const counts = { pass: 0, drop: 0, notify: 0, close: 0 };
  for (let i = 0; i < n; i++) counts[limiter.check()] += 1;
  return counts;
}

describe('rate limit: token bucket', () => {
  it('lets a burst through, then the sustained rate, and notifies at most once a second', () => {
    let now = 0;
    const limiter = new RateLimiter(resolveRateLimit(), () => now);
    assert.deepEqual(checkMany(limiter, 150), { pass: 100, drop: 49, notify: 1, close: 0 });
    now += 500; // half a second refills 25 tokens; the last notice was < 1 s ago
    assert.deepEqual(checkMany(limiter, 30), { pass: 25, drop: 5, notify: 0, close: 0 });
    now += 500;
    assert.deepEqual(checkMany(limiter, 30), { pass: 25, drop: 4, notify: 1, close: 0 });
    now += 60_000; // a long pause refills up to the burst, not beyond
    assert.deepEqual(checkMany(limiter, 101), { pass: 100, drop: 0, notify: 1, close: 0 });
  });

  it('says close once a socket sends more than 10× the sustained rate within 5 s', () => {
    let now = 0;
    const limit = resolveRateLimit({ perSecond: 2, burst: 4 });
    const limiter = new RateLimiter(limit, () => now);
    const flood = FLOOD_FACTOR * limit.perSecond * (FLOOD_WINDOW_MS / 1000); // 100 frames
    const counts = checkMany(limiter, flood);
    assert.equal(counts.close, 0, 'exactly the flood limit is still tolerated');
    assert.equal(limiter.check(), 'close');

    // A fresh window forgives: the same sender, 5 s later, is only rate-limited again.
    now += FLOOD_WINDOW_MS;
    const later = checkMany(limiter, 50);
    assert.equal(later.close, 0);
    assert.equal(later.pass, 4);
  });

  it('rejects unusable options with a message naming them', async () => {
    assert.throws(() => resolveRateLimit({ perSecond: 0 }), /perSecond/);
    assert.throws(() => resolveRateLimit({ perSecond: Number.NaN }), /perSecond/);
    assert.throws(() => resolveRateLimit({ burst: 0.5 }), /burst/);
    await assert.rejects(startRelay({ rateLimit: { perSecond: -1 }, log: () => {} }), /perSecond/);
  });
});

describe('rate limit: real clients', () => {
  it('drops frames over the default limit (50/s, burst 100) with a rate-limited notice; the socket stays usable', async (t) => {
    const relay = await openRelay(t);
    const mallory = await Client.connect(relay.wsUrl, 'mallory', { t });
    const bob = await Client.connect(relay.wsUrl, 'bob', { t });

    const started = Date.now();
    for (let i = 0; i < 400; i++) mallory.send({ to: 'bob', msg: { i } });
    await mallory.roundTrip('the relay to handle 400 frames');
    const seconds = (Date.now() - started) / 1000;
    await bob.roundTrip();

    const delivered = bob.drain();
    assert.ok(delivered.length >= 100, `the burst of 100 passes (got ${delivered.length})`);
    assert.ok(delivered.length <= 100 + Math.ceil(50 * seconds) + 1, `at most burst + 50/s passes: ${delivered.length} in ${seconds} s`);
    assert.deepEqual(delivered[0], { from: 'mallory', msg: { i: 0 } }, 'frames that pass arrive in order, untouched');

    const notices = mallory.drain();
    assert.ok(notices.length >= 1, 'the sender is told');
    assert.ok(notices.length <= 1 + Math.floor(seconds), `at most one notice per second: ${notices.length} in ${seconds} s`);
    for (const notice of notices) {
      assert.equal(notice.error?.code, 'rate-limited');
      assert.match(notice.error.message, /50\/s/);
    }
    assert.equal(mallory.ws.readyState, mallory.ws.OPEN, 'rate-limited, not closed');
  });

  it('limits each socket on its own: a flooding socket does not slow anyone else down', async (t) => {
    const relay = await openRelay(t, { rateLimit: { perSecond: 1, burst: 5 } });
    const mallory = await Client.connect(relay.wsUrl, 'mallory', { t });
    const alice = await Client.connect(relay.wsUrl, 'alice', { t });
    const bob = await Client.connect(relay.wsUrl, 'bob', { t });

    for (let i = 0; i < 30; i++) mallory.send({ to: 'bob', msg: { spam: i } });
    await mallory.roundTrip();
    assert.equal(mallory.drain()[0]?.error?.code, 'rate-limited');

    for (let i = 0; i < 5; i++) alice.send({ to: 'bob', msg: { n: i } });
    await alice.roundTrip();
    await bob.roundTrip();
    const fromAlice = bob.drain().filter((f) => f.from === 'alice');
    assert.deepEqual(
      fromAlice.map((f) => f.msg.n),
      [0, 1, 2, 3, 4],
      'alice’s whole burst arrives while mallory is limited',
    );
    assert.deepEqual(alice.drain(), [], 'alice got no rate-limited notice');
  });

  it('counts invalid frames too: junk cannot be sent faster than real messages', async (t) => {
    const relay = await openRelay(t, { rateLimit: { perSecond: 1, burst: 3 } });
    const mallory = await Client.connect(relay.wsUrl, 'mallory', { t });
    for (let i = 0; i < 10; i++) mallory.send('{not json');
    await mallory.roundTrip();
    const codes = mallory.drain().map((f) => f.error?.code);
    assert.equal(codes.filter((c) => c === 'bad-frame').length >= 3, true);
    assert.ok(codes.includes('rate-limited'), `got ${codes.join(', ')}`);
    assert.ok(codes.filter((c) => c === 'bad-frame').length < 10, 'not every junk frame was parsed and answered');
  });

  it('closes a socket that keeps flooding with 1008 "rate limit"; other sockets carry on', async (t) => {
    const relay = await openRelay(t);
    const mallory = await Client.connect(relay.wsUrl, 'mallory', { t });
    const alice = await Client.connect(relay.wsUrl, 'alice', { t });
    const bob = await Client.connect(relay.wsUrl, 'bob', { t });

    // Send in batches until the relay hangs up: at most 20 000 frames and 10 s.
    let sent = 0;
    let closed = false;
    mallory.closed.then(() => (closed = true));
    const deadline = Date.now() + 10_000;
    while (!closed && sent < 20_000 && Date.now() < deadline) {
      for (let i = 0; i < 500; i++) mallory.send({ to: 'bob', msg: { flood: sent + i } });
      sent += 500;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const { code, reason } = await within(mallory.closed, 'the flooding socket to be closed', 10_000);
    assert.deepEqual({ code, reason }, { code: CLOSE_RATE_LIMIT, reason: 'rate limit' });
    assert.equal(code, 1008);
    assert.ok(sent > 2500, `closed only after more than 10× the limit within 5 s (sent ${sent})`);
    assert.ok(
      relay.logs.some((line) => /mallory.*rate limit/.test(String(line[0]))),
      'the relay logs why it closed the socket',
    );

    await bob.roundTrip(); // everything mallory got through has arrived...
    bob.drain(); // ...and is set aside
    alice.send({ to: 'bob', msg: { still: 'here' } });
    assert.deepEqual(await bob.next('a frame after the flood'), { from: 'alice', msg: { still: 'here' } });
    assert.equal(alice.ws.readyState, alice.ws.OPEN);
  });
});
