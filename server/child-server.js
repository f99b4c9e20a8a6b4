// Helper server processes (Janus for `npm run janus`; redis-server, coturn, Caddy and
// `npm start` in the tests and scripts): a free port to give one, a start that waits until it
// is ready within a time limit and kills it when it is not, and a stop that ends in SIGKILL.
import { createSocket } from 'node:dgram';
import { connect, createServer } from 'node:net';

/** Output kept for error messages and `output()`, in characters. */
const KEEP_OUTPUT_CHARS = 16_000;

/**
 * A TCP port nothing listens on right now (the OS picks it). Another process may take it
 * before the caller binds it: callers that can, try again on "address in use".
 * @param {string} [host]
 * @param {{ udp?: boolean }} [options] udp: the same port number is free for UDP too (TURN listens on both)
 * @returns {Promise<number>}
 */
export async function freePort(host = '127.0.0.1', { udp = false } = {}) {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, host, () => {
        const address = server.address();
        server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('the OS gave no port'))));
      });
    });
    if (!udp || (await udpFree(port, host))) return /** @type {number} */ (port);
  }
  throw new Error(`no port free for both TCP and UDP on ${host}`);
}

/** @param {number} port @param {string} host @returns {Promise<boolean>} */
function udpFree(port, host) {
  return new Promise((resolve) => {
    const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    socket.once('error', () => resolve(false));
    socket.bind(port, host, () => socket.close(() => resolve(true)));
  });
}

/**
 * One TCP connection attempt: true if something accepts on port.
 * @param {number} port @param {string} [host]
 * @returns {Promise<boolean>}
 */
export function tcpListening(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const socket = connect(port, host);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A helper server exited, could not be spawned, or did not get ready in time; `output` is what it printed. */
export class ChildStartError extends Error {
  /** @param {string} message @param {string} output */
  constructor(message, output) {
    super(output ? `${message}:\n${output}` : message);
    this.name = 'ChildStartError';
    this.output = output;
  }
}

/**
 * @typedef {object} ReadyOptions
 * @property {string} name for messages, e.g. "redis-server"
 * @property {number} timeoutMs how long it may take to get ready
 * @property {(output: string) => boolean | Promise<boolean>} ready checked every pollMs with
 *   the output so far (a pattern in the output, or a probe such as tcpListening)
 * @property {number} [pollMs] default 50
 * @property {(line: string) => void} [log] receives every non-empty line the process prints, also after it is ready
 * @property {string} [hint] added to the message when the process cannot be spawned (e.g. which package to install)
 */

/**
 * Waits until a just-spawned process (stdout/stderr piped) is ready. If it exits first, cannot
 * be spawned, or the time runs out, kills it (SIGKILL), waits until it is gone and rejects
 * with a ChildStartError that carries its output. Its output keeps being read (and logged)
 * for as long as it runs.
 * @param {import('node:child_process').ChildProcess} child
 * @param {ReadyOptions} options
 * @returns {Promise<{ exited: Promise<number | null>, output: () => string }>} exited: its exit code (null when killed or never started)
 */
export async function waitUntilReady(child, { name, timeoutMs, ready, pollMs = 50, log, hint }) {
  let output = '';
  /** @type {string | undefined} */
  let spawnError;
  /** @param {Buffer} chunk */
  const onData = (chunk) => {
    const text = chunk.toString();
    output = (output + text).slice(-KEEP_OUTPUT_CHARS);
    if (log) for (const line of text.split('\n')) if (line.trim()) log(line);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  /** @type {Promise<number | null>} */
  const exited = new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', (err) => {
      spawnError = err.message;
      if (child.pid === undefined) resolve(null); // never started: no 'exit' follows
    });
  });

  let settled = false;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  const failure = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new ChildStartError(`${name} did not get ready within ${timeoutMs} ms`, output)), timeoutMs);
    void exited.then((code) => {
      const why = spawnError ? `could not start (${spawnError})${hint ? `: ${hint}` : ''}` : `exited (code ${code}) before it was ready`;
      reject(new ChildStartError(`${name} ${why}`, output));
    });
  });
  const poll = async () => {
    while (!settled) {
      if (await ready(output)) return;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  };
  try {
    await Promise.race([poll(), failure]);
  } catch (err) {
    child.kill('SIGKILL');
    await exited;
    throw err;
  } finally {
    settled = true;
    clearTimeout(timer);
    failure.catch(() => {}); // an exit after it was ready is the caller's business
  }
  return { exited, output: () => output };
}

/**
 * Stops a child process: `signal` (SIGTERM), then SIGKILL after graceMs; resolves once it is gone.
 * @param {import('node:child_process').ChildProcess} child
 * @param {{ signal?: NodeJS.Signals, graceMs?: number }} [options]
 */
export async function stopChild(child, { signal = 'SIGTERM', graceMs = 3000 } = {}) {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await gone;
  clearTimeout(timer);
}
