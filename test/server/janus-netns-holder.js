// Runs inside the network namespace `unshare -rn` made (see janus-netns.js): brings up loopback
// and a veth pair whose one address is the only one Janus gathers ICE candidates on, starts
// Janus (WebSocket on 127.0.0.1) and a page server, and reports both over the IPC channel.
// Everything here, and the Chromium that janus-netns.js enters into this namespace, can reach
// only the namespace's own addresses: no media can leave it.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { randomAdminKey, startJanus } from '../../server/janus/launcher.js';
import { startRelay } from '../../server/relay.js';

/**
 * Janus drops sessions quiet for this long: much shorter than the default 60 s, so the
 * calls in the tests last many timeouts and only live on because the client keeps them alive.
 */
export const SESSION_TIMEOUT_S = 30;

/** The namespace's one media address (a private range; it exists only inside the namespace). */
export const MEDIA_ADDRESS = '10.77.0.1';

const send = (/** @type {object} */ message) => process.send?.(message);

function setUpNetwork() {
  const ip = (/** @type {string[]} */ ...args) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  ip('link', 'set', 'lo', 'up');
  ip('link', 'add', 'mc0', 'type', 'veth', 'peer', 'name', 'mc1');
  ip('addr', 'add', `${MEDIA_ADDRESS}/24`, 'dev', 'mc0');
  ip('link', 'set', 'mc0', 'up');
  ip('link', 'set', 'mc1', 'up');
  // Without IPv6 neither side gathers link-local candidates on the veth pair.
  try {
    writeFileSync('/proc/sys/net/ipv6/conf/all/disable_ipv6', '1');
  } catch {
    // not writable on this kernel: link-local candidates stay inside the namespace anyway
  }
}

async function pageScript() {
  // session-entry.ts loads page-entry.ts too: one page has both the raw backend's probes and the session's.
  const entry = fileURLToPath(new URL('../janus/session-entry.ts', import.meta.url));
  const result = await build({ entryPoints: [entry], bundle: true, format: 'esm', target: 'es2022', write: false, logLevel: 'silent' });
  return result.outputFiles[0]?.text ?? '';
}

const PAGE = '<!doctype html><meta charset="utf-8"><title>janus test page</title><script type="module" src="/page.js"></script>';

async function main() {
  setUpNetwork();
  const adminKey = randomAdminKey();
  const [janus, script, relay] = await Promise.all([
    startJanus({
      adminKey,
      iceAddress: MEDIA_ADDRESS,
      sessionTimeout: SESSION_TIMEOUT_S,
      log: process.env.MESHCALL_JANUS_LOG ? (line) => console.error(line) : undefined,
    }),
    pageScript(),
    // The signaling relay for the session-level tests, inside the namespace too; it also serves
    // MESHCALL_NETNS_STATIC_DIR when set (the bench's pages: bench/lib/sfu.js).
    startRelay({ port: 0, host: '127.0.0.1', allowedOrigins: ['*'], log: () => {}, staticDir: process.env.MESHCALL_NETNS_STATIC_DIR || undefined }),
  ]);
  const server = createServer((req, res) => {
    if (req.url === '/page.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    server.closeAllConnections();
    server.close();
    await relay.close();
    await janus.stop();
    process.exit(0);
  };
  process.on('message', (message) => {
    if (message === 'stop') void stop();
  });
  process.on('disconnect', () => void stop());
  process.on('SIGTERM', () => void stop());
  void janus.exited.then((code) => {
    if (!stopping) {
      send({ type: 'janus-exited', code });
      process.exit(1);
    }
  });
  send({
    type: 'ready',
    pid: process.pid,
    janusUrl: janus.url,
    janusPid: janus.pid,
    pageUrl: `http://127.0.0.1:${port}/`,
    relayUrl: `ws://127.0.0.1:${relay.port}/signal`,
    relayHttpUrl: relay.httpUrl,
    adminKey,
    mediaAddress: MEDIA_ADDRESS,
  });
}

main().catch((err) => {
  send({ type: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exit(1);
});
