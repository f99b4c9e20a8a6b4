// Child process for the relay scenario, so the server has its own event loop (and core)
// apart from the load generator:
//   node bench/relay-server.js relay   the real relay (server/relay.js), dev mode
//   node bench/relay-server.js bare    the floor: a bare `ws` forwarder, no auth, no validation
// Reports { wsUrl } to the parent over IPC and runs until killed.
import { WebSocketServer } from 'ws';
import { startRelay } from '../server/relay.js';

/** A forwarder with nothing but the forwarding: `?user=` names the socket, `{to, msg}` → `{from, msg}`. */
async function startBare() {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => wss.once('listening', resolve));
  /** @type {Map<string, import('ws').WebSocket>} */
  const sockets = new Map();
  wss.on('connection', (ws, req) => {
    const from = new URL(req.url ?? '/', 'http://x').searchParams.get('user') ?? '';
    sockets.set(from, ws);
    ws.on('close', () => {
      if (sockets.get(from) === ws) sockets.delete(from);
    });
    ws.on('message', (data) => {
      const { to, msg } = JSON.parse(data.toString());
      sockets.get(to)?.send(JSON.stringify({ from, msg }));
    });
  });
  const address = /** @type {import('node:net').AddressInfo} */ (wss.address());
  return `ws://127.0.0.1:${address.port}/signal`;
}

/**
 * The real relay with its defaults, except the two limits a load test from one address
 * must pass: per-IP connections (all clients are 127.0.0.1) and the per-socket rate
 * (the bench sends faster than any call would). The rate limiter still runs on every frame.
 */
async function startRealRelay() {
  const relay = await startRelay({
    port: 0,
    host: '127.0.0.1',
    maxConnectionsPerIp: 0,
    rateLimit: { perSecond: 1e9, burst: 1e9 },
    log: () => {},
  });
  return relay.wsUrl;
}

const kind = process.argv[2];
const wsUrl = kind === 'bare' ? await startBare() : await startRealRelay();
process.send?.({ wsUrl });
// Dies with the bench: the IPC channel closes when the parent exits, however it exits.
process.on('disconnect', () => process.exit(0));
