import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createToken, verifyToken, isValidUserId } from '../../server/relay.js';
import { Client, openRelay, expectRejectedUpgrade } from './helpers.js';

const SECRET = 'test-secret';

describe('auth: tokens', () => {
  it('verifies a fresh token for the same secret and user', () => {
    const token = createToken(SECRET, 'alice');
    assert.match(token, /^\d+\.[A-Za-z0-9_-]{43}$/);
    assert.equal(verifyToken(SECRET, 'alice', token), true);
  });

  it('puts the expiry (unix seconds) before the dot', () => {
    const now = Math.floor(Date.now() / 1000);
    const exp = Number(createToken(SECRET, 'alice', 60).split('.')[0]);
    assert.ok(exp >= now + 60 && exp <= now + 61, `exp ${exp}, now ${now}`);
  });

  it('rejects expired, foreign, tampered and malformed tokens', () => {
    const good = createToken(SECRET, 'alice');
    const [exp, mac] = good.split('.');
    assert.equal(verifyToken(SECRET, 'alice', createToken(SECRET, 'alice', -1)), false, 'expired');
    assert.equal(verifyToken(SECRET, 'bob', good), false, 'token of another user');
    assert.equal(verifyToken('other-secret', 'alice', good), false, 'other secret');
    assert.equal(verifyToken(SECRET, 'alice', `${Number(exp) + 1000}.${mac}`), false, 'extended expiry');
    assert.equal(verifyToken(SECRET, 'alice', `0${exp}.${mac}`), false, 'same expiry spelled differently');
    for (const bad of [undefined, null, '', '.', good.slice(0, -1), `${good}A`, `${exp}.`, mac, `x.${mac}`]) {
      assert.equal(verifyToken(SECRET, 'alice', bad), false, `malformed: ${bad}`);
    }
  });

  it('validates user IDs', () => {
    for (const ok of ['a', 'A-z_0.9@x:y', 'x'.repeat(64)]) assert.equal(isValidUserId(ok), true, ok);
    for (const bad of ['', 'x'.repeat(65), 'a b', 'a/b', 'é', 42, null, undefined]) {
      assert.equal(isValidUserId(bad), false, String(bad));
    }
  });
});

describe('auth: relay with a secret', () => {
  it('accepts a valid token and relays as usual', async (t) => {
    const relay = await openRelay(t, { secret: SECRET });
    const alice = await Client.connect(relay.wsUrl, 'alice', { t, token: createToken(SECRET, 'alice') });
    const bob = await Client.connect(relay.wsUrl, 'bob', { t, token: createToken(SECRET, 'bob') });
    alice.send({ to: 'bob', msg: { ok: true } });
    assert.deepEqual(await bob.next(), { from: 'alice', msg: { ok: true } });
  });

  for (const [label, token] of [
    ['a missing token', undefined],
    ['an empty token', ''],
    ['a token signed with another secret', createToken('wrong', 'alice')],
    ['an expired token', createToken(SECRET, 'alice', -10)],
    ['a token for another user', createToken(SECRET, 'bob')],
    ['garbage', 'not-a-token'],
  ]) {
    it(`rejects ${label} with HTTP 401`, async (t) => {
      const relay = await openRelay(t, { secret: SECRET });
      const query = new URLSearchParams({ user: 'alice' });
      if (token !== undefined) query.set('token', token);
      const { status, body } = await expectRejectedUpgrade(`${relay.wsUrl}?${query}`);
      assert.equal(status, 401);
      assert.match(body, /token/);
    });
  }

  it('in dev mode (no secret) accepts any client without a token', async (t) => {
    const relay = await openRelay(t);
    const client = await Client.connect(relay.wsUrl, 'anyone', { t });
    assert.equal(client.ws.readyState, client.ws.OPEN);
  });
});
