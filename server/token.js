#!/usr/bin/env node
// Issues a relay token on the command line, with the relay's secret from MESHCALL_SECRET:
//   MESHCALL_SECRET=... node server/token.js <userId> [ttlSeconds]
// prints the token (valid for ttlSeconds, default 3600) on stdout. A backend issues the
// same tokens with `createToken(secret, userId, ttlSeconds)` from server/relay.js.
import { createToken, isValidUserId } from './auth.js';

const USAGE = 'usage: MESHCALL_SECRET=... node server/token.js <userId> [ttlSeconds]';
/** Longest lifetime accepted: one year. */
const MAX_TTL = 365 * 24 * 3600;

/** @param {string} message @returns {never} */
function fail(message) {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

const [userId, ttlArg, ...extra] = process.argv.slice(2);
const secret = process.env.MESHCALL_SECRET;
if (!secret) fail('MESHCALL_SECRET is not set: it must be the secret the relay runs with');
if (userId === undefined || extra.length > 0) fail('expected a user ID and an optional lifetime in seconds');
if (!isValidUserId(userId)) fail(`invalid user ID ${JSON.stringify(userId)}: 1-64 chars of A-Z a-z 0-9 _ . @ : -`);
const ttl = ttlArg === undefined ? 3600 : Number(ttlArg);
if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TTL) {
  fail(`ttlSeconds must be a whole number from 1 to ${MAX_TTL}, got ${JSON.stringify(ttlArg)}`);
}

console.log(createToken(secret, userId, ttl));
