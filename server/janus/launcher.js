// Starts and stops one Janus process with meshcall's config (server/janus/config.js) in a
// temporary config folder: the WebSocket API on 127.0.0.1 and a free port unless told
// otherwise, only the VideoRoom plugin. Used by `npm run janus` and by the tests, which
// each start their own.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { writeJanusConfig } from './config.js';

/** Where Debian's package puts the binary. */
export const JANUS_BINARY = '/usr/bin/janus';

/** How long Janus may take to open its WebSocket port (measured: ~1 s). */
const START_TIMEOUT_MS = 15_000;
/** How long a stopping Janus gets before SIGKILL. */
const STOP_TIMEOUT_MS = 5_000;
/** Lines of Janus's output kept for error messages. */
const LOG_LINES = 40;

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

/** @param {string} host @returns {Promise<number>} a TCP port nothing listens on right now */
export function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

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
 * Resolves once Janus answers a ping on url (it logs nothing at level 3 when its WebSocket
 * server is up), trying every 50 ms until Janus exits.
 * @param {string} url @param {Promise<unknown>} exited
 */
async function waitForJanus(url, exited) {
  let done = false;
  void exited.then(() => (done = true));
  while (!done) {
    if (await pingJanus(url)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await new Promise(() => {}); // exited wins the race
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

  /** @type {string[]} */
  const recent = [];
  /** @param {Buffer} chunk */
  const onOutput = (chunk) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim()) continue;
      options.log?.(line);
      recent.push(line);
      if (recent.length > LOG_LINES) recent.shift();
    }
  };
  child.stdout.on('data', onOutput);
  child.stderr.on('data', onOutput);
  /** @type {Promise<number | null>} */
  const exited = new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(null));
  });
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  void exited.then(cleanup);

  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  try {
    await Promise.race([
      waitForJanus(url, exited),
      exited.then((code) => {
        const log = recent.join('\n');
        const reason = /Address already in use|Error binding|bind failed/i.test(log) ? `port ${port} in use` : `exited with code ${code}`;
        throw new JanusStartError(`Janus ${reason} before listening:\n${log}`);
      }),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new JanusStartError(`Janus did not listen within ${START_TIMEOUT_MS} ms:\n${recent.join('\n')}`)), START_TIMEOUT_MS);
      }),
    ]);
  } catch (err) {
    child.kill('SIGKILL');
    await exited;
    throw err;
  } finally {
    clearTimeout(timer);
  }

  let stopping = /** @type {Promise<void> | undefined} */ (undefined);
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killTimer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(killTimer);
      }
      cleanup();
    })();
    return stopping;
  };
  return { url, host, port, adminKey: options.adminKey, pid: /** @type {number} */ (child.pid), exited, stop };
}
