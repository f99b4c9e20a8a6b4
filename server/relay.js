// The meshcall signaling relay: one HTTP server that serves static files and upgrades
// /signal?user=ID&token=T to a WebSocket. Clients send {to, msg}; the relay forwards
// {from, msg} with `from` set to the sender's authenticated user ID. It never looks
// inside `msg` beyond checking that it is a JSON object.
import http from 'node:http';
import { WebSocketServer, WebSocket } from 'ws';
import { isValidUserId, verifyToken } from './auth.js';
import { createStaticHandler, sendText } from './static.js';

export { createToken, verifyToken, isValidUserId } from './auth.js';

export const SIGNAL_PATH = '/signal';
/** Close code sent to an older connection when the same user connects again. */
export const CLOSE_REPLACED = 4000;
export const DEV_MODE_WARNING =
  'meshcall relay: DEV MODE — no MESHCALL_SECRET set, any client may connect as any user';

/**
 * @typedef {object} RelayOptions
 * @property {number} [port] 0 picks a free port
 * @property {string} [host]
 * @property {string} [secret] shared HMAC secret; unset = dev mode (anyone may connect as anyone)
 * @property {Record<string, string>} [staticRoutes] URL path → absolute file path
 * @property {string} [staticDir] directory served for other GET requests
 * @property {number} [maxPayload] largest accepted frame in bytes; bigger closes the socket (1009)
 * @property {number} [heartbeatMs] ping interval; sockets that miss one pong are terminated
 * @property {(...args: unknown[]) => void} [log]
 *
 * @typedef {object} Relay
 * @property {number} port
 * @property {string} httpUrl
 * @property {string} wsUrl
 * @property {http.Server} server
 * @property {(userId: string) => number} kick terminates every socket of a user (like a network drop); returns how many
 * @property {() => Promise<void>} close closes all sockets (1001) and the HTTP server
 */

/** @param {unknown} value @returns {value is Record<string, unknown>} */
function isPlainObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Ends an upgrade request with a plain HTTP error response.
 * @param {import('node:stream').Duplex} socket
 * @param {number} status
 * @param {string} reason
 */
