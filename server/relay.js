// The meshcall signaling relay: one HTTP server that serves static files and upgrades
// /signal?user=ID&token=T to a WebSocket. Clients send {to, msg}; the relay forwards
// {from, msg} with `from` set to the sender's authenticated user ID. It never looks
// inside `msg` beyond checking that it is a JSON object.
//
// Guards, in the order an upgrade meets them: path (404), Origin (403), user ID (400), token
// (401), connection caps (503 overall, 429 per address; refused upgrades never count). Once
// connected, each socket has a message rate limit and a frame size limit. With `redisUrl`, relays share delivery through
// Redis (see redis-bus.js).
import http from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { WebSocketServer, WebSocket } from 'ws';
import { checkToken, isValidUserId } from './auth.js';
import { createOriginCheck } from './origin.js';
import { RateLimiter, resolveRateLimit } from './rate-limit.js';
import { createRedisBus } from './redis-bus.js';
import { PUBLIC_HEADERS, createStaticHandler, sendJson, sendText } from './static.js';
import { nestsDeeperThan } from './json-depth.js';
import { checkTurnOptions, issueTurnCredentials } from './turn.js';
import { NO_METRICS, createMetrics } from './metrics.js';
import { clientAddress, isTrustedPeer, parseTrustProxy } from './proxy.js';
import { createLimitedLog } from './log-limit.js';

export { createToken, verifyToken, isValidUserId } from './auth.js';

export const SIGNAL_PATH = '/signal';
/** GET /turn?user=ID&token=T → TURN credentials as JSON (with `turn` configured). */
export const TURN_PATH = '/turn';
/** GET /metrics → Prometheus text (with `metrics` configured). */
export const METRICS_PATH = '/metrics';
/** Close code sent to an older connection when the same user connects again. */
export const CLOSE_REPLACED = 4000;
/** Close code (policy violation) and reason for a socket that keeps flooding past its rate limit. */
export const CLOSE_RATE_LIMIT = 1008;
/** Close code for a socket whose frame made the relay fail unexpectedly (internal error). */
export const CLOSE_INTERNAL_ERROR = 1011;
/**
 * Deepest nesting of objects/arrays accepted in a frame. The protocol needs 5 (frame → msg →
 * reliable envelope → message → candidates → candidate); anything much deeper is refused
 * before parsing, so nothing recursive ever sees an attacker's depth.
 */
export const MAX_FRAME_DEPTH = 32;
/** Relay-made error replies (bad-frame, not-connected) one socket gets per second at most (burst 2×). */
export const ERROR_REPLIES_PER_SECOND = 10;
/** Frames waiting to be written to one recipient beyond this many bytes are dropped (and the sender told). */
export const MAX_BUFFERED_BYTES = 1024 * 1024;
/**
 * TCP connections are counted from accept on. Per address, at most maxConnectionsPerIp +
 * ACCEPT_HEADROOM may be open (the extra few carry page loads and /healthz); in total,
 * maxConnections + max(ACCEPT_HEADROOM_MIN, 10 %). Past that a connection is answered at once
 * (429 / 503) and closed, before it can send anything. Upgrades are then held to the exact caps.
 */
export const ACCEPT_HEADROOM = 8;
const ACCEPT_HEADROOM_MIN = 16;
export const DEV_MODE_WARNING = 'meshcall relay: DEV MODE — no MESHCALL_SECRET set, any client may connect as any user';

