// Relay throughput and latency: N concurrent pairs of real `ws` clients on localhost, each
// sender keeping a fixed window of messages in flight to its receiver (closed loop: the
// load adapts to the server instead of flooding it). Bounded per pair by a message count
// and a time limit, whichever comes first. The server runs in a child process.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { percentile, ratio, round } from './stats.js';

const SERVER = fileURLToPath(new URL('../relay-server.js', import.meta.url));
/** About the size of an `iceCandidates` message with a couple of candidates. */
const PAYLOAD = 'x'.repeat(400);

/**
 * @typedef {object} LoadOptions
 * @property {number[]} pairs pair counts to try, e.g. [1, 10, 50]
 * @property {number} messagesPerPair
 * @property {number} maxMs per pair count
 * @property {number} window messages in flight per pair
 * @property {number} rounds runs per pair count and server (alternating); the median round is reported
 *
 * @typedef {object} LoadResult
 * @property {number} pairs
 * @property {number} messages delivered
 * @property {number} seconds
 * @property {number} perSecond
 * @property {number} p50Ms
 * @property {number} p99Ms
 * @property {number} errors error frames from the server
 * @property {number} [rounds] how many rounds the reported one is the median of
 */

/** @param {'relay' | 'bare'} kind @returns {Promise<{ wsUrl: string, stop: () => Promise<void> }>} */
async function startServer(kind) {
  const child = fork(SERVER, [kind], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const wsUrl = await new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(/** @type {{ wsUrl: string }} */ (m).wsUrl));
    child.once('exit', (code) => reject(new Error(`${kind} server exited with code ${code}`)));
  });
  return {
    wsUrl,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}

/** @param {string} url @returns {Promise<WebSocket>} */
function open(url) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/**
 * @param {string} wsUrl
 * @param {number} pairs
 * @param {LoadOptions} options
 * @returns {Promise<LoadResult>}
 */
async function load(wsUrl, pairs, { messagesPerPair, maxMs, window }) {
  const tag = Math.random().toString(36).slice(2, 8);
  const sockets = await Promise.all(Array.from({ length: pairs * 2 }, (_, i) => open(`${wsUrl}?user=${i % 2 ? 'rx' : 'tx'}${i >> 1}-${tag}`)));
  /** @type {number[]} */
  const latencies = [];
  let errors = 0;
  const started = performance.now();
  let finishedAt = started;
  /** @type {NodeJS.Timeout | undefined} */
  let deadline;
  const gaveUp = new Promise((_, reject) => {
    deadline = setTimeout(() => reject(new Error(`${pairs} pair(s): messages still undelivered ${maxMs + 10_000} ms after the start`)), maxMs + 10_000);
  });
  const delivered = Promise.all(
    Array.from({ length: pairs }, (_, p) => {
      const tx = /** @type {WebSocket} */ (sockets[2 * p]);
      const rx = /** @type {WebSocket} */ (sockets[2 * p + 1]);
      const to = `rx${p}-${tag}`;
      /** @type {number[]} */
      const sentAt = [];
      let delivered = 0;
      const send = () => {
        const seq = sentAt.length;
        sentAt.push(performance.now());
        tx.send(JSON.stringify({ to, msg: { type: 'iceCandidates', seq, payload: PAYLOAD } }));
      };
      tx.on('message', () => (errors += 1)); // only error frames come back to a sender
      return new Promise((resolve) => {
        rx.on('message', (data) => {
          const now = performance.now();
          const { msg } = JSON.parse(data.toString());
          latencies.push(now - /** @type {number} */ (sentAt[msg.seq]));
          delivered += 1;
          finishedAt = Math.max(finishedAt, now);
          const more = sentAt.length < messagesPerPair && now - started < maxMs;
          if (more) send();
          else if (delivered === sentAt.length) resolve(undefined);
        });
        for (let i = 0; i < Math.min(window, messagesPerPair); i++) send();
      });
    }),
  );
  try {
    await Promise.race([delivered, gaveUp]);
  } finally {
    clearTimeout(deadline);
  }
  await Promise.all(
    sockets.map(
      (ws) =>
        new Promise((resolve) => {
          ws.once('close', resolve);
          ws.close();
        }),
    ),
  );
  const seconds = (finishedAt - started) / 1000;
  return {
    pairs,
    messages: latencies.length,
    seconds: round(seconds, 2),
    perSecond: Math.round(latencies.length / seconds),
    p50Ms: round(percentile(latencies, 50), 2),
    p99Ms: round(percentile(latencies, 99), 2),
    errors,
  };
}

/**
 * The round with the median throughput (its own p99 goes with it, so the figures belong together).
 * @param {LoadResult[]} rounds
 * @returns {LoadResult}
 */
function medianRound(rounds) {
  const sorted = [...rounds].sort((a, b) => a.perSecond - b.perSecond);
  return { .../** @type {LoadResult} */ (sorted[Math.floor((sorted.length - 1) / 2)]), rounds: rounds.length };
}

/** @param {LoadOptions} options @param {(line: string) => void} log */
export async function runRelayLoad(options, log) {
  /** @type {Record<'relay' | 'bare', LoadResult[]>} */
  const results = { relay: [], bare: [] };
  const servers = { relay: await startServer('relay'), bare: await startServer('bare') };
  try {
    for (const pairs of options.pairs) {
      /** @type {Record<'relay' | 'bare', LoadResult[]>} */
      const rounds = { relay: [], bare: [] };
      // Alternate servers round by round so both see the (shared, noisy) machine alike.
      for (let round = 0; round < options.rounds; round++) {
        /** @type {('relay' | 'bare')[]} */
        const order = round % 2 ? ['bare', 'relay'] : ['relay', 'bare'];
        for (const kind of order) {
          const result = await load(servers[kind].wsUrl, pairs, options);
          rounds[kind].push(result);
          log(`  relay ${kind} ${pairs} pair(s), round ${round + 1}: ${result.perSecond} msg/s, p99 ${result.p99Ms} ms`);
        }
      }
      for (const kind of /** @type {const} */ (['relay', 'bare'])) results[kind].push(medianRound(rounds[kind]));
    }
  } finally {
    await Promise.all([servers.relay.stop(), servers.bare.stop()]);
  }
  const side = (/** @type {LoadResult[]} */ list) => {
    const top = /** @type {LoadResult} */ (list.at(-1));
    return { byPairs: list, pairs: top.pairs, perSecond: top.perSecond, p99Ms: top.p99Ms };
  };
  const kit = side(results.relay);
  const baseline = side(results.bare);
  return {
    metric: `p99 latency with ${kit.pairs} concurrent pairs (${options.window} messages in flight per pair)`,
    unit: 'ms',
    ratioOf: 'p99Ms',
    settings: options,
    kit,
    baseline,
    ratio: ratio(kit.p99Ms, baseline.p99Ms),
    throughputRatio: ratio(kit.perSecond, baseline.perSecond),
    target: "report only (the relay's own cost over a bare forwarder)",
    meetsTarget: null,
  };
}
