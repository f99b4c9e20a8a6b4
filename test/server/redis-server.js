// Runs a throwaway redis-server (Debian's package) as a child process on a free 127.0.0.1
// port, with persistence off. Used by the scale-out tests and the browser test plugin.
import { spawn, spawnSync } from 'node:child_process';
import { freePort, stopChild, waitUntilReady } from '../../server/child-server.js';

/** How long redis-server may take to say it is ready. */
const START_TIMEOUT_MS = 10_000;

export const REDIS_SERVER_MISSING = 'redis-server is not on PATH: the scale-out tests need it (Debian: apt-get install redis-server; .ci/run installs it)';

/**
 * @typedef {object} RedisServer
 * @property {number} port
 * @property {string} url
 * @property {() => Promise<void>} stop kills the server (SIGKILL, like a crash) and waits until it is gone
 */

/**
 * Starts redis-server and resolves once it logs "Ready to accept connections".
 * Rejects with REDIS_SERVER_MISSING if it is not installed.
 * @param {{ port?: number }} [options] a fixed port (to restart a server where it was); default: a free one
 * @returns {Promise<RedisServer>}
 */
export async function startRedisServer({ port } = {}) {
  if (spawnSync('redis-server', ['--version']).error) throw new Error(REDIS_SERVER_MISSING);
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOn(port ?? (await freePort()));
    } catch (err) {
      // Another process may have taken the free port between the probe and redis-server.
      const portTaken = /already in use/i.test(String(err));
      if (port !== undefined || !portTaken || attempt >= 3) throw err;
    }
  }
}

/** @param {number} port @returns {Promise<RedisServer>} */
async function startOn(port) {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'notice'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Never leave a redis-server behind, even if the test process ends without stopping it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  await waitUntilReady(child, {
    name: 'redis-server',
    timeoutMs: START_TIMEOUT_MS,
    ready: (output) => output.includes('Ready to accept connections'),
  });
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop: () => stopChild(child, { signal: 'SIGKILL' }),
  };
}
