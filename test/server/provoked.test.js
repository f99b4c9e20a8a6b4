// Issue 11, item 2 (relay side): traffic one user provokes cannot be turned against another.
// The relay only ever answers the socket that sent a frame, at most ERROR_REPLIES_PER_SECOND
// times a second (no amplification); rate limits count only what a socket itself sends; and
// a recipient that does not read cannot make the relay buffer without bound.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ERROR_REPLIES_PER_SECOND, MAX_BUFFERED_BYTES } from '../../server/relay.js';
import { Client, openRelay, waitUntil } from './helpers.js';

describe('relay: provoked traffic', () => {
  it('answers a burst of frames to an absent user with at most 2× ERROR_REPLIES_PER_SECOND replies', async (t) => {
    const relay = await openRelay(t);
    const mallory = await Client.connect(relay.wsUrl, 'mallory', { t });
    for (let i = 0; i < 90; i++) mallory.send({ to: `nobody${i}`, msg: { type: 'call' } }); // within the 100-frame burst
    await mallory.roundTrip();
    const replies = mallory.drain();
    assert.equal(replies.length, 2 * ERROR_REPLIES_PER_SECOND, 'one reply per frame only up to the budget');
    assert.ok(replies.every((r) => r.error?.code === 'not-connected'));
  });

  it('a stranger flooding a user gets itself limited and closed; the user is never limited and still talks to its peer', async (t) => {
    const relay = await openRelay(t);
    const victim = await Client.connect(relay.wsUrl, 'victim', { t });
    const peer = await Client.connect(relay.wsUrl, 'peer', { t });
    const stranger = await Client.connect(relay.wsUrl, 'stranger', { t });
    /** @type {number[]} */
    const flood = [];
    for (let i = 0; i < 3000; i++) flood.push(i);
    for (const i of flood) stranger.send({ to: 'victim', msg: { type: 'call', sessionID: `s${i}` } });
    const { code } = await stranger.waitClosed('the stranger to be closed for flooding');
    assert.equal(code, 1008);

    victim.send({ to: 'peer', msg: { type: 'update', media: { audio: true } } });
    assert.deepEqual(await peer.next(), { from: 'victim', msg: { type: 'update', media: { audio: true } } });
    await victim.roundTrip();
    const toVictim = victim.drain();
    assert.ok(
      toVictim.length > 0 && toVictim.length <= 150,
      `the victim got only the stranger's frames that passed the stranger's limit (burst 100 + refill) (${toVictim.length})`,
    );
    assert.ok(
      toVictim.every((f) => f.from === 'stranger'),
      'and no error or rate-limit notice of its own',
    );
    assert.equal(victim.ws.readyState, victim.ws.OPEN);
  });

  it('stops buffering for a recipient that does not read (over 1 MB waiting): frames are dropped and the sender is told', async (t) => {
    const relay = await openRelay(t);
    const sleeper = await Client.connect(relay.wsUrl, 'sleeper', { t });
    const sender = await Client.connect(relay.wsUrl, 'sender', { t });
    /** @type {import('node:net').Socket} */ (/** @type {any} */ (sleeper.ws)._socket).pause(); // stops reading: TCP windows fill up
    const pad = 'x'.repeat(60 * 1024);
    let sent = 0;
    while (sent < 100 && !sender.queue.some((/** @type {any} */ f) => f.error?.code === 'not-delivered')) {
      for (let i = 0; i < 10; i++) sender.send({ to: 'sleeper', msg: { pad } });
      sent += 10;
      await sender.roundTrip();
    }
    const notice = sender.drain().find((f) => f.error?.code === 'not-delivered');
    assert.ok(notice, `the sender is told after ${sent} frames of 60 KB`);
    assert.equal(notice.error.to, 'sleeper');
    assert.ok(sent * pad.length > MAX_BUFFERED_BYTES);
    /** @type {import('node:net').Socket} */ (/** @type {any} */ (sleeper.ws)._socket).resume();
    await waitUntil(() => sleeper.queue.length > 0, 'the sleeper reads what was buffered');
  });
});
