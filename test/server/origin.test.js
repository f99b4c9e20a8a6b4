// Origin check on upgrade: what a hostile page in a browser would send, from a real client.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createToken } from '../../server/relay.js';
import { createOriginCheck } from '../../server/origin.js';
import { Client, openRelay, expectRejectedUpgrade } from './helpers.js';

const SECRET = 'origin-secret';

describe('origin check: relay', () => {
  for (const [label, secret] of /** @type {const} */ ([
    ['in dev mode', undefined],
    ['with a secret', SECRET],
  ])) {
    it(`refuses a page on another site with HTTP 403 ${label}, even with a valid token`, async (t) => {
      const relay = await openRelay(t, { secret });
      const token = secret ? createToken(secret, 'alice') : '';
      const { status, body } = await expectRejectedUpgrade(`${relay.wsUrl}?user=alice&token=${token}`, {
        headers: { Origin: 'https://evil.example' },
      });
      assert.equal(status, 403);
      assert.match(body, /origin/);
      assert.equal(relay.connectionCount(), 0);
    });
  }

  for (const origin of [
    'http://localhost.evil.example',
    'http://127.0.0.1.evil.example',
    'https://evil.example:443@127.0.0.1',
    'null',
    'file://',
    'ws://127.0.0.1',
    'chrome-extension://abcdefghijklmnop',
    'https://127.0.0.1:1/path',
    '',
    'http://[::2]',
  ]) {
    it(`refuses Origin ${JSON.stringify(origin)} (look-alike or not a web origin) with 403`, async (t) => {
      const relay = await openRelay(t);
      const { status } = await expectRejectedUpgrade(`${relay.wsUrl}?user=alice`, { headers: { Origin: origin } });
      assert.equal(status, 403);
    });
  }

  it('accepts clients that send no Origin (non-browser) and same-origin pages', async (t) => {
    const relay = await openRelay(t, { secret: SECRET });
    const token = (/** @type {string} */ user) => createToken(SECRET, user);
    const plain = await Client.connect(relay.wsUrl, 'cli', { t, token: token('cli') });
    const same = await Client.connect(relay.wsUrl, 'page', { t, token: token('page'), headers: { Origin: relay.httpUrl } });
    same.send({ to: 'cli', msg: { from: 'the page' } });
    assert.deepEqual(await plain.next(), { from: 'page', msg: { from: 'the page' } });
  });

  it('with a secret, localhost pages on other ports are not same-origin and are refused', async (t) => {
    const relay = await openRelay(t, { secret: SECRET });
    const { status } = await expectRejectedUpgrade(`${relay.wsUrl}?user=alice&token=${createToken(SECRET, 'alice')}`, {
      headers: { Origin: 'http://localhost:5173' },
    });
    assert.equal(status, 403);
  });

  it('in dev mode accepts pages served from localhost, 127.0.0.1 or [::1] on any port', async (t) => {
    const relay = await openRelay(t);
    for (const [i, origin] of ['http://localhost:5173', 'http://127.0.0.1:8000', 'https://[::1]:9000'].entries()) {
      const client = await Client.connect(relay.wsUrl, `dev${i}`, { t, headers: { Origin: origin } });
      assert.equal(client.ws.readyState, client.ws.OPEN, origin);
    }
  });

  it('allowedOrigins admits the listed sites only', async (t) => {
    const relay = await openRelay(t, { secret: SECRET, allowedOrigins: ['https://app.example.com'] });
    const url = `${relay.wsUrl}?user=alice&token=${createToken(SECRET, 'alice')}`;
    const ok = await Client.connect(relay.wsUrl, 'alice', {
      t,
      token: createToken(SECRET, 'alice'),
      headers: { Origin: 'https://APP.example.com' },
    });
    assert.equal(ok.ws.readyState, ok.ws.OPEN);
    for (const origin of ['https://evil.example', 'http://app.example.com', 'https://app.example.com:8443']) {
      assert.equal((await expectRejectedUpgrade(url, { headers: { Origin: origin } })).status, 403, origin);
    }
  });
});

describe('origin check: rules', () => {
  it('compares Origin with Host, treating default ports as equal', () => {
    const check = createOriginCheck({ devMode: false });
    assert.equal(check('https://meet.example.org', 'meet.example.org'), true);
    assert.equal(check('https://meet.example.org', 'meet.example.org:443'), true);
    assert.equal(check('http://meet.example.org:8080', 'meet.example.org:8080'), true);
    assert.equal(check('http://meet.example.org:8080', 'meet.example.org'), false);
    assert.equal(check('https://evil.example', 'meet.example.org'), false);
    assert.equal(check('https://evil.example', undefined), false);
    assert.equal(check('https://evil.example', 'bad host/with space'), false);
    assert.equal(check(undefined, 'meet.example.org'), true);
  });

  it('`*` allows any origin; a malformed entry is refused at start', () => {
    assert.equal(createOriginCheck({ allowedOrigins: ['*'], devMode: false })('https://evil.example', 'x'), true);
    assert.throws(() => createOriginCheck({ allowedOrigins: ['app.example.com'], devMode: false }), /allowedOrigins/);
    assert.throws(() => createOriginCheck({ allowedOrigins: ['https://app.example.com/path'], devMode: false }), /allowedOrigins/);
  });
});