function rejectUpgrade(socket, status, reason) {
  const body = `${reason}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\n` +
      'Connection: close\r\nContent-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** @param {string | undefined} url @returns {{ pathname: string, query: URLSearchParams }} */
function splitUrl(url = '/') {
  const q = url.indexOf('?');
  if (q < 0) return { pathname: url, query: new URLSearchParams() };
  return { pathname: url.slice(0, q), query: new URLSearchParams(url.slice(q + 1)) };
}

/**
 * Starts the relay and resolves once it is listening.
 * @param {RelayOptions} [options]
 * @returns {Promise<Relay>}
 */
export async function startRelay(options = {}) {
  const {
    port = 0,
    host = '127.0.0.1',
    secret = undefined,
    staticRoutes = {},
    staticDir = undefined,
    maxPayload = 64 * 1024,
    heartbeatMs = 30_000,
    log = console.log,
  } = options;

  /** @type {Map<string, WebSocket>} current socket of each user (the one messages are delivered to) */
  const sockets = new Map();
  /** @type {WeakMap<WebSocket, { user: string, alive: boolean }>} */
  const info = new WeakMap();
  const serveStatic = createStaticHandler({ staticRoutes, staticDir });
  const wss = new WebSocketServer({ noServer: true, maxPayload, clientTracking: true });

  const server = http.createServer((req, res) => {
    const { pathname } = splitUrl(req.url);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'method not allowed');
    if (pathname === '/healthz') return sendText(res, 200, 'ok');
    serveStatic(req, res, pathname).catch((err) => {
      log('meshcall relay: static file error', err);
      if (!res.headersSent) sendText(res, 500, 'internal error');
      else res.destroy();
    });
  });

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const { pathname, query } = splitUrl(req.url);
    if (pathname !== SIGNAL_PATH) return rejectUpgrade(socket, 404, `no WebSocket endpoint at ${pathname}`);
    const user = query.get('user');
    if (!isValidUserId(user)) return rejectUpgrade(socket, 400, 'user must be 1-64 chars of A-Z a-z 0-9 _ . @ : -');
    if (secret !== undefined && !verifyToken(secret, user, query.get('token'))) {
      return rejectUpgrade(socket, 401, 'missing, invalid or expired token');
    }
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, user));
  });

  /** @param {WebSocket} ws @param {string} user */
  function onConnection(ws, user) {
    info.set(ws, { user, alive: true });
    const previous = sockets.get(user);
    sockets.set(user, ws);
    previous?.close(CLOSE_REPLACED, 'replaced');

    ws.on('pong', () => {
      const meta = info.get(ws);
      if (meta) meta.alive = true;
    });
    ws.on('error', (err) => log(`meshcall relay: socket error for ${user}: ${err.message}`));
    ws.on('close', () => {
      if (sockets.get(user) === ws) sockets.delete(user);
    });
    ws.on('message', (data, isBinary) => onFrame(ws, user, data, isBinary));
  }

  /** @param {WebSocket} ws @param {object} frame */
  function reply(ws, frame) {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
  }

  /** @param {WebSocket} ws @param {string} from @param {import('ws').RawData} data @param {boolean} isBinary */
  function onFrame(ws, from, data, isBinary) {
    /** @param {string} message */
    const badFrame = (message) => reply(ws, { error: { code: 'bad-frame', message } });
    if (isBinary) return badFrame('binary frames are not supported; send JSON text');
    /** @type {unknown} */
    let frame;
    try {
      frame = JSON.parse(data.toString());
    } catch {
      return badFrame('frame is not valid JSON');
    }
    if (!isPlainObject(frame)) return badFrame('frame must be a JSON object {"to", "msg"}');
    const { to, msg } = frame;
    if (!isValidUserId(to)) return badFrame('"to" must be a valid user id');
    if (!isPlainObject(msg)) return badFrame('"msg" must be a JSON object');
    const target = sockets.get(to);
    if (!target || target.readyState !== WebSocket.OPEN) {
      return reply(ws, { error: { code: 'not-connected', to, message: `user ${to} is not connected` } });
    }
    target.send(JSON.stringify({ from, msg }));
  }

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      const meta = info.get(ws);
      if (!meta?.alive) {
        ws.terminate();
        continue;
      }
      meta.alive = false;
      ws.ping();
    }
  }, heartbeatMs);
  heartbeat.unref();

  try {
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve(undefined);
      });
    });
  } catch (err) {
    clearInterval(heartbeat);
    wss.close();
    throw err;
  }
  server.on('error', (err) => log('meshcall relay: server error', err));

  if (secret === undefined) log(DEV_MODE_WARNING);

  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  /** @type {Promise<void> | undefined} */
  let closing;
  return {
    port: actualPort,
    httpUrl: `http://${urlHost}:${actualPort}`,
    wsUrl: `ws://${urlHost}:${actualPort}${SIGNAL_PATH}`,
    server,
    kick(userId) {
      let count = 0;
      for (const ws of wss.clients) {
        if (info.get(ws)?.user !== userId) continue;
        ws.terminate();
        count += 1;
      }
      return count;
    },
    close() {
      closing ??= closeAll();
      return closing;
    },
  };

  /** Closes every socket politely, terminating any that don't finish the handshake within 1 s. */
  async function closeAll() {
    clearInterval(heartbeat);
    const serverClosed = new Promise((resolve) => server.close(() => resolve(undefined)));
    const socketsClosed = [...wss.clients].map((ws) => {
      const closed = new Promise((resolve) => ws.once('close', resolve));
      ws.close(1001, 'server shutting down');
      const timer = setTimeout(() => ws.terminate(), 1000);
      return closed.then(() => clearTimeout(timer));
    });
    await Promise.all(socketsClosed);
    await new Promise((resolve) => wss.close(() => resolve(undefined)));
    server.closeAllConnections();
    await serverClosed;
  }
}
