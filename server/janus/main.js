// `npm run janus`: starts Janus for conference mode with meshcall's config (only the
// VideoRoom plugin and the WebSocket transport, bound to 127.0.0.1), prints its WebSocket
// URL and VideoRoom admin key, and stops it on Ctrl-C / SIGTERM.
//
//   npm run janus -- [--port 8188] [--host 127.0.0.1] [--admin-key KEY] [--ice-address ADDR]
//                    [--rtp-ports 20000-20100] [--origin https://app.example] [--debug-level 4]
//
// Environment: JANUS_PORT, JANUS_ADMIN_KEY, JANUS_ICE_ADDRESS, JANUS_BINARY. Without an admin
// key one is made up for this run. --ice-address is the one address ICE uses and the SDP
// advertises (default: every interface Janus finds, which never includes loopback).
import { parseArgs } from 'node:util';
import { JanusConfigError } from './config.js';
import { JanusStartError, randomAdminKey, startJanus } from './launcher.js';

const USAGE = 'usage: npm run janus -- [--port N] [--host ADDR] [--admin-key KEY] [--ice-address ADDR] [--rtp-ports A-B] [--origin URL] [--debug-level 0-7]';

/** @type {ReturnType<typeof parseArgs<{ options: Record<string, { type: 'string' }> }>>['values']} */
let args;
try {
  ({ values: args } = parseArgs({
    options: Object.fromEntries(['port', 'host', 'admin-key', 'ice-address', 'rtp-ports', 'origin', 'debug-level'].map((name) => [name, { type: 'string' }])),
  }));
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  console.error(USAGE);
  process.exit(2);
}

const port = Number(args.port ?? process.env.JANUS_PORT ?? 8188);
const host = args.host ?? '127.0.0.1';
if (!['127.0.0.1', '::1', 'localhost'].includes(host)) console.warn(`warning: Janus's API will listen on ${host}, not only on this machine`);
const adminKey = args['admin-key'] ?? process.env.JANUS_ADMIN_KEY ?? randomAdminKey();

/** @type {import('./launcher.js').JanusServer | undefined} */
let janus;
let stopping = false;
/** @param {NodeJS.Signals} signal */
const stop = async (signal) => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping Janus`);
  if (!janus) return; // still starting: stopped as soon as it is up
  await janus.stop();
  process.exit(0);
};
// Handlers first: a signal while Janus is starting must not leave it running on its own.
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

try {
  janus = await startJanus({
    port,
    host: host === 'localhost' ? '127.0.0.1' : host,
    adminKey,
    iceAddress: args['ice-address'] ?? process.env.JANUS_ICE_ADDRESS,
    rtpPortRange: args['rtp-ports'],
    allowOrigin: args.origin,
    debugLevel: args['debug-level'] === undefined ? 3 : Number(args['debug-level']),
    binary: process.env.JANUS_BINARY,
    log: (line) => console.log(`[janus] ${line}`),
  });
} catch (err) {
  if (!(err instanceof JanusStartError || err instanceof JanusConfigError)) throw err;
  console.error(err.message);
  process.exit(1);
}

if (stopping) {
  await janus.stop();
  process.exit(0);
}
console.log(`Janus VideoRoom (conference mode): ${janus.url}`);
console.log(`VideoRoom admin key: ${adminKey}`);
void janus.exited.then((code) => {
  if (stopping) return;
  console.error(`Janus exited on its own (code ${code})`);
  process.exit(1);
});
