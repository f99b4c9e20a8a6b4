// @web/test-runner plugin: runs a real signaling relay (dev mode, free port) next to the
// test server, and lets browser tests find and disturb it over HTTP:
//   GET  /__meshcall/relay               → { wsUrl }
//   POST /__meshcall/relay/kick?user=ID  → { kicked }  (drops that user's sockets abruptly)
//   POST /__meshcall/relay/restart       → { wsUrl }  (same port, resolves once listening again)
//   POST /__meshcall/turn                → { urls, username, credential }  (starts coturn, see turn-test-server.js)
//   DELETE /__meshcall/turn              → { stopped: true }
//   POST /__meshcall/turn/freeze|thaw    → { frozen }  (SIGSTOP/SIGCONT: the media path breaks and comes back)
//   POST /__meshcall/relay/redis-pair    → { wsUrls: [url1, url2] }  two more relays sharing a
//        redis-server (started on the first request, reused after, stopped with the server);
//        500 { error } if that fails (e.g. redis-server is not installed)
// Set MESHCALL_RELAY_LOG=1 to see the relay's log lines.
import { startRelay } from '../server/relay.js';
import { startRedisServer } from './server/redis-server.js';
import { turnTestServer } from './turn-test-server.js';

const PREFIX = '/__meshcall/relay';

/** @param {unknown[]} args */
function relayLog(...args) {
  if (process.env.MESHCALL_RELAY_LOG) console.log('[meshcall-relay]', ...args);
}

/**
 * Options of every relay the browser tests use. All their clients come from 127.0.0.1, so the
 * per-address cap (meant for the open internet) is off; everything else is as in production.
 * @type {import('../server/relay.js').RelayOptions}
 */
const RELAY_OPTIONS = { log: relayLog, maxConnectionsPerIp: 0 };

/**
 * @typedef {object} RedisPair
 * @property {import('./server/redis-server.js').RedisServer} redis
 * @property {import('../server/relay.js').Relay[]} relays
 */

/** Starts a redis-server and two relays sharing it; stops what it started if a step fails. @returns {Promise<RedisPair>} */
async function startRedisPair() {
  const redis = await startRedisServer();
  /** @type {import('../server/relay.js').Relay[]} */
  const relays = [];
  try {
    for (let i = 0; i < 2; i++) relays.push(await startRelay({ ...RELAY_OPTIONS, port: 0, redisUrl: redis.url }));
    return { redis, relays };
  } catch (err) {
    await stopRedisPair({ redis, relays });
    throw err;
  }
}

/** @param {RedisPair} pair */
async function stopRedisPair({ redis, relays }) {
  await Promise.all(relays.map((relay) => relay.close()));
  await redis.stop();
}

/**
 * Listens on `port` again after a close; retries briefly in case the OS has not released it yet.
 * @param {number} port
 */
async function startOnPort(port) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await startRelay({ ...RELAY_OPTIONS, port });
    } catch (err) {
      const code = /** @type {NodeJS.ErrnoException} */ (err).code;
      if (code !== 'EADDRINUSE' || attempt >= 40) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** @returns {import('@web/dev-server-core').Plugin & { middleware: import('koa').Middleware }} */
export function relayTestPlugin() {
  /** @type {import('../server/relay.js').Relay | undefined} */
  let relay;
  /** Serialises restarts/stops so requests never see a half-closed relay. @type {Promise<unknown>} */
  let queue = Promise.resolve();
  const turn = turnTestServer({ log: (...args) => relayLog('[turn]', ...args) });

  /** Started on the first redis-pair request. @type {Promise<RedisPair> | undefined} */
  let redisPair;

  /** @template T @param {() => Promise<T>} task @returns {Promise<T>} */
  function serial(task) {
    const result = queue.then(task);
    queue = result.catch(() => {});
    return result;
  }

  /** @returns {Promise<import('../server/relay.js').Relay>} */
  function current() {
    return serial(async () => {
      if (!relay) throw new Error('relay is not running');
      return relay;
    });
  }

  /**
   * The control routes. Registered through the config's `middleware` (they must run before
   * the static file server, which `app.use` in `serverStart` would come after).
   * @type {import('koa').Middleware}
   */
  const middleware = async (ctx, next) => {
    if (ctx.method === 'POST' && (ctx.path === '/__meshcall/turn/freeze' || ctx.path === '/__meshcall/turn/thaw')) {
      ctx.set('cache-control', 'no-store');
      try {
        turn.freeze(ctx.path.endsWith('/freeze'));
        ctx.body = { frozen: ctx.path.endsWith('/freeze') };
      } catch (err) {
        ctx.status = 409;
        ctx.body = { error: err instanceof Error ? err.message : String(err) };
      }
      return;
    }
    if (ctx.path === '/__meshcall/turn') {
      ctx.set('cache-control', 'no-store');
      try {
        if (ctx.method === 'POST') ctx.body = await turn.start();
        else if (ctx.method === 'DELETE') ctx.body = { stopped: await turn.stop().then(() => true) };
        else ctx.status = 405;
      } catch (err) {
        ctx.status = 500;
        ctx.body = { error: err instanceof Error ? err.message : String(err) };
      }
      return;
    }
    if (ctx.path !== PREFIX && !ctx.path.startsWith(`${PREFIX}/`)) return next();
    ctx.set('cache-control', 'no-store');
    const route = `${ctx.method} ${ctx.path}`;
    if (route === `GET ${PREFIX}`) {
      ctx.body = { wsUrl: (await current()).wsUrl };
    } else if (route === `POST ${PREFIX}/kick`) {
      const user = ctx.query.user;
      if (typeof user !== 'string' || !user) {
        ctx.status = 400;
        ctx.body = { error: 'kick needs ?user=ID' };
        return;
      }
      ctx.body = { kicked: (await current()).kick(user) };
    } else if (route === `POST ${PREFIX}/restart`) {
      ctx.body = {
        wsUrl: await serial(async () => {
          const { port } = relay ?? { port: 0 };
          await relay?.close();
          relay = undefined;
          relay = await startOnPort(port);
          return relay.wsUrl;
        }),
      };
    } else if (route === `POST ${PREFIX}/redis-pair`) {
      redisPair ??= startRedisPair();
      try {
        const { relays } = await redisPair;
        ctx.body = { wsUrls: relays.map((r) => r.wsUrl) };
      } catch (err) {
        redisPair = undefined; // let a later request try again
        ctx.status = 500;
        ctx.body = { error: `cannot start the Redis relay pair: ${err instanceof Error ? err.message : String(err)}` };
      }
    } else {
      ctx.status = 404;
      ctx.body = { error: `unknown relay control route: ${route}` };
    }
  };

  return {
    name: 'meshcall-relay',
    middleware,

    async serverStart() {
      relay = await startRelay({ ...RELAY_OPTIONS, port: 0 });
    },

    async serverStop() {
      await turn.stop();
      const pair = redisPair;
      redisPair = undefined;
      await pair?.then(stopRedisPair, () => {});
      await serial(async () => {
        await relay?.close();
        relay = undefined;
      });
    },
  };
}
