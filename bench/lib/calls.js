// Call scenarios in the browser: kit vs baseline in one page, alternating, each run one
// full call (placed, measured, hung up, every side closed) before the next starts.
import { openBenchPage } from './browser.js';
import { median, ratio, round, summarize } from './stats.js';

/**
 * @typedef {import('../pages/bench-page.js').DriverKind} DriverKind
 * @typedef {import('../pages/call-tracker.js').CallTimes} CallTimes
 * @typedef {import('../pages/probe.js').TraceEvent} TraceEvent
 *
 * @typedef {object} CallScenario
 * @property {string} name
 * @property {string} metric what one sample is
 * @property {number} participants
 * @property {[DriverKind, DriverKind, ...DriverKind[]]} kinds [measured, baseline, ...more measured kinds, each also ÷ baseline in `others`;
 *   the peer libraries (PEER_KINDS) go to `peers` instead, with kit ÷ the best of them]
 * @property {number} [ringMs] callees ring this long and times start at accept
 * @property {boolean} frames
 * @property {(times: CallTimes) => number} sample
 * @property {number | undefined} targetRatio
 * @property {string} target
 * @property {boolean} [steps] keep the median time of each signaling step
 *
 * @typedef {object} CallContext
 * @property {import('playwright').Browser} browser
 * @property {string} origin
 * @property {string} signalingUrl
 * @property {string} instrumentScript
 * @property {number} iterations
 * @property {number} warmup untimed calls of each kind first (camera start-up, JIT)
 * @property {number} timeoutMs
 * @property {string} [file] page to open
 * @property {import('../pages/peerjs-calls.js').PeerServerAddress} [peerServer] the local PeerServer, for the `peerjs` kind
 * @property {(line: string) => void} log
 */

/** The other libraries measured beside the kit (issue 18): each row also says kit ÷ the best of them. */
export const PEER_KINDS = /** @type {const} */ (['peerjs', 'simple-peer']);

/** @param {CallScenario} scenario @param {CallContext} ctx */
export async function runCallScenario(scenario, ctx) {
  const [measured, baseline, ...more] = scenario.kinds;
  const isPeer = (/** @type {DriverKind} */ k) => /** @type {readonly string[]} */ (PEER_KINDS).includes(k);
  const extra = more.filter((k) => !isPeer(k));
  const peerKinds = more.filter(isPeer);
  const ring = scenario.ringMs !== undefined ? { ringMs: scenario.ringMs } : {};
  const bench = await openBenchPage(ctx.browser, { origin: ctx.origin, file: ctx.file, instrumentScript: ctx.instrumentScript });
  try {
    await bench.init({
      signalingUrl: ctx.signalingUrl,
      participants: scenario.participants,
      kinds: scenario.kinds,
      ...(ctx.peerServer ? { peerServer: ctx.peerServer } : {}),
    });
    /** @type {Record<string, number[]>} */
    const samples = Object.fromEntries(scenario.kinds.map((k) => [k, /** @type {number[]} */ ([])]));
    /** @type {Record<string, TraceEvent[][]>} */
    const traces = { [measured]: [], [baseline]: [] };
    /** @type {Record<string, Record<string, number>[]>} */
    const sent = { [measured]: [], [baseline]: [] };
    /** @type {Record<string, CallTimes[]>} */
    const times = { [measured]: [], [baseline]: [] };
    for (let i = 0; i < ctx.warmup; i++) {
      for (const kind of scenario.kinds) await bench.run({ kind, frames: scenario.frames, timeoutMs: ctx.timeoutMs, ...ring });
    }
    for (let i = 0; i < ctx.iterations; i++) {
      // Alternate who goes first, so neither side always runs right after the other.
      const order = i % 2 === 0 ? [...scenario.kinds] : [...scenario.kinds].reverse();
      for (const kind of order) {
        const outcome = await bench.run({ kind, frames: scenario.frames, timeoutMs: ctx.timeoutMs, ...ring }).catch((/** @type {unknown} */ error) => {
          // Say whose call it was: with four kinds in one page the tracker's message alone does not.
          throw new Error(`${kind} call ${i + 1}: ${error instanceof Error ? error.message : String(error)}`);
        });
        samples[kind]?.push(scenario.sample(outcome.times));
        if (!traces[kind]) continue;
        traces[kind]?.push(outcome.trace);
        sent[kind]?.push(outcome.sent);
        times[kind]?.push(outcome.times);
      }
      ctx.log(`  ${scenario.name} ${i + 1}/${ctx.iterations}: ${scenario.kinds.map((k) => `${k} ${fmt(samples[k]?.at(-1))} ms`).join(', ')}`);
    }
    const kit = { ...summarize(samples[measured] ?? []), parts: partMedians(times[measured] ?? []) };
    const base = { ...summarize(samples[baseline] ?? []), parts: partMedians(times[baseline] ?? []) };
    const r = ratio(kit.median, base.median);
    return {
      metric: scenario.metric,
      unit: 'ms',
      ratioOf: 'median',
      kit,
      baseline: base,
      ratio: r,
      p95Ratio: ratio(kit.p95, base.p95),
      target: scenario.target,
      meetsTarget: scenario.targetRatio === undefined ? null : r <= scenario.targetRatio,
      ...(extra.length > 0
        ? {
            others: Object.fromEntries(
              extra.map((k) => {
                const summary = summarize(samples[k] ?? []);
                return [k, { kit: summary, ratio: ratio(summary.median, base.median), p95Ratio: ratio(summary.p95, base.p95) }];
              }),
            ),
          }
        : {}),
      ...(peerKinds.length > 0 ? { peers: peerSummary(peerKinds, samples, kit.median, base.median) } : {}),
      ...(scenario.steps
        ? {
            steps: { kit: stepMedians(traces[measured] ?? []), baseline: stepMedians(traces[baseline] ?? []) },
            intervals: { kit: intervalMedians(traces[measured] ?? []), baseline: intervalMedians(traces[baseline] ?? []) },
            framesSentPerCall: { kit: framesPerCall(sent[measured] ?? []), baseline: framesPerCall(sent[baseline] ?? []) },
          }
        : {}),
      ...(bench.errors.length > 0 ? { pageErrors: bench.errors } : {}),
    };
  } finally {
    await bench.close();
  }
}

