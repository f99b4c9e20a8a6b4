import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CLOSE_REPLACED, createToken, verifyToken, isValidUserId } from '../../server/relay.js';
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
  it('with maxTokenTtl refuses a token that expires further out (401 saying so), accepts one within it', async (t) => {
    const relay = await openRelay(t, { secret: SECRET, maxTokenTtl: 3600 });
    const refused = await expectRejectedUpgrade(`${relay.wsUrl}?user=alice&token=${createToken(SECRET, 'alice', 30 * 24 * 3600)}`);
    assert.equal(refused.status, 401);
    assert.match(refused.body, /at most 3600 s \(MESHCALL_MAX_TOKEN_TTL\)/);
    await Client.connect(relay.wsUrl, 'alice', { t, token: createToken(SECRET, 'alice', 3600) });
    assert.equal(verifyToken(SECRET, 'alice', createToken(SECRET, 'alice', 7200), { maxTtlSeconds: 3600 }), false);
    assert.equal(verifyToken(SECRET, 'alice', createToken(SECRET, 'alice', 7200)), true, 'no bound without the option');
  });

  it('a second connection with the same user replaces the first (close 4000), also with maxTokenTtl', async (t) => {
    const relay = await openRelay(t, { secret: SECRET, maxTokenTtl: 3600 });
    const first = await Client.connect(relay.wsUrl, 'alice', { t, token: createToken(SECRET, 'alice', 600) });
    await Client.connect(relay.wsUrl, 'alice', { t, token: createToken(SECRET, 'alice', 600) });
    assert.equal((await first.waitClosed()).code, CLOSE_REPLACED);
  });

  it('accepts a valid token and relays as usual', async (t) => {
    const relay = await openRelay(t, { secret: SECRET });
    const alice = await Client.connect(relay.wsUrl, 'alice', { t, token: createToken(SECRET, 'alice') });
    const bob = await Client.connect(relay.wsUrl, 'bob', { t, token: createToken(SECRET, 'bob') });
    alice.send({ to: 'bob', msg: { ok: true } });
    assert.deepEqual(await bob.next(), { from: 'alice', msg: { ok: true } });
  });

  /** A valid token for alice with one character of its signature changed. */
  const tampered = (() => {
    const token = createToken(SECRET, 'alice');
    const last = token.at(-2) === 'A' ? 'B' : 'A';
    return `${token.slice(0, -2)}${last}${token.at(-1)}`;
  })();
  const [aliceExp, aliceMac] = createToken(SECRET, 'alice').split('.');

  for (const [label, token] of [
    ['a missing token', undefined],
    ['a tampered signature', tampered],
    ['a token whose expiry was pushed into the future', `${Number(aliceExp) + 86_400}.${aliceMac}`],
    ['a token that expired an hour ago', createToken(SECRET, 'alice', -3600)],
    ['a 10 KB token', 'x'.repeat(10_000)],
    ['a token with a NUL byte', `${createToken(SECRET, 'alice')}\u0000`],
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

  it('a token for bob lets bob in, never alice, and the relay stamps bob as the sender', async (t) => {
    const relay = await openRelay(t, { secret: SECRET });
    const bobsToken = createToken(SECRET, 'bob');
    const { status } = await expectRejectedUpgrade(`${relay.wsUrl}?${new URLSearchParams({ user: 'alice', token: bobsToken })}`);
    assert.equal(status, 401);
    const carol = await Client.connect(relay.wsUrl, 'carol', { t, token: createToken(SECRET, 'carol') });
    const bob = await Client.connect(relay.wsUrl, 'bob', { t, token: bobsToken });
    bob.send({ from: 'alice', to: 'carol', msg: {} });
    assert.equal((await carol.next()).from, 'bob');
  });

  it('in dev mode (no secret) accepts any client without a token', async (t) => {
    const relay = await openRelay(t);
    const client = await Client.connect(relay.wsUrl, 'anyone', { t });
    assert.equal(client.ws.readyState, client.ws.OPEN);
  });
});

describe('auth: token CLI (node server/token.js)', () => {
  const script = fileURLToPath(new URL('../../server/token.js', import.meta.url));

  /**
   * Runs the CLI with MESHCALL_SECRET set to `secret` (unset when undefined).
   * @param {string[]} args @param {string | undefined} secret
   * @returns {Promise<{ code: number, stdout: string, stderr: string }>}
   */
  function run(args, secret) {
    const env = { ...process.env };
    delete env.MESHCALL_SECRET;
    if (secret !== undefined) env.MESHCALL_SECRET = secret;
    return new Promise((resolve) => {
      execFile(process.execPath, [script, ...args], { env, timeout: 10_000 }, (err, stdout, stderr) => {
        resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr });
      });
    });
  }

  it('prints a token that the relay accepts for that user only', async (t) => {
    const { code, stdout } = await run(['alice', '120'], SECRET);
    assert.equal(code, 0);
    const token = stdout.trim();
    assert.equal(verifyToken(SECRET, 'alice', token), true);
    const exp = Number(token.split('.')[0]);
    const now = Date.now() / 1000;
    assert.ok(exp > now + 100 && exp <= now + 121, 'valid for the requested 120 s');

    const relay = await openRelay(t, { secret: SECRET });
    const alice = await Client.connect(relay.wsUrl, 'alice', { t, token });
    assert.equal(alice.ws.readyState, alice.ws.OPEN);
    const query = new URLSearchParams({ user: 'bob', token });
    assert.equal((await expectRejectedUpgrade(`${relay.wsUrl}?${query}`)).status, 401);
  });

  it('defaults to one hour', async () => {
    const { code, stdout } = await run(['alice'], SECRET);
    assert.equal(code, 0);
    const exp = Number(stdout.trim().split('.')[0]);
    const now = Date.now() / 1000;
    assert.ok(exp > now + 3500 && exp <= now + 3601);
  });

  for (const [label, args, secret, message] of /** @type {[string, string[], string | undefined, RegExp][]} */ ([
    ['no MESHCALL_SECRET', ['alice'], undefined, /MESHCALL_SECRET/],
    ['no user', [], SECRET, /user ID/],
    ['an invalid user', ['a b'], SECRET, /invalid user ID/],
    ['a ttl of 0', ['alice', '0'], SECRET, /ttlSeconds/],
    ['a negative ttl', ['alice', '-5'], SECRET, /ttlSeconds/],
    ['a ttl that is not a number', ['alice', 'soon'], SECRET, /ttlSeconds/],
    ['extra arguments', ['alice', '60', 'more'], SECRET, /expected/],
  ])) {
    it(`exits with 2 and says why for ${label}`, async () => {
      const { code, stdout, stderr } = await run(args, secret);
      assert.equal(code, 2);
      assert.equal(stdout, '', 'no token printed');
      assert.match(stderr, message);
      assert.match(stderr, /usage:/);
    });
  }
});