/**
 * @typedef {object} RelayOptions
 * @property {number} [port] 0 picks a free port
 * @property {string} [host]
 * @property {string} [secret] shared HMAC secret; unset = dev mode (anyone may connect as anyone)
 * @property {number} [maxTokenTtl] seconds: refuse tokens that expire further out than this from now (default: no bound)
 * @property {Record<string, string>} [staticRoutes] URL path → absolute file path
 * @property {string} [staticDir] directory served for other GET requests
 * @property {number} [maxPayload] largest accepted frame in bytes; bigger closes the socket (1009)
 * @property {number} [heartbeatMs] ping interval; a socket that has not answered the previous ping is terminated (so within two intervals)
 * @property {number} [headersTimeoutMs] a connection must have sent complete request headers this long after TCP accept (default 5000)
 * @property {import('./rate-limit.js').RateLimitOptions} [rateLimit] per socket (default 50/s, burst 100)
 * @property {number} [maxConnections] open + opening sockets; more get HTTP 503 (default 1000)
 * @property {number} [maxConnectionsPerIp] per remote address; more get HTTP 429 (default 50, 0 = no cap)
 * @property {string[]} [allowedOrigins] origins allowed besides same-origin (and localhost in dev mode); `*` = any
 * @property {import('./turn.js').TurnOptions} [turn] issue time-limited TURN credentials at GET /turn (coturn use-auth-secret)
 * @property {{ token?: string }} [metrics] serve Prometheus metrics at GET /metrics; with `token`, only to `Authorization: Bearer <token>` (default: off)
 * @property {number | string | string[]} [trustProxy] take client addresses from X-Forwarded-For / Forwarded: a hop count, or the proxies' addresses (default: off)
 * @property {string} [redisUrl] share delivery with other relays through this Redis (needs the `redis` package)
 * @property {(...args: unknown[]) => void} [log]
 *
 * @typedef {object} Relay
 * @property {number} port
 * @property {string} httpUrl
 * @property {string} wsUrl
 * @property {http.Server} server
 * @property {(userId: string) => number} kick terminates every socket of a user (like a network drop); returns how many
 * @property {() => number} connectionCount signaling sockets open or being opened
 * @property {() => { tcp: number, signaling: number, acceptErrors: number }} load TCP connections open (any kind), WebSockets open, accept errors so far
 * @property {() => 'off' | import('./redis-bus.js').BusState} redisState
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
  if (socket.destroyed || socket.writableEnded) return;
  const body = `${reason}\n`;
  // Whatever the client still sends is never read; the socket is gone after a moment either way.
  setTimeout(() => socket.destroy(), 1000).unref();
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
 * The address an upgrade came from, with IPv4-mapped IPv6 shown as plain IPv4.
 * @param {import('node:stream').Duplex} socket
 */
