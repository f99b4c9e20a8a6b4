// Issue 19, item 3: /metrics in Prometheus text format (prom-client), off by default,
// token-protected when configured; counts what operators watch. (A scrape during a real
// browser call is in turn.test.js.)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { METRICS_PATH, createToken } from '../../server/relay.js';
import { Client, expectRejectedUpgrade, openRelay, request } from './helpers.js';
import { startRedisServer } from './redis-server.js';

/**
 * One sample's value from exposition text, e.g. value(text, 'meshcall_messages_dropped_total{reason="bad-frame"}').
 * @param {string} text @param {string} series
 */
function sample(text, series) {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** @param {number} port @param {string} [token] */
async function scrape(port, token) {
  const res = await fetch(`http://127.0.0.1:${port}${METRICS_PATH}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

describe('/metrics', () => {
  it('is off by default (404 naming the setting)', async (t) => {
    const relay = await openRelay(t);
    const res = await request(relay.port, METRICS_PATH);
    assert.equal(res.status, 404);
    assert.match(res.body, /MESHCALL_METRICS_TOKEN/);
  });

  it('with a token: 401 without it or with a wrong one; counts sockets, refusals, relayed and dropped messages, rate-limit hits', async (t) => {
    const relay = await openRelay(t, { secret: 's', metrics: { token: 'scrape-me' }, rateLimit: { perSecond: 5, burst: 5 } });
    assert.equal((await scrape(relay.port)).status, 401);
    assert.equal((await scrape(relay.port, 'wrong')).status, 401);

    await expectRejectedUpgrade(`${relay.wsUrl}?user=alice&token=forged`);
    const alice = await Client.connect(relay.wsUrl, 'alice', { t, token: createToken('s', 'alice') });
    const bob = await Client.connect(relay.wsUrl, 'bob', { t, token: createToken('s', 'bob') });
    alice.send({ to: 'bob', msg: { hi: 1 } });
    await bob.next();
    alice.send('not json');
    alice.send({ to: 'carol', msg: {} });
    for (let i = 0; i < 5; i++) alice.send({ to: 'bob', msg: { n: i } }); // past the burst of 5
    await alice.roundTrip();

    const { status, type, text } = await scrape(relay.port, 'scrape-me');
    assert.equal(status, 200);
    assert.match(type, /text\/plain; version=0\.0\.4/);
    assert.equal(sample(text, 'meshcall_sockets_open'), 2);
    assert.equal(sample(text, 'meshcall_connections_refused_total{reason="token"}'), 1);
    assert.ok((sample(text, 'meshcall_messages_relayed_total{path="local"}') ?? 0) >= 2);
    assert.equal(sample(text, 'meshcall_messages_dropped_total{reason="bad-frame"}'), 1);
    assert.equal(sample(text, 'meshcall_messages_dropped_total{reason="not-connected"}'), 1);
    assert.ok((sample(text, 'meshcall_rate_limit_hits_total') ?? 0) >= 1);
    assert.equal(sample(text, 'meshcall_redis_up'), -1, 'no Redis configured');
    assert.ok(text.includes('meshcall_process_resident_memory_bytes'), 'process metrics too');
  });

  it('with Redis: redis_up 1 and PUBLISH latency observed for cross-relay delivery', async (t) => {
    const redis = await startRedisServer();
    t.after(() => redis.stop());
    const one = await openRelay(t, { redisUrl: redis.url, metrics: {} });
    const two = await openRelay(t, { redisUrl: redis.url });
    const alice = await Client.connect(one.wsUrl, 'alice', { t });
    const bob = await Client.connect(two.wsUrl, 'bob', { t });
    alice.send({ to: 'bob', msg: { across: true } });
    assert.deepEqual(await bob.next(), { from: 'alice', msg: { across: true } });
    const { text } = await scrape(one.port);
    assert.equal(sample(text, 'meshcall_redis_up'), 1);
    assert.equal(sample(text, 'meshcall_messages_relayed_total{path="redis"}'), 1);
    assert.ok((sample(text, 'meshcall_redis_publish_seconds_count') ?? 0) >= 1);
  });
});
