// The @web/test-runner plugin's control routes, driven through a minimal stand-in for Koa's ctx.
// (The browser tests use the same routes through the real test server.)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { relayTestPlugin } from '../relay-test-plugin.js';
import { Client } from './helpers.js';

/** @typedef {(ctx: any, next: () => Promise<void>) => Promise<void>} Middleware */

/** Starts the plugin and returns a `call(method, url)` that runs a request through its middleware. */
async function startPlugin(/** @type {import('node:test').TestContext} */ t) {
  const plugin = relayTestPlugin();
  /** @type {Middleware[]} */
  const middleware = [plugin.middleware];
  await plugin.serverStart?.(/** @type {any} */ ({ config: {} }));
  t.after(() => plugin.serverStop?.());
  assert.equal(plugin.name, 'meshcall-relay');

  /** @param {string} method @param {string} url */
  async function call(method, url) {
    const { pathname, searchParams } = new URL(url, 'http://test');
    /** @type {Record<string, string>} */
    const headers = {};
    // Like Koa: status starts as 404 and setting a body makes it 200 unless a status was set.
    let status = 404;
    let explicitStatus = false;
    /** @type {any} */
    let body;
    const ctx = {
      method,
      path: pathname,
      query: Object.fromEntries(searchParams),
      get status() {
        return status;
      },
      set status(value) {
        status = value;
        explicitStatus = true;
      },
      get body() {
        return body;
      },
      set body(value) {
        body = value;
        if (!explicitStatus) status = 200;
      },
      set: (/** @type {string} */ k, /** @type {string} */ v) => (headers[k] = v),
    };
    let passedOn = false;
    await /** @type {Middleware} */ (middleware[0])(ctx, async () => {
      passedOn = true;
    });
    return { status: passedOn ? 'next' : ctx.status, body: ctx.body, headers };
  }
  return { plugin, call };
}

describe('relayTestPlugin', () => {
  it('tells tests where the relay is, and the relay works', async (t) => {
    const { call } = await startPlugin(t);
    const res = await call('GET', '/__meshcall/relay');
    assert.equal(res.status, 200);
    assert.match(res.body.wsUrl, /^ws:\/\/127\.0\.0\.1:\d+\/signal$/);
    assert.equal(res.headers['cache-control'], 'no-store');

    const alice = await Client.connect(res.body.wsUrl, 'alice', { t });
    const bob = await Client.connect(res.body.wsUrl, 'bob', { t });
    alice.send({ to: 'bob', msg: { hi: 1 } });
    assert.deepEqual(await bob.next(), { from: 'alice', msg: { hi: 1 } });
  });

  it('leaves every other request to the rest of the server', async (t) => {
    const { call } = await startPlugin(t);
    assert.equal((await call('GET', '/test/unit/x.test.ts')).status, 'next');
    assert.equal((await call('GET', '/__meshcall/relayx')).status, 'next');
    assert.equal((await call('GET', '/__meshcall/relay/nope')).status, 404);
  });

  it('POST /__meshcall/relay/kick?user=ID drops that user only', async (t) => {
    const { call } = await startPlugin(t);
    const { wsUrl } = (await call('GET', '/__meshcall/relay')).body;
    const alice = await Client.connect(wsUrl, 'alice', { t });
    const bob = await Client.connect(wsUrl, 'bob', { t });

    assert.deepEqual((await call('POST', '/__meshcall/relay/kick?user=alice')).body, { kicked: 1 });
    assert.equal((await alice.waitClosed()).code, 1006);
    assert.deepEqual((await call('POST', '/__meshcall/relay/kick?user=alice')).body, { kicked: 0 });
    assert.equal((await call('POST', '/__meshcall/relay/kick')).status, 400);
    assert.equal(bob.ws.readyState, bob.ws.OPEN);
  });

  it('POST /__meshcall/relay/restart restarts the relay on the same port', async (t) => {
    const { call } = await startPlugin(t);
    const { wsUrl } = (await call('GET', '/__meshcall/relay')).body;
    const alice = await Client.connect(wsUrl, 'alice', { t });

    const restarted = await call('POST', '/__meshcall/relay/restart');
    assert.equal(restarted.status, 200);
    assert.deepEqual(restarted.body, { wsUrl });
    assert.equal((await alice.waitClosed()).code, 1001);

    const again = await Client.connect(wsUrl, 'alice', { t });
    const bob = await Client.connect(wsUrl, 'bob', { t });
    bob.send({ to: 'alice', msg: { back: true } });
    assert.deepEqual(await again.next(), { from: 'bob', msg: { back: true } });
  });

  it('POST /__meshcall/relay/redis-pair starts two relays sharing a redis-server, once, and serverStop stops them', async (t) => {
    const { plugin, call } = await startPlugin(t);
    const res = await call('POST', '/__meshcall/relay/redis-pair');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const [url1, url2] = res.body.wsUrls;
    assert.match(url1, /^ws:\/\/127\.0\.0\.1:\d+\/signal$/);
    assert.notEqual(url1, url2);
    assert.notEqual(url1, (await call('GET', '/__meshcall/relay')).body.wsUrl, 'not the default relay');
    assert.deepEqual((await call('POST', '/__meshcall/relay/redis-pair')).body.wsUrls, [url1, url2], 'started once');

    const alice = await Client.connect(url1, 'alice', { t });
    const bob = await Client.connect(url2, 'bob', { t });
    alice.send({ to: 'bob', msg: { across: 'relays' } });
    assert.deepEqual(await bob.next(), { from: 'alice', msg: { across: 'relays' } });

    await plugin.serverStop?.();
    assert.equal((await alice.waitClosed()).code, 1001);
    assert.equal((await bob.waitClosed()).code, 1001);
  });

  it('stops the relay on serverStop', async (t) => {
    const { plugin, call } = await startPlugin(t);
    const { wsUrl } = (await call('GET', '/__meshcall/relay')).body;
    const alice = await Client.connect(wsUrl, 'alice', { t });
    await plugin.serverStop?.();
    assert.equal((await alice.waitClosed()).code, 1001);
  });
});