function remoteAddress(socket) {
  const address = /** @type {import('node:net').Socket} */ (socket).remoteAddress ?? 'unknown';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/**
 * How many more descriptors this process may open: the soft `ulimit -n` (Linux
 * /proc/self/limits) less those open now and a reserve for files, Redis and logs. At the
 * limit the OS (libuv) accepts and drops connections silently, so the relay stays below it.
 * @returns {number} Infinity where it cannot be read
 */
function descriptorBudget() {
  try {
    const limits = readFileSync('/proc/self/limits', 'utf8');
    const soft = /^Max open files\s+(\d+)/m.exec(limits)?.[1];
    if (!soft) return Infinity;
    return Math.max(1, Number(soft) - readdirSync('/proc/self/fd').length - FD_RESERVE);
  } catch {
    return Infinity;
  }
}
/** Descriptors kept free for static files, Redis and the like. */
const FD_RESERVE = 16;

/** @param {unknown} err */
function errorText(err) {
  return err instanceof Error ? err.message : String(err);
}

/** @param {string} name @param {unknown} value @param {number} min */
function checkCount(name, value, min) {
  if (!(typeof value === 'number' && Number.isInteger(value) && value >= min)) {
    throw new TypeError(`${name} must be an integer >= ${min}, got ${String(value)}`);
  }
}

/**
 * @typedef {object} SocketInfo
 * @property {string} user
 * @property {string} address client address (as forwarded by a trusted proxy)
 * @property {boolean} alive answered the last ping
 * @property {string} conn this connection's ID across relays
 * @property {boolean} claimed its claim is known to be the newest so far (a newer one closes it)
 * @property {RateLimiter} limiter
 * @property {RateLimiter} replies budget of relay-made error replies to this socket
 */

/**
 * Starts the relay and resolves once it is listening (and, with `redisUrl`, after the first
 * attempt to reach Redis; an unreachable Redis is logged and retried, not fatal).
 * @param {RelayOptions} [options]
 * @returns {Promise<Relay>}
 */
export async function startRelay(options = {}) {
  const {
    port = 0,
    host = '127.0.0.1',
    secret = undefined,
    maxTokenTtl = undefined,
    staticRoutes = {},
    staticDir = undefined,
    maxPayload = 64 * 1024,
    heartbeatMs = 30_000,
    headersTimeoutMs = 5000,
    rateLimit = {},
    maxConnections = 1000,
    maxConnectionsPerIp = 50,
    allowedOrigins = [],
    redisUrl = undefined,
    turn = undefined,
    metrics: metricsOptions = undefined,
    trustProxy: trustProxyOption = undefined,
    log = console.log,
  } = options;
  const logLimited = createLimitedLog(log);
  const limit = resolveRateLimit(rateLimit);
  checkCount('maxConnections', maxConnections, 1);
  checkCount('maxConnectionsPerIp', maxConnectionsPerIp, 0);
  checkCount('headersTimeoutMs', headersTimeoutMs, 1);
  if (maxTokenTtl !== undefined) checkCount('maxTokenTtl', maxTokenTtl, 1);
  if (turn) checkTurnOptions(turn);
  const maxTcp = maxConnections + Math.max(ACCEPT_HEADROOM_MIN, Math.ceil(maxConnections / 10));
  const maxTcpPerIp = maxConnectionsPerIp + ACCEPT_HEADROOM;
  const fdBudget = descriptorBudget();
  const trustProxy = parseTrustProxy(trustProxyOption);
  const originAllowed = createOriginCheck({ allowedOrigins, devMode: secret === undefined });
  const rateLimitedMessage = `too many messages: at most ${limit.perSecond}/s (bursts of ${limit.burst}); ` + 'frames over the limit are dropped';

  /** Tells connections of this relay apart from other relays' in Redis claims. */
  const relayId = randomBytes(6).toString('base64url');
  let connectionSeq = 0;
  /** @type {Map<string, WebSocket>} current socket of each user (the one messages are delivered to) */
  const sockets = new Map();
  /** @type {WeakMap<WebSocket, SocketInfo>} */
  const info = new WeakMap();
  /** Raw sockets admitted (upgrading or open), in total and per remote address. */
  let admitted = 0;
  /** @type {Map<string, number>} */
  const admittedPerIp = new Map();
  let stopping = false;
  /** TCP connections open (any kind), in total and per peer address. */
  let tcpOpen = 0;
  /** @type {Map<string, number>} */
  const tcpPerIp = new Map();
  let acceptErrors = 0;
  /** @type {WeakSet<import('node:stream').Duplex>} connections answered at accept: nothing they send is handled */
  const refused = new WeakSet();
  /** @type {WeakMap<import('node:stream').Duplex, NodeJS.Timeout>} sockets still owing complete headers */
  const headerTimers = new WeakMap();

  /** @type {import('./metrics.js').RelayMetrics} */
  const metrics = metricsOptions
    ? await createMetrics({ sockets: () => wss.clients.size, tcp: () => tcpOpen, redis: () => bus?.state() ?? 'off' })
    : NO_METRICS;
  const bus = redisUrl ? await createRedisBus({ url: redisUrl, log, onMessage: onBusMessage }) : undefined;
  const serveStatic = createStaticHandler({ staticRoutes, staticDir });
  const wss = new WebSocketServer({ noServer: true, maxPayload, clientTracking: true });

  const server = http.createServer(
    {
      headersTimeout: headersTimeoutMs,
      requestTimeout: 2 * headersTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, headersTimeoutMs),
    },
    (req, res) => {
      if (refused.has(req.socket)) return void req.socket.destroy();
      headersArrived(req.socket);
      try {
        onRequest(req, res);
      } catch (err) {
        logLimited('request-error', `meshcall relay: request ${req.method} failed: ${errorText(err)}`);
        if (!res.headersSent) sendText(res, 500, 'internal error');
        else res.destroy();
      }
    },
  );

  /** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
  function onRequest(req, res) {
    const { pathname } = splitUrl(req.url);
    if (req.method === 'OPTIONS') {
      // A CORS preflight (or a plain OPTIONS): what may be done with the public files.
      res.writeHead(204, { ...PUBLIC_HEADERS, allow: 'GET, HEAD, OPTIONS', 'access-control-allow-methods': 'GET, HEAD', 'access-control-max-age': '86400' });
      return void res.end();
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'method not allowed');
    if (pathname === '/healthz') return sendJson(res, 200, health());
    if (pathname === TURN_PATH) return serveTurn(req, res);
    if (pathname === METRICS_PATH) return serveMetrics(req, res);
    serveStatic(req, res, pathname).catch((err) => {
      log('meshcall relay: static file error', err);
      if (!res.headersSent) sendText(res, 500, 'internal error');
      else res.destroy();
    });
  }

  /** The socket's request headers are complete: it no longer owes them. @param {import('node:stream').Duplex} socket */
  function headersArrived(socket) {
    clearTimeout(headerTimers.get(socket));
    headerTimers.delete(socket);
  }

  // Counted from TCP accept: a client that opens connections and trickles (or never sends)
  // its headers holds them at most headersTimeoutMs, and never more than the caps allow.
  server.on('connection', (/** @type {import('node:net').Socket} */ socket) => {
    const ip = remoteAddress(socket);
    tcpOpen += 1;
    const fromIp = (tcpPerIp.get(ip) ?? 0) + 1;
    tcpPerIp.set(ip, fromIp);
    socket.once('close', () => {
      tcpOpen -= 1;
      const left = (tcpPerIp.get(ip) ?? 1) - 1;
      if (left > 0) tcpPerIp.set(ip, left);
      else tcpPerIp.delete(ip);
      headersArrived(socket);
    });
    socket.on('error', () => {});
    if (maxConnectionsPerIp > 0 && fromIp > maxTcpPerIp && !isTrustedPeer(trustProxy, ip)) {
      logLimited('refused-ip', `meshcall relay: refused a connection from ${ip}: it has ${fromIp - 1} open`);
      metrics.refused('accept-per-ip');
      return refuseAtAccept(socket, 429, 'too many connections from your address');
    }
    if (tcpOpen > fdBudget) {
      acceptErrors += 1;
      logLimited(
        'refused-fd',
        `meshcall relay: refusing connections: ${tcpOpen - 1} open, at the open-file limit (raise \`ulimit -n\` or lower MESHCALL_MAX_CONNECTIONS)`,
      );
      metrics.refused('accept-open-files');
      refuseAtAccept(socket, 503, 'relay is at its connection limit; try again later');
      return void socket.end(() => socket.destroy()); // give the descriptor back as soon as the answer is out
    }
    if (tcpOpen > maxTcp) {
      logLimited('refused-full', `meshcall relay: refused a connection from ${ip}: ${tcpOpen - 1} connections open`);
      metrics.refused('accept-full');
      return refuseAtAccept(socket, 503, 'relay is at its connection limit; try again later');
    }
    const timer = setTimeout(() => {
      metrics.refused('headers-timeout');
      logLimited('headers-timeout', `meshcall relay: closed a connection from ${ip}: no complete request headers within ${headersTimeoutMs} ms`);
      socket.destroy();
    }, headersTimeoutMs);
    headerTimers.set(socket, timer);
  });

  /** @param {import('node:net').Socket} socket @param {number} status @param {string} reason */
  function refuseAtAccept(socket, status, reason) {
    refused.add(socket);
    rejectUpgrade(socket, status, reason);
  }

  /**
   * TURN credentials for a user who could connect to /signal: the same Origin and token
   * checks as the upgrade. The answer is for the asking page only (no-store, CORS to its origin).
   * @param {http.IncomingMessage} req @param {http.ServerResponse} res
   */
  function serveTurn(req, res) {
    const { query } = splitUrl(req.url);
    const origin = req.headers.origin;
    /** @param {number} status @param {unknown} body */
    const answer = (status, body) => {
      const cors = origin && originAllowed(origin, req.headers.host) ? { 'access-control-allow-origin': origin, vary: 'Origin' } : {};
      res.writeHead(status, { ...cors, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(`${JSON.stringify(body)}\n`);
    };
    if (!turn) return answer(404, { error: 'this relay issues no TURN credentials (set MESHCALL_TURN_SECRET and MESHCALL_TURN_URLS)' });
    if (!originAllowed(origin, req.headers.host)) return answer(403, { error: 'this page’s origin may not use the relay' });
    const user = query.get('user');
    if (!isValidUserId(user)) return answer(400, { error: 'user must be 1-64 chars of A-Z a-z 0-9 _ . @ : -' });
    if (secret !== undefined && checkToken(secret, user, query.get('token'), { maxTtlSeconds: maxTokenTtl }) !== 'ok') {
      return answer(401, { error: 'missing, invalid or expired token' });
    }
    metrics.turnIssued();
    answer(200, issueTurnCredentials(turn, user));
  }

  /** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
  function serveMetrics(req, res) {
    if (!metricsOptions) return sendText(res, 404, 'metrics are off (set MESHCALL_METRICS_TOKEN, or MESHCALL_METRICS=on)');
    const expected = metricsOptions.token;
    if (expected !== undefined) {
      const given = Buffer.from(String(req.headers.authorization ?? ''));
      const wanted = Buffer.from(`Bearer ${expected}`);
      if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
        res.setHeader('www-authenticate', 'Bearer realm="meshcall metrics"');
        return sendText(res, 401, 'metrics need Authorization: Bearer <MESHCALL_METRICS_TOKEN>');
      }
    }
    metrics.render().then(
      ({ type, body }) => {
        res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
        res.end(body);
      },
      (err) => {
        logLimited('metrics', `meshcall relay: metrics failed: ${errorText(err)}`);
        sendText(res, 500, 'metrics failed');
      },
    );
  }

  /** What /healthz reports: always 200 while the process serves; the numbers show its load. */
  function health() {
    return {
      status: stopping ? 'stopping' : 'ok',
      connections: { signaling: wss.clients.size, admitted, tcp: tcpOpen, max: maxConnections, maxPerIp: maxConnectionsPerIp },
      acceptErrors,
      redis: bus?.state() ?? 'off',
      uptimeSeconds: Math.round(process.uptime()),
    };
  }

  server.on('upgrade', (req, socket, head) => {
    if (refused.has(socket)) return;
    headersArrived(socket);
    socket.on('error', () => socket.destroy());
    try {
      onUpgrade(req, socket, head);
    } catch (err) {
      logLimited('upgrade-error', `meshcall relay: upgrade failed: ${errorText(err)}`);
      socket.destroy();
    }
  });

  /** @param {http.IncomingMessage} req @param {import('node:stream').Duplex} socket @param {Buffer} head */
  function onUpgrade(req, socket, head) {
    /** @param {string} why @param {number} status @param {string} text */
    const refuse = (why, status, text) => {
      metrics.refused(why);
      rejectUpgrade(socket, status, text);
    };
    if (stopping) return refuse('shutting-down', 503, 'relay is shutting down');
    const { pathname, query } = splitUrl(req.url);
    if (pathname !== SIGNAL_PATH) return refuse('not-found', 404, `no WebSocket endpoint at ${pathname}`);
    if (!originAllowed(req.headers.origin, req.headers.host)) {
      return refuse('origin', 403, 'this page’s origin may not connect to the relay (see allowedOrigins / MESHCALL_ORIGINS)');
    }
    const user = query.get('user');
    if (!isValidUserId(user)) return refuse('bad-user', 400, 'user must be 1-64 chars of A-Z a-z 0-9 _ . @ : -');
    if (secret !== undefined) {
      const verdict = checkToken(secret, user, query.get('token'), { maxTtlSeconds: maxTokenTtl });
      if (verdict === 'too-long') return refuse('token-ttl', 401, `token lives too long: at most ${maxTokenTtl} s (MESHCALL_MAX_TOKEN_TTL)`);
      if (verdict !== 'ok') return refuse('token', 401, 'missing, invalid or expired token');
    }
    if (admitted >= maxConnections) return refuse('full', 503, 'relay is at its connection limit; try again later');
    const ip = clientAddress(trustProxy, remoteAddress(socket), req.headers);
    const fromIp = admittedPerIp.get(ip) ?? 0;
    if (maxConnectionsPerIp > 0 && fromIp >= maxConnectionsPerIp) {
      return refuse('per-ip', 429, 'too many connections from your address');
    }

    // Admitted: counted until the TCP socket closes, whether or not the upgrade completes.
    admitted += 1;
    admittedPerIp.set(ip, fromIp + 1);
    socket.once('close', () => {
      admitted -= 1;
      const left = (admittedPerIp.get(ip) ?? 1) - 1;
      if (left > 0) admittedPerIp.set(ip, left);
      else admittedPerIp.delete(ip);
      bus?.release(user);
    });
    const upgrade = () => {
      if (stopping) return rejectUpgrade(socket, 503, 'relay is shutting down');
      wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, user, ip));
    };
    // With Redis, subscribe first so that an open socket is reachable from every relay.
    if (!bus) return upgrade();
    bus
      .retain(user)
      .then(upgrade)
      .catch((err) => {
        logLimited('upgrade-error', `meshcall relay: upgrade of ${user} failed: ${errorText(err)}`);
        socket.destroy();
      });
  }

  /** @param {WebSocket} ws @param {string} user @param {string} address the client's (behind a trusted proxy: as forwarded) */
  function onConnection(ws, user, address) {
    connectionSeq += 1;
    /** @type {SocketInfo} */
    const meta = {
      user,
      address,
      alive: true,
      conn: `${relayId}:${connectionSeq}`,
      claimed: !bus,
      limiter: new RateLimiter(limit),
      replies: new RateLimiter({ perSecond: ERROR_REPLIES_PER_SECOND, burst: 2 * ERROR_REPLIES_PER_SECOND }),
    };
    info.set(ws, meta);
    const previous = sockets.get(user);
    sockets.set(user, ws);
    if (previous) metrics.closed('replaced');
    previous?.close(CLOSE_REPLACED, 'replaced');
    // Other relays close their older socket of this user when this claim reaches them. If it
    // could not be published there is no order to respect: any later claim replaces this one.
    bus
      ?.claim(user, meta.conn)
      .then((published) => {
        if (!published) meta.claimed = true;
      })
      .catch((err) => log(`meshcall relay: Redis claim for ${user} failed: ${errorText(err)}`));

    ws.on('pong', () => {
      meta.alive = true;
    });
    ws.on('error', (err) => logLimited('socket-error', `meshcall relay: closing ${user}'s socket (${address}): ${err.message}`));
    ws.on('close', () => {
      if (sockets.get(user) === ws) sockets.delete(user);
    });
    ws.on('message', (data, isBinary) => onFrame(ws, meta, data, isBinary));
  }

  /** @param {WebSocket} ws @param {object} frame */
  function reply(ws, frame) {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
  }

  /**
   * An error reply the relay makes on its own (not a frame another user sent). Each socket
   * gets at most ERROR_REPLIES_PER_SECOND of them; past that they are dropped silently, so a
   * client's own mistakes never turn into a stream of traffic it has to absorb.
   * @param {WebSocket} ws @param {SocketInfo} meta @param {Record<string, unknown>} error
   */
  function replyError(ws, meta, error) {
    if (meta.replies.check() === 'pass') reply(ws, { error });
  }

  /** Closes a socket that keeps flooding; terminates it if it ignores the close handshake. @param {WebSocket} ws */
  function closeFlooder(ws, /** @type {string} */ user) {
    logLimited('flood', `meshcall relay: closing ${user}'s socket: it kept sending past the rate limit`);
    metrics.closed('flood');
    ws.close(CLOSE_RATE_LIMIT, 'rate limit');
    const timer = setTimeout(() => ws.terminate(), 1000);
    ws.once('close', () => clearTimeout(timer));
  }

  /**
   * Every frame a socket sends goes through here: nothing it contains may throw out of the
   * 'message' listener (that would end the process). An unexpected failure closes only this socket.
   * @param {WebSocket} ws @param {SocketInfo} meta @param {import('ws').RawData} data @param {boolean} isBinary
   */
  function onFrame(ws, meta, data, isBinary) {
    try {
      handleFrame(ws, meta, data, isBinary);
    } catch (err) {
      logLimited('frame-error', `meshcall relay: closing ${meta.user}'s socket: a frame could not be handled (${errorText(err)})`);
      try {
        ws.close(CLOSE_INTERNAL_ERROR, 'frame could not be handled');
      } catch {
        ws.terminate();
      }
    }
  }

  /** @param {WebSocket} ws @param {SocketInfo} meta @param {import('ws').RawData} data @param {boolean} isBinary */
  function handleFrame(ws, meta, data, isBinary) {
    if (ws.readyState !== WebSocket.OPEN) return; // closing: what is still buffered is ignored
    const verdict = meta.limiter.check();
    if (verdict === 'close') return closeFlooder(ws, `${meta.user} (${meta.address})`);
    if (verdict !== 'pass') metrics.rateLimited();
    if (verdict === 'notify') reply(ws, { error: { code: 'rate-limited', message: rateLimitedMessage } });
    if (verdict !== 'pass') return;

    /** @param {string} message */
    const badFrame = (message) => {
      metrics.dropped('bad-frame');
      replyError(ws, meta, { code: 'bad-frame', message });
    };
    if (isBinary) return badFrame('binary frames are not supported; send JSON text');
    const raw = Array.isArray(data) ? Buffer.concat(data).toString() : data.toString();
    if (nestsDeeperThan(raw, MAX_FRAME_DEPTH)) return badFrame(`frame nests deeper than ${MAX_FRAME_DEPTH} levels`);
    /** @type {unknown} */
    let frame;
    try {
      frame = JSON.parse(raw);
    } catch {
      return badFrame('frame is not valid JSON');
    }
    if (!isPlainObject(frame)) return badFrame('frame must be a JSON object {"to", "msg"}');
    const { to, msg } = frame;
    if (!isValidUserId(to)) return badFrame('"to" must be a valid user id');
    if (!isPlainObject(msg)) return badFrame('"msg" must be a JSON object');

    // Safe to re-serialise: the depth is bounded above and the size by maxPayload.
    const text = JSON.stringify({ from: meta.user, msg });
    const notConnected = () => {
      metrics.dropped('not-connected');
      const where = bus && bus.state() !== 'ready' ? ' to this relay (Redis is unreachable, other relays cannot be asked)' : '';
      replyError(ws, meta, { code: 'not-connected', to, message: `user ${to} is not connected${where}` });
    };
    const target = sockets.get(to);
    if (target?.readyState === WebSocket.OPEN) return sendTo(target, text, ws, meta, to);
    if (!bus) return notConnected();
    const publishedAt = performance.now();
    bus
      .deliver(to, text)
      .then((delivered) => {
        metrics.published((performance.now() - publishedAt) / 1000);
        if (delivered) metrics.relayed('redis');
        else notConnected();
      })
      .catch((err) => logLimited('bus-deliver', `meshcall relay: Redis delivery to ${to} failed: ${errorText(err)}`));
  }

  /**
   * Writes a frame to a recipient unless its socket already has MAX_BUFFERED_BYTES waiting
   * (a recipient that does not read, or is being flooded): then the frame is dropped and the
   * sender, if it is on this relay, is told. Memory per recipient stays bounded.
   * @param {WebSocket} target @param {string} text
   * @param {WebSocket} [sender] @param {SocketInfo} [senderMeta] @param {string} [to]
   */
  function sendTo(target, text, sender, senderMeta, to) {
    if (target.bufferedAmount > MAX_BUFFERED_BYTES) {
      metrics.dropped('backlogged');
      if (sender && senderMeta) {
        replyError(sender, senderMeta, { code: 'not-delivered', to, message: `user ${to} is not reading its messages fast enough; message dropped` });
      }
      return;
    }
    if (sender) metrics.relayed('local');
    target.send(text);
  }

  /** A message for one of this relay's users, from any relay (this one included). @type {import('./redis-bus.js').BusMessageHandler} */
  function onBusMessage(user, message) {
    const ws = sockets.get(user);
    const meta = ws && info.get(ws);
    if (!ws || !meta) return;
    if (message.type === 'deliver') {
      if (ws.readyState === WebSocket.OPEN) sendTo(ws, message.frame);
    } else if (message.conn === meta.conn) {
      meta.claimed = true;
    } else if (meta.claimed) {
      ws.close(CLOSE_REPLACED, 'replaced'); // a newer connection of this user, on another relay
    }
  }

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      const meta = info.get(ws);
      if (!meta?.alive) {
        metrics.closed('heartbeat');
        ws.terminate();
        continue;
      }
      meta.alive = false;
      try {
        ws.ping();
      } catch {
        ws.terminate();
      }
    }
  }, heartbeatMs);
  heartbeat.unref();

  try {
    await bus?.firstAttempt();
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
    await bus?.close();
    throw err;
  }
  server.on('error', (err) => {
    const { code, syscall } = /** @type {NodeJS.ErrnoException} */ (err);
    if (syscall === 'accept') {
      // E.g. EMFILE at the open-file limit: the server keeps listening; say so, but not per attempt.
      acceptErrors += 1;
      const hint = code === 'EMFILE' || code === 'ENFILE' ? ' (out of file descriptors: raise `ulimit -n` or lower MESHCALL_MAX_CONNECTIONS)' : '';
      return logLimited('accept', `meshcall relay: cannot accept connections: ${code ?? err.message}${hint}`);
    }
    logLimited('server-error', `meshcall relay: server error: ${errorText(err)}`);
  });

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
    connectionCount: () => admitted,
    load: () => ({ tcp: tcpOpen, signaling: wss.clients.size, acceptErrors }),
    redisState: () => bus?.state() ?? 'off',
    close() {
      closing ??= closeAll();
      return closing;
    },
  };

  /** Closes every socket politely, terminating any that don't finish the handshake within 1 s. */
  async function closeAll() {
    stopping = true;
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
    await bus?.close();
  }
}
