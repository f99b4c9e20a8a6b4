// Scale-out: relays that share one Redis deliver to each other's users through pub/sub.
// Each relay subscribes to `meshcall:user:<id>` for every user connected to it. Delivering
// to a user who is not connected locally is a PUBLISH to that channel; its reply (how many
// subscribers got it) tells whether anyone is there. A relay that accepts a user also
// publishes a `claim`; Redis hands all messages of a channel to every subscriber in one
// order, so the newest claim wins everywhere and older sockets of that user are closed.
//
// While Redis is down the relay keeps serving its own users and node-redis keeps retrying;
// subscriptions are restored when it comes back.

import { nestsDeeperThan } from './json-depth.js';

/** Pub/sub channel of one user. @param {string} user */
export const userChannel = (user) => `meshcall:user:${user}`;
const CHANNEL_PREFIX = userChannel('');

export const REDIS_MISSING = 'REDIS_URL is set but the `redis` package is not installed: npm install redis';

/** Longest wait between two reconnection attempts. */
const MAX_RETRY_MS = 2000;
/** How long a new connection waits for its subscription before being accepted anyway. */
const SUBSCRIBE_WAIT_MS = 1000;

/**
 * @typedef {{ type: 'deliver', frame: string } | { type: 'claim', conn: string }} BusMessage
 * @typedef {'connecting' | 'ready' | 'down'} BusState
 * @typedef {(user: string, message: BusMessage) => void} BusMessageHandler
 *
 * @typedef {object} RedisBus
 * @property {() => BusState} state
 * @property {() => number} dropped malformed bus messages dropped so far
 * @property {() => Promise<void>} firstAttempt resolves after the first connection attempt, successful or not
 * @property {(user: string) => Promise<void>} retain subscribes to the user's channel (counted); resolves once subscribed, or soon if Redis is not there
 * @property {(user: string) => void} release drops one count; unsubscribes at zero
 * @property {(user: string, frame: string) => Promise<boolean>} deliver false if no relay has the user (or Redis is down)
 * @property {(user: string, conn: string) => Promise<boolean>} claim false if the claim could not be published
 * @property {() => Promise<void>} close
 */

/** Shows a Redis URL without its password. @param {string} url */
export function redactUrl(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable REDIS_URL)';
  }
}

/** Loads node-redis only when it is needed; a missing package gives an actionable error. */
async function importRedis() {
  try {
    return await import('redis');
  } catch (err) {
    const code = /** @type {NodeJS.ErrnoException} */ (err).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new Error(REDIS_MISSING, { cause: err });
    }
    throw err;
  }
}

/**
 * Largest bus message accepted: a relayed frame (at most the relay's maxPayload, 64 KB by
 * default, plus `from`), JSON-escaped. Anything bigger did not come from a meshcall relay.
 */
export const MAX_BUS_MESSAGE = 1024 * 1024;

/**
 * Reads one pub/sub message. Anything that is not exactly what relays publish (wrong shape,
 * too big, nested, not JSON) is dropped: Redis is shared infrastructure, and whatever else
 * writes to these channels must not be able to break a relay.
 * @param {string} raw @returns {BusMessage | undefined}
 */
export function parseMessage(raw) {
  if (typeof raw !== 'string' || raw.length > MAX_BUS_MESSAGE) return undefined;
  // A relay's message is one flat object: {"type": ..., "frame" | "conn": "..."}.
  if (nestsDeeperThan(raw, 1)) return undefined;
  /** @type {unknown} */
  let value;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { type, frame, conn } = /** @type {Record<string, unknown>} */ (value);
  if (type === 'deliver' && typeof frame === 'string') return { type, frame };
  if (type === 'claim' && typeof conn === 'string' && conn.length <= 64) return { type, conn };
  return undefined;
}

/**
 * Creates the bus and starts connecting in the background (it never rejects because Redis is
 * unreachable; it rejects only if the `redis` package is missing or the URL is unusable).
 * @param {object} options
 * @param {string} options.url
 * @param {(...args: unknown[]) => void} options.log
 * @param {BusMessageHandler} options.onMessage
 * @returns {Promise<RedisBus>}
 */
