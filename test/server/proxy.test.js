// Issue 19, item 2: behind a trusted reverse proxy the relay caps and logs clients by the
// address the proxy forwards (X-Forwarded-For / Forwarded); the same headers from a peer it
// does not trust are ignored. Proxied clients come from 127.0.0.1 here, untrusted ones from 127.0.0.2.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { clientAddress, parseTrustProxy } from '../../server/proxy.js';
import { Client, expectRejectedUpgrade, openRelay, waitUntil } from './helpers.js';

describe('trust proxy: which address is the client', () => {
  const xff = (/** @type {string} */ value) => ({ 'x-forwarded-for': value });
  for (const [label, trust, peer, headers, expected] of /** @type {[string, string | undefined, string, Record<string, string>, string][]} */ ([
    ['off: the peer, headers ignored', undefined, '127.0.0.1', xff('9.9.9.9'), '127.0.0.1'],
    ['1 hop: the address the proxy saw', '1', '127.0.0.1', xff('1.1.1.1, 2.2.2.2'), '2.2.2.2'],
    ['2 hops: one more to the left', '2', '127.0.0.1', xff('1.1.1.1, 2.2.2.2'), '1.1.1.1'],
    ['more hops than entries: the leftmost', '5', '127.0.0.1', xff('1.1.1.1'), '1.1.1.1'],
    ['a trusted proxy address', '127.0.0.1', '::ffff:127.0.0.1', xff('9.9.9.9'), '9.9.9.9'],
    ['trusted addresses are skipped from the right', '127.0.0.1,10.0.0.1', '127.0.0.1', xff('6.6.6.6, 9.9.9.9, 10.0.0.1'), '9.9.9.9'],
    ['an untrusted peer: its header is spoofable, ignored', '127.0.0.1', '127.0.0.2', xff('9.9.9.9'), '127.0.0.2'],
    ['garbage in the header stops the walk', '1', '127.0.0.1', xff('not-an-ip'), '127.0.0.1'],
    ['Forwarded (RFC 7239) with port and IPv6', '2', '127.0.0.1', { forwarded: 'for="[2001:db8::1]:4711";proto=https, for=192.0.2.60:80' }, '2001:db8::1'],
  ])) {
    it(label, () => assert.equal(clientAddress(parseTrustProxy(trust), peer, headers), expected));
  }

  it('refuses unusable settings', () => {
    assert.throws(() => parseTrustProxy('proxy.example.com'), /not an IP address/);
    assert.equal(parseTrustProxy('off'), undefined);
    assert.equal(parseTrustProxy('0'), undefined);
  });
});

describe('trust proxy: real clients', () => {
  it('caps per forwarded address behind a trusted proxy; the proxy’s own address is not capped', async (t) => {
    const relay = await openRelay(t, { trustProxy: '127.0.0.1', maxConnectionsPerIp: 2 });
    const from = (/** @type {string} */ address) => ({ t, headers: { 'x-forwarded-for': address } });
    await Client.connect(relay.wsUrl, 'a1', from('10.0.0.1'));
    await Client.connect(relay.wsUrl, 'a2', from('10.0.0.1'));
    const third = await expectRejectedUpgrade(`${relay.wsUrl}?user=a3`, { headers: { 'x-forwarded-for': '10.0.0.1' } });
    assert.equal(third.status, 429, 'a third socket of 10.0.0.1 is refused');
    for (let i = 0; i < 12; i++) await Client.connect(relay.wsUrl, `b${i}`, from(`10.0.1.${i}`)); // 14 sockets from the proxy's address
    assert.equal(relay.connectionCount(), 14);
  });

  it('ignores X-Forwarded-For from an untrusted peer: rotating fake addresses does not dodge the cap', async (t) => {
    const relay = await openRelay(t, { trustProxy: '127.0.0.1', maxConnectionsPerIp: 2 });
    const opts = (/** @type {string} */ address) => ({ t, localAddress: '127.0.0.2', headers: { 'x-forwarded-for': address } });
    await Client.connect(relay.wsUrl, 'm1', opts('10.9.0.1'));
    await Client.connect(relay.wsUrl, 'm2', opts('10.9.0.2'));
    const refused = await expectRejectedUpgrade(`${relay.wsUrl}?user=m3`, { localAddress: '127.0.0.2', headers: { 'x-forwarded-for': '10.9.0.3' } });
    assert.equal(refused.status, 429);
  });

  it('logs the forwarded address', async (t) => {
    const relay = await openRelay(t, { trustProxy: 1, rateLimit: { perSecond: 1, burst: 1 } });
    const flooder = await Client.connect(relay.wsUrl, 'flooder', { t, headers: { 'x-forwarded-for': '203.0.113.7' } });
    for (let i = 0; i < 200; i++) flooder.send({ to: 'nobody', msg: {} });
    await flooder.waitClosed();
    await waitUntil(() => relay.logs.some((line) => /flooder \(203\.0\.113\.7\)/.test(String(line))), 'a log line with the client address');
  });
});
