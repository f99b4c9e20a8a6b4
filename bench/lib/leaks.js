// Leaks: many sequential 1:1 calls (connect, frames on both sides, hang up) in one page,
// reading live connections, live tracks, pending timers and the JS heap (after a forced
// GC) at a few checkpoints. Kit and baseline each get a fresh page.
import { openBenchPage } from './browser.js';
import { ratio, round } from './stats.js';

/**
 * @typedef {object} Checkpoint
 * @property {number} call
 * @property {number} openPeerConnections
 * @property {number} retainedPeerConnections
 * @property {number} liveTracks
 * @property {number} pendingTimers
 * @property {number} heapUsedBytes
 * @property {number} settleMs how long pending timers took to finish after the hang-up (capped)
 * @property {string[]} timers what the pending timers are and who set them
 */

/** @param {number} calls @returns {number[]} e.g. 1, 50, 100 */
export function checkpointsFor(calls) {
  return [...new Set([1, Math.ceil(calls / 2), calls])];
}

/**
 * @param {import('./calls.js').CallContext} ctx
 * @param {number} calls
 */
export async function runLeaks(ctx, calls) {
  const checkpoints = checkpointsFor(calls);
  const kit = await leakRun(ctx, 'kit', calls, checkpoints);
  const baseline = await leakRun(ctx, 'baseline', calls, checkpoints);
  return {
    metric: `JS heap after ${calls} sequential 1:1 calls and a forced GC`,
    unit: 'bytes',
    ratioOf: 'heapUsedBytes',
    calls,
    checkpoints,
    kit,
    baseline,
    ratio: ratio(kit.heapUsedBytes, baseline.heapUsedBytes),
    target: 'flat: no open connections, live tracks or pending timers at rest; heap not growing per call',
    meetsTarget: kit.flat,
  };
}

/**
 * @param {import('./calls.js').CallContext} ctx
 * @param {'kit' | 'baseline'} kind
 * @param {number} calls
 * @param {number[]} checkpoints
 */
async function leakRun(ctx, kind, calls, checkpoints) {
  const bench = await openBenchPage(ctx.browser, { origin: ctx.origin, instrumentScript: ctx.instrumentScript, probe: { timerSources: true } });
  try {
    await bench.init({ signalingUrl: ctx.signalingUrl, participants: 2, kinds: [kind] });
    /** @type {Checkpoint[]} */
    const after = [];
    const started = performance.now();
    for (let call = 1; call <= calls; call++) {
      await bench.run({ kind, frames: true, timeoutMs: ctx.timeoutMs });
      if (!checkpoints.includes(call)) continue;
      const { counters, timers, heapUsedBytes, settleMs } = await bench.measureAtRest();
      if (!counters) throw new Error('the page has no probe');
      const point = {
        call,
        openPeerConnections: counters.openPeerConnections,
        retainedPeerConnections: counters.retainedPeerConnections,
        liveTracks: counters.liveTracks,
        pendingTimers: counters.pendingTimers,
        heapUsedBytes,
        settleMs,
        timers: timers.map((t) => `${t.kind} ${t.delay} ms${t.source ? ` from ${t.source}` : ''}`),
      };
      after.push(point);
      ctx.log(
        `  leaks ${kind} after call ${call}: ${point.openPeerConnections} open pcs, ${point.retainedPeerConnections} retained, ` +
          `${point.liveTracks} live tracks, ${point.pendingTimers} timers, heap ${(heapUsedBytes / 1e6).toFixed(2)} MB`,
      );
    }
    const first = /** @type {Checkpoint} */ (after[0]);
    const last = /** @type {Checkpoint} */ (after.at(-1));
    // Growth over the second half: the first calls also warm up JIT code and caches.
    const from = /** @type {Checkpoint} */ (after.length >= 3 ? after.at(-2) : first);
    const heapGrowthPerCallBytes = last.call > from.call ? Math.round((last.heapUsedBytes - from.heapUsedBytes) / (last.call - from.call)) : 0;
    const countersFlat = after.every((p) => p.openPeerConnections === 0 && p.liveTracks === 0 && p.pendingTimers === first.pendingTimers);
    return {
      after,
      openPeerConnections: last.openPeerConnections,
      retainedPeerConnections: last.retainedPeerConnections,
      liveTracks: last.liveTracks,
      pendingTimers: last.pendingTimers,
      heapUsedBytes: last.heapUsedBytes,
      /** from the middle checkpoint to the last */
      heapGrowthPerCallBytes,
      /** Growth under 4 KB per call counts as flat (V8 heap numbers wobble by tens of KB). */
      flat: countersFlat && heapGrowthPerCallBytes < 4096,
      secondsPerCall: round((performance.now() - started) / 1000 / calls, 2),
      ...(bench.errors.length > 0 ? { pageErrors: bench.errors } : {}),
    };
  } finally {
    await bench.close();
  }
}
