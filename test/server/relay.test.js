import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startRelay, DEV_MODE_WARNING, MAX_FRAME_DEPTH } from '../../server/relay.js';
import { nestsDeeperThan } from '../../server/json-depth.js';
import { Client, openRelay, expectRejectedUpgrade, within } from './helpers.js';

describe('relay: forwarding', () => {
  it('forwards {to, msg} as {from, msg} with the sender stamped by the relay', async (t) => {
    const relay = await openRelay(t);
    const alice = await Client.connect(relay.wsUrl, 'alice', { t });
    const bob = await Client.connect(relay.wsUrl, 'bob', { t });

    alice.send({ to: 'bob', msg: { type: 'call', sessionID: 's1', sdp: 'v=0 whatever' } });
    assert.deepEqual(await bob.next(), { from: 'alice', msg: { type: 'call', sessionID: 's1', sdp: 'v=0 whatever' } });

    bob.send({ to: 'alice', msg: { type: 'accept' } });
    assert.deepEqual(await alice.next(), { from: 'bob', msg: { type: 'accept' } });
  });

  it('ignores a client-supplied "from": the sender cannot spoof another user', async (t) => {
    const relay = await openRelay(t);
    const mallory = await Client.connect(relay.wsUrl, 'mallory', { t });
    const bob = await Client.connect(relay.wsUrl, 'bob', { t });

    mallory.send({ from: 'alice', to: 'bob', msg: { type: 'hangUp', from: 'alice' } });
    const frame = await bob.next();
    assert.equal(frame.from, 'mallory');
    assert.deepEqual(frame.msg, { type: 'hangUp', from: 'alice' }, 'msg is passed through untouched');
  });

  it('answers a frame that is not JSON with a bad-frame error and keeps the socket usable', async (t) => {
    const relay = await openRelay(t);
    const alice = await Client.connect(relay.wsUrl, 'alice', { t });
    const bob = await Client.connect(relay.wsUrl, 'bob', { t });

    alice.send('{not json');
    const error = await alice.next('bad-frame error');
    assert.equal(error.error.code, 'bad-frame');
    assert.match(error.error.message, /JSON/);

    alice.send({ to: 'bob', msg: { n: 1 } });
    assert.deepEqual(await bob.next(), { from: 'alice', msg: { n: 1 } });
  });

  for (const [label, frame] of /** @type {[string, unknown][]} */ ([
    ['an array', [1, 2]],
    ['a string', 'hi'],
    ['null', null],
    ['a missing "to"', { msg: {} }],
    ['an invalid "to"', { to: 'no spaces allowed', msg: {} }],
    ['a missing "msg"', { to: 'bob' }],
    ['a non-object "msg"', { to: 'bob', msg: 'hello' }],
    ['an array "msg"', { to: 'bob', msg: [] }],
  ])) {
    it(`answers ${label} with a bad-frame error`, async (t) => {
      const relay = await openRelay(t);
      const alice = await Client.connect(relay.wsUrl, 'alice', { t });
      await Client.connect(relay.wsUrl, 'bob', { t });
      alice.send(JSON.stringify(frame));
      const reply = await alice.next('bad-frame error');
      assert.equal(reply.error?.code, 'bad-frame');
      assert.equal(typeof reply.error.message, 'string');
      assert.equal(alice.ws.readyState, alice.ws.OPEN);
    });
  }

  it('refuses a msg nested deeper than MAX_FRAME_DEPTH with bad-frame (it used to crash the relay); forwards one within it', async (t) => {
    const relay = await openRelay(t);
    const alice = await Client.connect(relay.wsUrl, 'alice', { t });
    const bob = await Client.connect(relay.wsUrl, 'bob', { t });
    for (const depth of [MAX_FRAME_DEPTH, 5000, 30_000]) {
      alice.send(`{"to":"bob","msg":{"a":${'['.repeat(depth)}${']'.repeat(depth)}}}`);
      const reply = await alice.next('bad-frame error');
      assert.equal(reply.error?.code, 'bad-frame');
      assert.match(reply.error.message, /deeper than 32/);
    }
    // Brackets inside strings do not count; the deepest frame allowed goes through.
    const inner = MAX_FRAME_DEPTH - 3;
    const msg = { s: '[[[[{{{{'.repeat(100), a: JSON.parse(`${'['.repeat(inner)}${']'.repeat(inner)}`) };
    alice.send({ to: 'bob', msg });
    assert.deepEqual(await bob.next(), { from: 'alice', msg });
    assert.equal(bob.ws.readyState, bob.ws.OPEN);
  });

  it('nestsDeeperThan counts brackets outside strings only, escapes included', () => {
    assert.equal(nestsDeeperThan('[[]]', 2), false);
    assert.equal(nestsDeeperThan('[[[]]]', 2), true);
    assert.equal(nestsDeeperThan(String.raw`{"a":"[[[[\\"}`, 1), false, 'an escaped backslash, then the closing quote');
    assert.equal(nestsDeeperThan(String.raw`{"a":"\\"}[[`, 1), true, 'brackets after the string count again');
    assert.equal(nestsDeeperThan(String.raw`{"a":"\"[[[[ "}`, 1), false, 'an escaped quote does not end the string');
    assert.equal(nestsDeeperThan(String.raw`{"a":"\"}[[[[`, 1), false, 'still inside the string');
  });

  it('answers a binary frame with a bad-frame error', async (t) => {
    const relay = await openRelay(t);
    const alice = await Client.connect(relay.wsUrl, 'alice', { t });
    alice.send(Buffer.from(JSON.stringify({ to: 'alice', msg: {} })));
    const reply = await alice.next();
    assert.equal(reply.error?.code, 'bad-frame');
    assert.match(reply.error.message, /binary/);
  });

  it('tells the sender when the recipient is not connected', async (t) => {
    const relay = await openRelay(t);
    const alice = await Client.connect(relay.wsUrl, 'alice', { t });
    alice.send({ to: 'carol', msg: { type: 'call' } });
    const reply = await alice.next('not-connected error');
    assert.equal(reply.error?.code, 'not-connected');
    assert.equal(reply.error.to, 'carol');
    assert.equal(typeof reply.error.message, 'string');
  });

  it('closes only the socket that sends an oversize frame (1009), with 64 KB as the default limit', async (t) => {
    const relay = await openRelay(t);
    const alice = await Client.connect(relay.wsUrl, 'alice', { t });
    const bob = await Client.connect(relay.wsUrl, 'bob', { t });
    const carol = await Client.connect(relay.wsUrl, 'carol', { t });

    const justFits = { to: 'bob', msg: { pad: 'x'.repeat(60 * 1024) } };
    alice.send(justFits);
    assert.equal((await bob.next('a 60 KB frame')).msg.pad.length, 60 * 1024);

    alice.send({ to: 'bob', msg: { pad: 'x'.repeat(65 * 1024) } });
    assert.equal((await alice.waitClosed()).code, 1009);

    carol.send({ to: 'bob', msg: { still: 'works' } });
    assert.deepEqual(await bob.next(), { from: 'carol', msg: { still: 'works' } });
    assert.equal(bob.queue.length, 0, 'the oversize frame was not delivered');
  });

  it('replaces an older connection of the same user, closing it with 4000 "replaced"', async (t) => {
    const relay = await openRelay(t);
    const first = await Client.connect(relay.wsUrl, 'alice', { t });
    const second = await Client.connect(relay.wsUrl, 'alice', { t });
    assert.deepEqual(await first.waitClosed(), { code: 4000, reason: 'replaced' });

    const bob = await Client.connect(relay.wsUrl, 'bob', { t });
    bob.send({ to: 'alice', msg: { for: 'the new tab' } });
    assert.deepEqual(await second.next(), { from: 'bob', msg: { for: 'the new tab' } });
    assert.equal(second.ws.readyState, second.ws.OPEN);
  });
});

