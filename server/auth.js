// User IDs and signed connection tokens for the signaling relay.
// Token = `${expUnixSeconds}.${base64url(HMAC-SHA256(secret, `${userId}.${exp}`))}`.
import { createHmac, timingSafeEqual } from 'node:crypto';

const USER_ID = /^[A-Za-z0-9_.@:-]{1,64}$/;

/** @param {unknown} id @returns {id is string} true for 1–64 chars of [A-Za-z0-9_.@:-] */
export function isValidUserId(id) {
  return typeof id === 'string' && USER_ID.test(id);
}

/** @param {string} secret @param {string} userId @param {number | string} exp */
function sign(secret, userId, exp) {
  return createHmac('sha256', secret).update(`${userId}.${exp}`).digest('base64url');
}

/**
 * Creates a token that lets `userId` connect to a relay sharing `secret`.
 * @param {string} secret
 * @param {string} userId
 * @param {number} [ttlSeconds]
 * @returns {string}
 */
export function createToken(secret, userId, ttlSeconds = 3600) {
  const exp = Math.floor(Date.now() / 1000) + ttlSeconds;
  return `${exp}.${sign(secret, userId, exp)}`;
}

/**
 * True only if `token` was made by createToken(secret, userId), has not expired and, with
 * `maxTtlSeconds`, does not expire further than that from now (a long-lived token that leaked
 * is refused even though its signature is good).
 * @param {string} secret
 * @param {string} userId
 * @param {unknown} token
 * @param {{ maxTtlSeconds?: number }} [options]
 * @returns {boolean}
 */
export function verifyToken(secret, userId, token, { maxTtlSeconds } = {}) {
  return checkToken(secret, userId, token, { maxTtlSeconds }) === 'ok';
}

/**
 * Like verifyToken, saying why a token is refused.
 * @param {string} secret
 * @param {string} userId
 * @param {unknown} token
 * @param {{ maxTtlSeconds?: number }} [options]
 * @returns {'ok' | 'invalid' | 'expired' | 'too-long'}
 */
export function checkToken(secret, userId, token, { maxTtlSeconds } = {}) {
  if (typeof token !== 'string') return 'invalid';
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return 'invalid';
  const exp = String(match[1]);
  const now = Date.now() / 1000;
  if (Number(exp) <= now) return 'expired';
  if (maxTtlSeconds !== undefined && Number(exp) > now + maxTtlSeconds) return 'too-long';
  // Sign the digits exactly as received, so `0123.x` cannot pass for `123.x`.
  const expected = Buffer.from(sign(secret, userId, exp));
  const given = Buffer.from(String(match[2]));
  return expected.length === given.length && timingSafeEqual(expected, given) ? 'ok' : 'invalid';
}