export async function createRedisBus({ url, log, onMessage }) {
  const { createClient } = await importRedis();
  const shownUrl = redactUrl(url);
  const socket = { reconnectStrategy: (/** @type {number} */ retries) => Math.min(100 * 2 ** retries, MAX_RETRY_MS), connectTimeout: 2000 };
  const pub = createClient({ url, socket, disableOfflineQueue: true });
  const sub = createClient({ url, socket });

  /** @type {BusState} */
  let state = 'connecting';
  let closed = false;
  /** @type {Map<string, number>} */
  const retained = new Map();
  /** Bus messages dropped as malformed. */
  let dropped = 0;

  /** @type {() => void} */
  let settleFirst = () => {};
  /** @type {Promise<void>} */
  const first = new Promise((resolve) => (settleFirst = () => resolve()));

  function onReady() {
    if (closed || !pub.isReady || !sub.isReady || state === 'ready') return;
    state = 'ready';
    settleFirst();
    log(`meshcall relay: Redis connected at ${shownUrl}; delivering across relays`);
  }
  /** @param {Error} err */
  function onError(err) {
    settleFirst();
    if (closed || state === 'down') return;
    state = 'down';
    const why = /** @type {NodeJS.ErrnoException} */ (err).code ?? err.message;
    log(`meshcall relay: Redis unreachable at ${shownUrl} (${why}); serving local users only, retrying`);
  }
  for (const client of [pub, sub]) {
    client.on('ready', onReady);
    client.on('error', onError);
  }

  /** @param {string} message @param {string} channel */
  const listener = (message, channel) => {
    try {
      if (typeof channel !== 'string' || !channel.startsWith(CHANNEL_PREFIX)) return;
      const parsed = parseMessage(message);
      if (parsed) onMessage(channel.slice(CHANNEL_PREFIX.length), parsed);
      else dropped += 1;
    } catch (err) {
      // Never let one message take down the subscriber connection (or the process).
      dropped += 1;
      log(`meshcall relay: Redis message on ${String(channel)} could not be handled: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  // connect() retries until it succeeds or the client is destroyed; failures arrive as 'error'.
  for (const client of [pub, sub]) client.connect().catch(() => {});

  /** @param {string} channel @param {string} payload */
  async function publish(channel, payload) {
    if (!pub.isReady) return 0;
    try {
      return await pub.publish(channel, payload);
    } catch {
      return 0;
    }
  }

  return {
    state: () => state,
    dropped: () => dropped,
    firstAttempt: () => first,

    async retain(user) {
      const count = retained.get(user) ?? 0;
      retained.set(user, count + 1);
      if (count > 0 || closed) return;
      const subscribed = sub.subscribe(userChannel(user), listener).catch((err) => {
        log(`meshcall relay: Redis subscribe for ${user} failed: ${err.message}`);
      });
      if (!sub.isReady) return; // queued: runs when Redis is back
      /** @type {NodeJS.Timeout | undefined} */
      let timer;
      await Promise.race([subscribed, new Promise((resolve) => (timer = setTimeout(resolve, SUBSCRIBE_WAIT_MS)))]);
      clearTimeout(timer);
    },

    release(user) {
      const count = retained.get(user) ?? 0;
      if (count > 1) {
        retained.set(user, count - 1);
        return;
      }
      retained.delete(user);
      if (count === 1 && !closed) sub.unsubscribe(userChannel(user), listener).catch(() => {});
    },

    async deliver(user, frame) {
      return (await publish(userChannel(user), JSON.stringify({ type: 'deliver', frame }))) > 0;
    },

    async claim(user, conn) {
      return (await publish(userChannel(user), JSON.stringify({ type: 'claim', conn }))) > 0;
    },

    async close() {
      if (closed) return;
      closed = true;
      for (const client of [pub, sub]) client.destroy();
    },
  };
}