describe('relay: connecting', () => {
  it('accepts user IDs made of [A-Za-z0-9_.@:-] up to 64 chars', async (t) => {
    const relay = await openRelay(t);
    for (const user of ['a', 'Alice_1.x@example.com:tab-2', 'u'.repeat(64)]) {
      const client = await Client.connect(relay.wsUrl, user, { t });
      assert.equal(client.ws.readyState, client.ws.OPEN, user);
    }
  });

  for (const [label, query] of [
    ['a missing user', ''],
    ['an empty user', '?user='],
    ['a 65-char user', `?user=${'u'.repeat(65)}`],
    ['a user with a space', '?user=a%20b'],
    ['a user with a slash', '?user=a%2Fb'],
    ['a user with <>', '?user=%3Cscript%3E'],
  ]) {
    it(`rejects ${label} with HTTP 400`, async (t) => {
      const relay = await openRelay(t);
      const { status, body } = await expectRejectedUpgrade(`${relay.wsUrl}${query}`);
      assert.equal(status, 400);
      assert.match(body, /user/);
    });
  }

  it('rejects upgrades on other paths with 404', async (t) => {
    const relay = await openRelay(t);
    const { status } = await expectRejectedUpgrade(`ws://127.0.0.1:${relay.port}/elsewhere?user=alice`);
    assert.equal(status, 404);
  });

  it('logs one DEV MODE line when started without a secret, and none with one', async (t) => {
    const open = await openRelay(t);
    assert.deepEqual(open.logs, [[DEV_MODE_WARNING]]);
    assert.match(DEV_MODE_WARNING, /DEV MODE/);
    const locked = await openRelay(t, { secret: 's3cret' });
    assert.deepEqual(locked.logs, []);
  });

  it('reports its port and URLs, and binds to 127.0.0.1 by default', async (t) => {
    const relay = await openRelay(t);
    assert.ok(relay.port > 0);
    assert.equal(relay.httpUrl, `http://127.0.0.1:${relay.port}`);
    assert.equal(relay.wsUrl, `ws://127.0.0.1:${relay.port}/signal`);
    assert.deepEqual(relay.server.address(), { address: '127.0.0.1', family: 'IPv4', port: relay.port });
  });

  it('fails to start with EADDRINUSE when the port is taken', async (t) => {
    const relay = await openRelay(t);
    await assert.rejects(startRelay({ port: relay.port, log: () => {} }), { code: 'EADDRINUSE' });
  });
});

