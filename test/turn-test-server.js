// A real TURN server (coturn's `turnserver`) for relay-only call tests, on 127.0.0.1 with a
// free port and a static user. Started on demand by a browser test through the
// test-runner route POST /__meshcall/turn (see relay-test-plugin.js), stopped with
// DELETE /__meshcall/turn and when the test runner stops.
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const HOST = '127.0.0.1';
const USERNAME = 'meshcall';
const CREDENTIAL = 'meshcall-test-secret';

/** A port free for both UDP and TCP on HOST right now. @returns {Promise<number>} */
async function freePort() {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, HOST, () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    const udpFree = await new Promise((resolve) => {
      const socket = createSocket('udp4');
      socket.once('error', () => resolve(false));
      socket.bind(port, HOST, () => socket.close(() => resolve(true)));
    });
    if (udpFree) return /** @type {number} */ (port);
  }
  throw new Error('no free port for the TURN server');
}

/** Resolves once a TCP connection to the port succeeds. @param {number} port @param {number} timeoutMs */
async function waitForListening(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise((resolve) => {
      const socket = connect(port, HOST);
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`turnserver did not listen on ${HOST}:${port} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * @typedef {{ urls: string[], username: string, credential: string }} TurnInfo
 * @param {{ log?: (...args: unknown[]) => void, authSecret?: string }} [options]
 *   authSecret: run coturn as production does with the relay (`use-auth-secret`,
 *   `static-auth-secret`): it then accepts only time-limited credentials made with that
 *   secret (server/turn.js); `username` and `credential` of TurnInfo are empty.
 */
export function turnTestServer(options = {}) {
  const log = options.log ?? (() => {});
  /** @type {{ child: import('node:child_process').ChildProcess, info: TurnInfo, dir: string } | undefined} */
  let running;
  /** @type {Promise<TurnInfo> | undefined} */
  let starting;

  /** @returns {Promise<TurnInfo>} */
  async function launch() {
    const port = await freePort();
    const dir = mkdtempSync(path.join(tmpdir(), 'meshcall-turn-'));
    const args = [
      '-n', // no config file
      '--listening-ip',
      HOST,
      '--relay-ip',
      HOST,
      '--listening-port',
      String(port),
      ...(options.authSecret ? ['--use-auth-secret', '--static-auth-secret', options.authSecret] : ['--lt-cred-mech', '--user', `${USERNAME}:${CREDENTIAL}`]),
      '--realm',
      'meshcall.test',
      '--no-tls',
      '--no-dtls',
      '--no-cli',
      '--allow-loopback-peers', // both call ends are on this machine
      '--db',
      path.join(dir, 'turndb'),
      '--pidfile',
      path.join(dir, 'turnserver.pid'),
      '--log-file',
      'stdout',
      '--simple-log',
    ];
    const child = spawn('turnserver', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk) => log(String(chunk).trimEnd()));
    child.stderr?.on('data', (chunk) => log(String(chunk).trimEnd()));
    const exited = new Promise((_, reject) => {
      child.once('error', (err) => reject(new Error(`could not start turnserver (apt-get install coturn): ${err.message}`)));
      child.once('exit', (code, signal) => reject(new Error(`turnserver exited early (${signal ?? code})`)));
    });
    try {
      await Promise.race([waitForListening(port, 10_000), exited]);
    } catch (err) {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw err;
    }
    exited.catch(() => {}); // a later exit is handled by stop()
    const urls = [`turn:${HOST}:${port}?transport=udp`, `turn:${HOST}:${port}?transport=tcp`];
    const info = options.authSecret ? { urls, username: '', credential: '' } : { urls, username: USERNAME, credential: CREDENTIAL };
    running = { child, info, dir };
    log(`turnserver ${child.pid} on ${HOST}:${port}`);
    return info;
  }

  return {
    /** Starts the server if it is not running; resolves with how to reach it. @returns {Promise<TurnInfo>} */
    start() {
      if (running && running.child.exitCode === null) return Promise.resolve(running.info);
      starting ??= launch().finally(() => (starting = undefined));
      return starting;
    },

    /**
     * Freezes (SIGSTOP) or thaws (SIGCONT) the running server: its allocations survive, but
     * while frozen no packet is relayed, like a network path that breaks and comes back.
     * @param {boolean} frozen
     */
    freeze(frozen) {
      if (!running || running.child.exitCode !== null) throw new Error('turnserver is not running');
      running.child.kill(frozen ? 'SIGSTOP' : 'SIGCONT');
    },

    /** Stops the server (by its own pid) and removes its files. */
    async stop() {
      await starting?.catch(() => {});
      const current = running;
      running = undefined;
      if (!current) return;
      const { child, dir } = current;
      if (child.exitCode === null && child.signalCode === null) {
        const gone = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGCONT'); // in case a test left it frozen
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await gone;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
