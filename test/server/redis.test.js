// Scale-out: two relay processes' worth of relays sharing a real redis-server (Debian's
// package, started here on a free 127.0.0.1 port), with real `ws` clients on each relay.
// Without redis-server on PATH these tests FAIL (CI installs it): they never skip.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createClient } from 'redis';
import { startRelay } from '../../server/relay.js';
import { REDIS_MISSING, userChannel } from '../../server/redis-bus.js';
import { Client, waitUntil, within } from './helpers.js';
import { freePort } from '../../server/child-server.js';
import { startRedisServer } from './redis-server.js';

/** How long a relay may take to (re)connect to Redis: its retry interval is at most 2 s. */
const RECONNECT_MS = 10_000;

/**
 * Starts a quiet relay that shares delivery through `redisUrl`.
 * @param {string} redisUrl
 */
async function redisRelay(redisUrl) {
  /** @type {string[]} */
  const logs = [];
  const relay = await startRelay({ port: 0, redisUrl, log: (...args) => logs.push(args.map(String).join(' ')) });
  return Object.assign(relay, { logs });
}

/**
 * Polls an async condition every 20 ms; fails with `what` after `ms`.
 * @param {() => Promise<boolean>} check @param {string} what
 */
async function eventually(check, what, ms = 3000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Number of relays subscribed to a user's channel, asked with a short-lived client.
 * @param {string} url @param {string} user
 */
async function subscriberCount(url, user) {
  const client = createClient({ url });
  client.on('error', () => {});
  await client.connect();
  try {
    const counts = await client.pubSubNumSub(userChannel(user));
    return Number(Object.values(counts)[0] ?? 0);
  } finally {
    client.destroy();
  }
}

describe('scale-out: two relays sharing Redis', () => {
  /** @type {import('./redis-server.js').RedisServer} */
  let redis;
  /** @type {Awaited<ReturnType<typeof redisRelay>>} */
  let relay1;
  /** @type {Awaited<ReturnType<typeof redisRelay>>} */
  let relay2;
  /** @type {Client[]} */
  const clients = [];

  /** @param {string} wsUrl @param {string} user */
  async function connect(wsUrl, user) {
    const client = await Client.connect(wsUrl, user);
    clients.push(client);
    return client;
  }

  /** @param {string} user */
  const subscribers = (user) => subscriberCount(redis.url, user);

  before(async () => {
    redis = await startRedisServer();
    relay1 = await redisRelay(redis.url);
    relay2 = await redisRelay(redis.url);
  });

  after(async () => {
    for (const client of clients) client.ws.terminate();
    await relay1?.close();
    await relay2?.close();
    await redis?.stop();
  });

  it('both relays are connected to Redis when startRelay resolves, and say so', () => {
    assert.equal(relay1.redisState(), 'ready');
    assert.equal(relay2.redisState(), 'ready');
    assert.ok(
      relay1.logs.some((line) => line.includes(`Redis connected at ${redis.url}`)),
      relay1.logs.join('\n'),
    );
  });

  it('alice on relay 1 and bob on relay 2 talk both ways; `from` is stamped by the sender’s relay', async () => {
    const alice = await connect(relay1.wsUrl, 'alice');
    const bob = await connect(relay2.wsUrl, 'bob');

    alice.send({ to: 'bob', msg: { type: 'call', sdp: 'v=0 offer' } });
    assert.deepEqual(await bob.next('alice → bob'), { from: 'alice', msg: { type: 'call', sdp: 'v=0 offer' } });
    bob.send({ to: 'alice', msg: { type: 'accept' } });
    assert.deepEqual(await alice.next('bob → alice'), { from: 'bob', msg: { type: 'accept' } });

    // A client-supplied "from" is ignored across relays too.
    const mallory = await connect(relay1.wsUrl, 'mallory');
    mallory.send({ from: 'alice', to: 'bob', msg: { type: 'hangUp' } });
    assert.deepEqual(await bob.next('mallory → bob'), { from: 'mallory', msg: { type: 'hangUp' } });
    for (const client of [alice, bob, mallory]) client.ws.close();
  });

  it('delivers frames byte-for-byte as a single relay does, in order', async () => {
    const alice = await connect(relay1.wsUrl, 'alice2');
    const bob = await connect(relay2.wsUrl, 'bob2');
    const msg = { type: 'iceCandidates', list: [{ candidate: 'a=x "quoted" \u2028 é', sdpMid: '0' }], n: 1.5, none: null };
    const raw = within(new Promise((resolve) => bob.ws.once('message', (data) => resolve(data.toString()))), 'a raw frame');
    alice.send({ to: 'bob2', msg });
    assert.equal(await raw, JSON.stringify({ from: 'alice2', msg }));

    bob.drain(); // the frame read raw above
    for (let i = 0; i < 50; i++) alice.send({ to: 'bob2', msg: { i } });
    const got = [];
    while (got.length < 50) got.push((await bob.next(`frame ${got.length}`)).msg.i);
    assert.deepEqual(got, [...Array(50).keys()]);
    alice.ws.close();
    bob.ws.close();
  });

  it('answers not-connected for a user on no relay, and for one who left the other relay', async () => {
    const alice = await connect(relay1.wsUrl, 'alice3');
    alice.send({ to: 'nobody', msg: {} });
    const reply = await alice.next('not-connected');
    assert.deepEqual(reply.error, { code: 'not-connected', to: 'nobody', message: 'user nobody is not connected' });

    const bob = await connect(relay2.wsUrl, 'bob3');
    assert.equal(await subscribers('bob3'), 1, 'relay 2 is subscribed to bob’s channel while he is connected');
    bob.ws.close();
    await bob.waitClosed();
    await eventually(async () => (await subscribers('bob3')) === 0, 'relay 2 unsubscribes when bob leaves');
    alice.send({ to: 'bob3', msg: {} });
    assert.equal((await alice.next('not-connected for bob3')).error?.code, 'not-connected');
    alice.ws.close();
  });

  it('ignores malformed messages published on a user’s channel by something else', async () => {
    const alice = await connect(relay1.wsUrl, 'alice4');
    const bob = await connect(relay2.wsUrl, 'bob4');
    const intruder = createClient({ url: redis.url });
    intruder.on('error', () => {});
    await intruder.connect();
    try {
      const deep = `{"type":"deliver","frame":"x","a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
      const junks = [
        ...['not json', '{}', 'null', '[]', '{"type":"deliver","frame":5}', '{"type":"claim"}', '{"type":"other"}'],
        ...[deep, '['.repeat(200_000), `{"type":"deliver","frame":"${'x'.repeat(2 * 1024 * 1024)}"}`],
        ...['{"__proto__":{"type":"deliver","frame":"polluted"}}', '{"constructor":{"prototype":{"type":"claim"}}}'],
        ...[`{"type":"claim","conn":"${'c'.repeat(100)}"}`, '{"type":"deliver","frame":"\ud800"}'.slice(0, -3)],
      ];
      for (const junk of junks) {
        assert.equal(await intruder.publish(userChannel('bob4'), junk), 1, `relay 2 receives ${junk.slice(0, 40)}`);
      }
      assert.equal(await intruder.publish(userChannel('bob4'), Buffer.from([0xff, 0xfe, 0x7b, 0x00])), 1, 'relay 2 receives invalid UTF-8');
    } finally {
      intruder.destroy();
    }
    alice.send({ to: 'bob4', msg: { real: true } });
    assert.deepEqual(await bob.next(), { from: 'alice4', msg: { real: true } }, 'the first frame bob gets is the real one');
    await bob.roundTrip();
    assert.equal(bob.ws.readyState, bob.ws.OPEN);
    for (const client of [alice, bob]) client.ws.close();
  });

  it('a user connecting on relay 2 replaces their socket on relay 1 (4000 "replaced")', async () => {
    const carol = await connect(relay1.wsUrl, 'carol');
    const first = await connect(relay1.wsUrl, 'dave');
    const second = await connect(relay2.wsUrl, 'dave');
    assert.deepEqual(await first.waitClosed('the older socket on relay 1 to close'), { code: 4000, reason: 'replaced' });

    carol.send({ to: 'dave', msg: { for: 'the newer socket' } });
    assert.deepEqual(await second.next(), { from: 'carol', msg: { for: 'the newer socket' } });
    await eventually(async () => (await subscribers('dave')) === 1, 'only relay 2 is subscribed to dave');
    await second.roundTrip();
    assert.equal(second.ws.readyState, second.ws.OPEN, 'the newer socket stays open');

    // And back again: relay 1 takes dave over from relay 2.
    const third = await connect(relay1.wsUrl, 'dave');
    assert.deepEqual(await second.waitClosed(), { code: 4000, reason: 'replaced' });
    carol.send({ to: 'dave', msg: { n: 3 } });
    assert.deepEqual(await third.next(), { from: 'carol', msg: { n: 3 } });
    for (const client of [carol, third]) client.ws.close();
  });

  it('two sockets of one user opening at the same moment on both relays: exactly one survives', async () => {
    const carol = await connect(relay2.wsUrl, 'carol5');
    for (let round = 0; round < 5; round++) {
      const [a, b] = await Promise.all([connect(relay1.wsUrl, 'erin'), connect(relay2.wsUrl, 'erin')]);
      const loser = await within(Promise.race([a.closed.then(() => a), b.closed.then(() => b)]), 'one socket to be replaced');
      const winner = loser === a ? b : a;
      assert.deepEqual(await loser.closed, { code: 4000, reason: 'replaced' });
      await winner.roundTrip();
      carol.send({ to: 'erin', msg: { round } });
      assert.deepEqual(await winner.next(`round ${round} message`), { from: 'carol5', msg: { round } });
      assert.equal(winner.ws.readyState, winner.ws.OPEN, `round ${round}: the survivor is open`);
      winner.ws.close();
      await winner.waitClosed();
    }
    carol.ws.close();
  });
});

describe('scale-out: Redis outages', () => {
  it('starts without Redis, serves local users, connects when Redis appears, and survives a Redis restart', async (t) => {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    const relay1 = await redisRelay(url);
    t.after(() => relay1.close());
    const relay2 = await redisRelay(url);
    t.after(() => relay2.close());
    /** @type {import('./redis-server.js').RedisServer | undefined} */
    let redis;
    t.after(() => redis?.stop());

    // Redis is not there: logged clearly, and the relays still serve their own users.
    assert.equal(relay1.redisState(), 'down');
    assert.ok(
      relay1.logs.some((line) => line.includes(`Redis unreachable at ${url}`) && line.includes('serving local users only')),
      relay1.logs.join('\n'),
    );
    const alice = await Client.connect(relay1.wsUrl, 'alice', { t });
    const carol = await Client.connect(relay1.wsUrl, 'carol', { t });
    const bob = await Client.connect(relay2.wsUrl, 'bob', { t });
    alice.send({ to: 'carol', msg: { local: 1 } });
    assert.deepEqual(await carol.next(), { from: 'alice', msg: { local: 1 } });
    alice.send({ to: 'bob', msg: {} });
    const reply = await alice.next();
    assert.equal(reply.error?.code, 'not-connected');
    assert.match(reply.error.message, /Redis is unreachable/);

    // Redis comes up: both relays connect by themselves and bob (who connected meanwhile) is reachable.
    redis = await startRedisServer({ port });
    await waitUntil(() => relay1.redisState() === 'ready' && relay2.redisState() === 'ready', 'both relays reach Redis', RECONNECT_MS);
    await eventually(async () => (await subscriberCount(redis?.url ?? url, 'bob')) === 1, 'bob’s queued subscription reaches Redis');
    alice.send({ to: 'bob', msg: { hello: 'across' } });
    assert.deepEqual(await bob.next(), { from: 'alice', msg: { hello: 'across' } });

    // Redis dies: local delivery carries on, remote delivery says not-connected at once.
    await redis.stop();
    await waitUntil(() => relay1.redisState() === 'down' && relay2.redisState() === 'down', 'both relays notice', RECONNECT_MS);
    alice.send({ to: 'carol', msg: { local: 2 } });
    assert.deepEqual(await carol.next(), { from: 'alice', msg: { local: 2 } });
    alice.send({ to: 'bob', msg: {} });
    assert.equal((await alice.next()).error?.code, 'not-connected');

    // Redis is back on the same port: subscriptions are restored without anyone reconnecting.
    redis = await startRedisServer({ port });
    await waitUntil(() => relay1.redisState() === 'ready' && relay2.redisState() === 'ready', 'both relays reconnect', RECONNECT_MS);
    alice.send({ to: 'bob', msg: { after: 'restart' } });
    assert.deepEqual(await bob.next(), { from: 'alice', msg: { after: 'restart' } });
    bob.send({ to: 'alice', msg: { back: true } });
    assert.deepEqual(await alice.next(), { from: 'bob', msg: { back: true } });
  });
});

describe('scale-out: configuration', () => {
  /** Makes `import('redis')` fail inside a child process as if the package were not installed. */
  const hooks = `export async function resolve(specifier, context, next) {
    if (specifier === 'redis') {
      const error = new Error("Cannot find package 'redis'");
      error.code = 'ERR_MODULE_NOT_FOUND';
      throw error;
    }
    return next(specifier, context);
  }`;
  const withoutRedis = `data:text/javascript,${encodeURIComponent(
    `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});`,
  )}`;

  it('REDIS_URL without the `redis` package: npm start exits 1 saying how to fix it', async () => {
    const main = fileURLToPath(new URL('../../server/main.js', import.meta.url));
    const env = { ...process.env, REDIS_URL: 'redis://127.0.0.1:1', PORT: '0', HOST: '127.0.0.1' };
    const result = await new Promise((resolve) => {
      execFile(process.execPath, ['--import', withoutRedis, main], { env, timeout: 10_000 }, (err, stdout, stderr) => resolve({ code: err?.code, stderr }));
    });
    assert.equal(result.code, 1);
    assert.ok(result.stderr.includes(REDIS_MISSING), result.stderr);
    assert.equal(REDIS_MISSING, 'REDIS_URL is set but the `redis` package is not installed: npm install redis');
  });

  it('without redisUrl the relay never loads the `redis` package', async () => {
    const relayModule = new URL('../../server/relay.js', import.meta.url).href;
    const script = `const { startRelay } = await import(${JSON.stringify(relayModule)});
      const relay = await startRelay({ port: 0, log: () => {} });
      console.log(relay.redisState());
      await relay.close();`;
    const result = await new Promise((resolve) => {
      execFile(process.execPath, ['--import', withoutRedis, '--input-type=module', '-e', script], { timeout: 10_000 }, (err, stdout, stderr) =>
        resolve({ code: err?.code ?? 0, stdout, stderr }),
      );
    });
    assert.deepEqual(result, { code: 0, stdout: 'off\n', stderr: '' });
  });
});
