// Time-limited TURN credentials, the "REST API for TURN" scheme (draft-uberti-behave-turn-rest)
// that coturn implements with `use-auth-secret` + `static-auth-secret`: the username is
// `<expiry unix seconds>:<user id>`, the password base64(HMAC-SHA1(secret, username)). coturn
// recomputes the HMAC and refuses expired usernames, so the relay and coturn share only the
// secret and never talk to each other. Pages no longer carry a static TURN password.
import { createHmac } from 'node:crypto';

/** Default lifetime of issued credentials: long enough for a day of calls, refreshed before expiry. */
export const DEFAULT_TURN_TTL = 24 * 3600;

/**
 * @typedef {object} TurnOptions
 * @property {string} secret the coturn `static-auth-secret`
 * @property {string[]} urls e.g. ['turn:turn.example.com:3478?transport=udp', 'turns:turn.example.com:5349?transport=tcp']
 * @property {number} [ttlSeconds] lifetime of issued credentials (default one day)
 *
 * @typedef {object} TurnCredentials
 * @property {{ urls: string[], username: string, credential: string }[]} iceServers ready for RTCPeerConnection
 * @property {number} ttl seconds the credentials are valid from now
 * @property {number} expiresAt unix seconds
 */

/**
 * Makes credentials for `userId` valid for `ttlSeconds` from `now`.
 * @param {TurnOptions} options @param {string} userId @param {number} [now] milliseconds
 * @returns {TurnCredentials}
 */
export function issueTurnCredentials({ secret, urls, ttlSeconds = DEFAULT_TURN_TTL }, userId, now = Date.now()) {
  const expiresAt = Math.floor(now / 1000) + ttlSeconds;
  const username = `${expiresAt}:${userId}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { iceServers: [{ urls: [...urls], username, credential }], ttl: ttlSeconds, expiresAt };
}

/**
 * Checks TURN options; throws a TypeError naming what is wrong.
 * @param {TurnOptions} turn
 */
export function checkTurnOptions(turn) {
  if (typeof turn.secret !== 'string' || turn.secret === '') throw new TypeError('turn.secret must be a non-empty string');
  if (!Array.isArray(turn.urls) || turn.urls.length === 0) throw new TypeError('turn.urls must list at least one turn: or turns: URL');
  for (const url of turn.urls) {
    if (typeof url !== 'string' || !/^turns?:[^\s]+$/.test(url)) throw new TypeError(`turn.urls: ${JSON.stringify(url)} is not a turn: or turns: URL`);
  }
  const ttl = turn.ttlSeconds ?? DEFAULT_TURN_TTL;
  if (!Number.isInteger(ttl) || ttl < 60) throw new TypeError(`turn.ttlSeconds must be an integer >= 60, got ${String(ttl)}`);
}