describe('relay: heartbeat, kick, close, restart', () => {
  it('terminates sockets that stop answering pings and keeps the ones that answer', async (t) => {
    const relay = await openRelay(t, { heartbeatMs: 100 });
    const live = await Client.connect(relay.wsUrl, 'live', { t });
    const dead = await Client.connect(relay.wsUrl, 'dead', { t, autoPong: false });
    const nextPing = () => within(new Promise((resolve) => live.ws.once('ping', resolve)), 'a ping');

    await nextPing();
    assert.equal((await dead.waitClosed('the silent socket to be terminated')).code, 1006);
    await nextPing(); // the answering socket is still pinged after the silent one is gone...
    await nextPing();
    assert.equal(live.ws.readyState, live.ws.OPEN); // ...and still open
  });

  it('kick(user) drops that user abruptly and leaves others connected', async (t) => {
    const relay = await openRelay(t);
    const alice = await Client.connect(relay.wsUrl, 'alice', { t });
    const bob = await Client.connect(relay.wsUrl, 'bob', { t });

    assert.equal(relay.kick('alice'), 1);
    assert.equal((await alice.waitClosed()).code, 1006, 'no close frame, like a network drop');
    assert.equal(relay.kick('alice'), 0);

    bob.send({ to: 'alice', msg: {} });
    assert.equal((await bob.next()).error?.code, 'not-connected');
  });

  it('close() closes every socket with 1001 and stops listening', async (t) => {
    const relay = await startRelay({ port: 0, log: () => {} });
    const alice = await Client.connect(relay.wsUrl, 'alice', { t });
    const bob = await Client.connect(relay.wsUrl, 'bob', { t });
    await within(relay.close(), 'relay.close()');
    assert.equal((await alice.waitClosed()).code, 1001);
    assert.equal((await bob.waitClosed()).code, 1001);
    assert.equal(relay.server.listening, false);
    const late = new Client(`${relay.wsUrl}?user=carol`);
    await assert.rejects(within(late.opened, 'a refused connection'));
  });

  it('can be restarted on the same port and clients can reconnect', async (t) => {
    const first = await startRelay({ port: 0, log: () => {} });
    const alice = await Client.connect(first.wsUrl, 'alice', { t });
    await first.close();
    assert.equal((await alice.waitClosed()).code, 1001);

    const second = await openRelay(t, { port: first.port });
    assert.equal(second.wsUrl, first.wsUrl);
    const again = await Client.connect(second.wsUrl, 'alice', { t });
    const bob = await Client.connect(second.wsUrl, 'bob', { t });
    bob.send({ to: 'alice', msg: { hello: 'again' } });
    assert.deepEqual(await again.next(), { from: 'bob', msg: { hello: 'again' } });
  });
});
