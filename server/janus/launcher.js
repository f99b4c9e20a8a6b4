// Starts and stops one Janus process with meshcall's config (server/janus/config.js) in a
// temporary config folder: the WebSocket API on 127.0.0.1 and a free port unless told
// otherwise, only the VideoRoom plugin. Used by `npm run janus` and by the tests, which
// each start their own.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { ChildStartError, freePort, stopChild, waitUntilReady } from '../child-server.js';
import { writeJanusConfig } from './config.js';

/** Where Debian's package puts the binary. */
export const JANUS_BINARY = '/usr/bin/janus';

/** How long Janus may take to open its WebSocket port (measured: ~1 s). */
const START_TIMEOUT_MS = 15_000;
/** How long a stopping Janus gets before SIGKILL. */
const STOP_TIMEOUT_MS = 5_000;

/**
 * @typedef {Omit<import('./config.js').JanusConfigOptions, 'port'> & {
 *   port?: number,
 *   binary?: string,
 *   log?: (line: string) => void,
 * }} StartJanusOptions
 *   port 0 or absent: a free one. log: receives every line Janus prints.
 *
 * @typedef {object} JanusServer
 * @property {string} url the WebSocket URL of the Janus API (ws://host:port)
 * @property {string} host
 * @property {number} port
 * @property {string | undefined} adminKey
 * @property {number} pid
 * @property {Promise<number | null>} exited resolves with the exit code when Janus ends
 * @property {() => Promise<void>} stop SIGTERM, then SIGKILL after 5 s; removes the config folder
 */

export class JanusStartError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'JanusStartError';
  }
}

/** @returns {string} a random VideoRoom admin key */
export const randomAdminKey = () => randomBytes(18).toString('base64url');

/**
 * One Janus `ping` over a fresh WebSocket: resolves true on its `pong`, false if the
 * connection fails. (A bare TCP probe is not enough: a socket closed before the WebSocket
 * handshake makes Janus 1.1's shutdown hang for seconds.)
 * @param {string} url
 * @returns {Promise<boolean>}
 */
export function pingJanus(url) {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, 'janus-protocol');
    const done = (/** @type {boolean} */ ok) => {
      ws.removeAllListeners();
      ws.on('error', () => {});
      ws.close();
      resolve(ok);
    };
    ws.once('open', () => ws.send(JSON.stringify({ janus: 'ping', transaction: 'ping' })));
    ws.once('message', (data) => done(String(data).includes('"pong"')));
    ws.once('error', () => done(false));
    ws.once('close', () => done(false));
  });
}

/**
 * Starts Janus and resolves once its WebSocket API listens.
 * @param {StartJanusOptions} [options]
 * @returns {Promise<JanusServer>}
 */
export async function startJanus(options = {}) {
  const binary = options.binary ?? JANUS_BINARY;
  if (!existsSync(binary)) {
    throw new JanusStartError(`${binary} not found: install Janus (Debian: apt-get install janus) for conference mode`);
  }
  // A port picked as free may be taken before Janus binds it: try again with another.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(binary, options);
    } catch (err) {
      if (options.port || attempt >= 3 || !(err instanceof JanusStartError) || !/in use/i.test(err.message)) throw err;
    }
  }
}

/** @param {string} binary @param {StartJanusOptions} options @returns {Promise<JanusServer>} */
async function startOnce(binary, options) {
  const host = options.host ?? '127.0.0.1';
  const port = options.port || (await freePort(host));
  const dir = mkdtempSync(path.join(tmpdir(), 'meshcall-janus-'));
  writeJanusConfig(dir, { ...options, host, port });
  const url = `ws://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const child = spawn(binary, [`--configs-folder=${dir}`, `--config=${path.join(dir, 'janus.jcfg')}`], { stdio: ['ignore', 'pipe', 'pipe'] });

  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  /** @type {Promise<number | null>} */
  let exited;
  try {
    // Janus logs nothing at level 3 when its WebSocket server is up: ready once it answers a ping.
    ({ exited } = await waitUntilReady(child, { name: 'Janus', timeoutMs: START_TIMEOUT_MS, ready: () => pingJanus(url), log: options.log }));
  } catch (err) {
    cleanup();
    const output = err instanceof ChildStartError ? err.output : '';
    const inUse = /Address already in use|Error binding|bind failed/i.test(output);
    throw new JanusStartError(inUse ? `Janus port ${port} in use before listening:\n${output}` : String(err instanceof Error ? err.message : err));
  }
  void exited.then(cleanup);

  let stopping = /** @type {Promise<void> | undefined} */ (undefined);
  const stop = () => {
    stopping ??= (async () => {
      await stopChild(child, { graceMs: STOP_TIMEOUT_MS });
      cleanup();
    })();
    return stopping;
  };
  return { url, host, port, adminKey: options.adminKey, pid: /** @type {number} */ (child.pid), exited, stop };
}
