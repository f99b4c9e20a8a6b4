// Connection caps: overall (HTTP 503) and per remote address (HTTP 429), with real clients.
// Other addresses are other loopback sources (127.0.0.2, ...) connecting to 127.0.0.1.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createToken, startRelay } from '../../server/relay.js';
import { Client, openRelay, expectRejectedUpgrade, waitUntil } from './helpers.js';

describe('connection caps', () => {
  it('answers upgrades beyond maxConnections with HTTP 503, and admits again once a socket closes', async (t) => {
    const relay = await openRelay(t, { maxConnections: 3 });
    const clients = [];
    for (const user of ['u1', 'u2', 'u3']) clients.push(await Client.connect(relay.wsUrl, user, { t }));
    assert.equal(relay.connectionCount(), 3);

    const { status, body } = await expectRejectedUpgrade(`${relay.wsUrl}?user=u4`);
    assert.equal(status, 503);
    assert.match(body, /connection limit/);
    assert.equal(relay.connectionCount(), 3, 'a refused upgrade is not counted');

    clients[0]?.ws.close();
    await waitUntil(() => relay.connectionCount() === 2, 'the relay counts the closed socket');
    const u4 = await Client.connect(relay.wsUrl, 'u4', { t });
    u4.send({ to: 'u2', msg: { in: true } });
    assert.deepEqual(await clients[1]?.next(), { from: 'u4', msg: { in: true } });
  });

  it('counts a replaced connection until it is gone, and frees the slot after', async (t) => {
    const relay = await openRelay(t, { maxConnections: 2 });
    const first = await Client.connect(relay.wsUrl, 'alice', { t });
    await Client.connect(relay.wsUrl, 'alice', { t });
    await first.waitClosed();
    await waitUntil(() => relay.connectionCount() === 1, 'the replaced socket is no longer counted');
    await Client.connect(relay.wsUrl, 'bob', { t });
  });

  it('caps connections per address at 50 by default (HTTP 429); other addresses still get in', async (t) => {
    const relay = await openRelay(t);
    const from1 = [];
    for (let i = 0; i < 50; i++) from1.push(await Client.connect(relay.wsUrl, `user${i}`, { t }));

    const refused = await expectRejectedUpgrade(`${relay.wsUrl}?user=extra`);
    assert.equal(refused.status, 429);
    assert.match(refused.body, /too many connections/);

    const other = await Client.connect(relay.wsUrl, 'neighbour', { t, localAddress: '127.0.0.2' });
    other.send({ to: 'user0', msg: { hello: 'from another host' } });
    assert.deepEqual(await from1[0]?.next(), { from: 'neighbour', msg: { hello: 'from another host' } });
  });

  it('maxConnectionsPerIp: 0 turns the per-address cap off (for a relay behind a proxy)', async (t) => {
    const relay = await openRelay(t, { maxConnectionsPerIp: 0, maxConnections: 60 });
    for (let i = 0; i < 55; i++) await Client.connect(relay.wsUrl, `user${i}`, { t });
    assert.equal(relay.connectionCount(), 55);
  });

  it('does not count refused upgrades (bad user, bad token) against anyone', async (t) => {
    const relay = await openRelay(t, { secret: 's', maxConnections: 1, maxConnectionsPerIp: 1 });
    for (let i = 0; i < 20; i++) {
      const { status } = await expectRejectedUpgrade(`${relay.wsUrl}?user=alice&token=forged${i}`);
      assert.equal(status, 401);
    }
    assert.equal(relay.connectionCount(), 0);
    const alice = await Client.connect(relay.wsUrl, 'alice', { t, token: createToken('s', 'alice') });
    assert.equal(alice.ws.readyState, alice.ws.OPEN, 'the one slot is still free for a real user');
  });

  it('rejects unusable cap options', async () => {
    await assert.rejects(startRelay({ maxConnections: 0, log: () => {} }), /maxConnections/);
    await assert.rejects(startRelay({ maxConnectionsPerIp: -1, log: () => {} }), /maxConnectionsPerIp/);
    await assert.rejects(startRelay({ maxConnections: 1.5, log: () => {} }), /maxConnections/);
  });
});