/**
 * Each peer library's figures (and ÷ the raw baseline), which of them was fastest, and kit ÷ that one.
 * @param {DriverKind[]} kinds
 * @param {Record<string, number[]>} samples
 * @param {number} kitMedian
 * @param {number} baseMedian
 */
function peerSummary(kinds, samples, kitMedian, baseMedian) {
  const byKind = Object.fromEntries(
    kinds.map((k) => {
      const summary = summarize(samples[k] ?? []);
      return [k, { ...summary, ratioToBaseline: ratio(summary.median, baseMedian) }];
    }),
  );
  const best = kinds.reduce((a, b) => ((byKind[b]?.median ?? Infinity) < (byKind[a]?.median ?? Infinity) ? b : a));
  return { ...byKind, best, kitRatio: ratio(kitMedian, byKind[best]?.median ?? Number.NaN) };
}

/**
 * Stretches between two steps of the same call, taken per call and then the median: these
 * say what each side spends where (the medians of single steps come from different calls).
 * @type {[string, string, string][]}
 */
export const INTERVALS = [
  ['A: getUserMedia', 'gUM#0 start', 'gUM#0 done'],
  ['A: camera open → offer on the wire', 'gUM#0 done', 'A → offer'],
  ['relay: offer A → B', 'A → offer', 'B ← offer'],
  ['B: offer received → getUserMedia starts', 'B ← offer', 'gUM#1 start'],
  ['B: getUserMedia', 'gUM#1 start', 'gUM#1 done'],
  ['B: camera open → answer on the wire', 'gUM#1 done', 'B → answer'],
  ['relay: answer B → A', 'B → answer', 'A ← answer'],
  ['A: answer received → remote description set', 'A ← answer', 'pc#0 set remote (answer) done'],
  ['A: first candidate gathered → sent', 'pc#0 first candidate', 'A → candidates'],
  ['B: first candidate gathered → sent', 'pc#1 first candidate', 'B → candidates'],
  ['A: ICE checking → connected', 'pc#0 ice checking', 'pc#0 connected'],
  ['B: ICE checking → connected', 'pc#1 ice checking', 'pc#1 connected'],
];

/**
 * @param {TraceEvent[][]} traces
 * @returns {Record<string, number>} median ms of each interval seen in at least half the calls
 */
export function intervalMedians(traces) {
  /** @type {Record<string, number>} */
  const out = {};
  for (const [name, from, to] of INTERVALS) {
    const spans = traces
      .map((trace) => {
        const a = trace.find((e) => e.what === from);
        const b = trace.find((e) => e.what === to);
        return a && b ? b.t - a.t : undefined;
      })
      .filter((x) => x !== undefined);
    if (spans.length * 2 >= traces.length && spans.length > 0) out[name] = round(median(spans));
  }
  return out;
}

/**
 * Median time (ms since call()) of each step seen in at least half the runs, in time order.
 * @param {TraceEvent[][]} traces
 * @returns {Record<string, number>}
 */
export function stepMedians(traces) {
  /** @type {Map<string, number[]>} */
  const byStep = new Map();
  for (const trace of traces) {
    for (const { what, t } of trace) byStep.set(what, [...(byStep.get(what) ?? []), t]);
  }
  const steps = [...byStep]
    .filter(([, times]) => times.length * 2 >= traces.length)
    .map(([what, times]) => /** @type {[string, number]} */ ([what, round(median(times))]))
    .sort((a, b) => a[1] - b[1]);
  return Object.fromEntries(steps);
}

/**
 * Medians of each part of the call times (all connected, caller's first frame, every frame).
 * @param {CallTimes[]} runs
 * @returns {Record<string, number>}
 */
function partMedians(runs) {
  /** @type {Record<string, number>} */
  const out = {};
  for (const key of /** @type {const} */ (['connectedMs', 'firstFrameMs', 'allFramesMs'])) {
    const values = runs.map((r) => r[key]).filter((v) => v !== undefined);
    if (values.length > 0) out[key] = round(median(values));
  }
  return out;
}

/**
 * Median relay frames sent per call (until it was up), by message type.
 * @param {Record<string, number>[]} runs
 * @returns {Record<string, number>}
 */
function framesPerCall(runs) {
  const types = [...new Set(runs.flatMap((r) => Object.keys(r)))];
  return Object.fromEntries(types.map((type) => [type, median(runs.map((r) => r[type] ?? 0))]));
}

/** @param {number | undefined} value */
function fmt(value) {
  return value === undefined ? '-' : value.toFixed(0);
}
