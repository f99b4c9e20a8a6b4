// @web/test-runner plugin: runs a real signaling relay (dev mode, free port) next to the
// test server, and lets browser tests find and disturb it over HTTP:
//   GET  /__meshcall/relay               → { wsUrl }
//   POST /__meshcall/relay/kick?user=ID  → { kicked }  (drops that user's sockets abruptly)
//   POST /__meshcall/relay/restart       → { wsUrl }  (same port, resolves once listening again)
// Set MESHCALL_RELAY_LOG=1 to see the relay's log lines.
import { startRelay } from '../server/relay.js';

const PREFIX = '/__meshcall/relay';

/** @param {unknown[]} args */
function relayLog(...args) {
  if (process.env.MESHCALL_RELAY_LOG) console.log('[meshcall-relay]', ...args);
}

/**
 * Listens on `port` again after a close; retries briefly in case the OS has not released it yet.
 * @param {number} port
 */
async function startOnPort(port) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await startRelay({ port, log: relayLog });
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
    } else {
      ctx.status = 404;
      ctx.body = { error: `unknown relay control route: ${route}` };
    }
  };

  return {
    name: 'meshcall-relay',
    middleware,

    async serverStart() {
      relay = await startRelay({ port: 0, log: relayLog });
    },

    async serverStop() {
      await serial(async () => {
        await relay?.close();
        relay = undefined;
      });
    },
  };
}
