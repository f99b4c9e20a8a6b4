// A real TURN server (coturn's `turnserver`) for relay-only call tests, on 127.0.0.1 with a
// free port and a static user. Started on demand by a browser test through the
// test-runner route POST /__meshcall/turn (see relay-test-plugin.js), stopped with
// DELETE /__meshcall/turn and when the test runner stops.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, stopChild, tcpListening, waitUntilReady } from '../server/child-server.js';

const HOST = '127.0.0.1';
const USERNAME = 'meshcall';
const CREDENTIAL = 'meshcall-test-secret';

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
    const port = await freePort(HOST, { udp: true });
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
    try {
      await waitUntilReady(child, { name: 'turnserver', timeoutMs: 10_000, ready: () => tcpListening(port, HOST), log, hint: 'apt-get install coturn' });
    } catch (err) {
      rmSync(dir, { recursive: true, force: true });
      throw err;
    }
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
      if (child.exitCode === null) child.kill('SIGCONT'); // in case a test left it frozen
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
