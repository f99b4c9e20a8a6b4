// `npm run bench`: the kit against raw WebRTC on this machine, in one run. Prints a table
// (median, p95, kit/baseline ratio, target) and writes the same as JSON. Numbers only:
// a benchmark never fails on timing. It exits non-zero only if a scenario could not run
// at all (a call that never connects is a bug, not a slow result).
//
//   npm run bench                         20 iterations per scenario, bench/results.json
//   npm run bench -- --iterations 1       the smoke run (npm test runs it)
//   node bench/run.js --only setup,size --out /tmp/r.json
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startRelay } from '../server/relay.js';
import { launchBrowser } from './lib/browser.js';
import { ROOT, buildPages, findElementsEntry, ELEMENTS_ENTRIES } from './lib/build.js';
import { PEER_KINDS, runCallScenario } from './lib/calls.js';
import { runLeaks } from './lib/leaks.js';
import { startPeerServer } from './lib/peer-server.js';
import { runRelayLoad } from './lib/relay-load.js';
import { formatIntervals, formatReport, formatSteps } from './lib/report.js';
import { runSize } from './lib/size.js';
import { compareSfuToMesh, runSfuScenario, sfuUnavailable, startSfuLab } from './lib/sfu.js';
import { round } from './lib/stats.js';

const SCENARIOS = ['setup', 'firstFrame', 'acceptToFrame', 'mesh', 'leaks', 'elements', 'size', 'relay', 'sfu4', 'sfu8'];
/** Conference mode (a page per person, Janus in a network namespace): only when named in a smoke run. */
const SFU_SCENARIOS = ['sfu4', 'sfu8'];
/**
 * Every camera's format in sfu4/sfu8 unless --sfu-video says otherwise, the Janus tests' own:
 * eight publishers and 56 decoders (and a 4-mesh's twelve encoders) have to fit 2 shared cores,
 * or the encoders' CPU limit, not the topology, sets the upload (measured at 640x480 and load
 * ~30: mesh and SFU sent the same bytes/s).
 */
const SFU_VIDEO = '160x120@10';
/** How long a callee rings in acceptToFrame before it accepts: long enough for 'connect' to finish ICE/DTLS. */
const RING_MS = 1000;

const { values } = parseArgs({
  options: {
    iterations: { type: 'string', default: '20' },
    out: { type: 'string', default: path.join(ROOT, 'bench/results.json') },
    only: { type: 'string' },
    'leak-calls': { type: 'string' },
    quiet: { type: 'boolean', default: false },
    'no-peers': { type: 'boolean', default: false },
    'sfu-video': { type: 'string', default: SFU_VIDEO },
  },
});

const iterations = Math.max(1, Number.parseInt(values.iterations ?? '20', 10) || 20);
/** Fewer than 5 iterations is a smoke run: every scenario, but small. */
const smoke = iterations < 5;
// A smoke run (npm test) leaves conference mode out unless --only names it: its calls of 4 and 8 pages
// would add a minute to a suite already over its budget.
const only = values.only ? values.only.split(',').map((s) => s.trim()) : SCENARIOS.filter((s) => !smoke || !SFU_SCENARIOS.includes(s));
const unknown = only.filter((s) => !SCENARIOS.includes(s));
if (unknown.length > 0) {
  console.error(`unknown scenario(s): ${unknown.join(', ')}; choose from ${SCENARIOS.join(', ')}`);
  process.exit(2);
}
/** `WxH@fps`, or `default` for the kit's own camera format. */
const sfuVideoMatch = /^(\d+)x(\d+)@(\d+)$/.exec(values['sfu-video'] ?? SFU_VIDEO);
if (!sfuVideoMatch && values['sfu-video'] !== 'default') {
  console.error(`--sfu-video: expected WxH@fps (e.g. ${SFU_VIDEO}) or default, got ${values['sfu-video']}`);
  process.exit(2);
}
const sfuVideo = sfuVideoMatch ? { width: Number(sfuVideoMatch[1]), height: Number(sfuVideoMatch[2]), frameRate: Number(sfuVideoMatch[3]) } : undefined;
const leakCalls = values['leak-calls'] ? Math.max(1, Number.parseInt(values['leak-calls'], 10) || 1) : smoke ? 3 : 100;
/**
 * Which scenarios also run PeerJS and simple-peer: setup, firstFrame and mesh; in a smoke run
 * only setup (two 1:1 calls each keep them from rotting; their mesh calls would add seconds).
 * @param {string} name
 * @returns {import('./lib/calls.js').DriverKind[]}
 */
const peersIn = (name) => (values['no-peers'] || (smoke && name !== 'setup') ? [] : [...PEER_KINDS]);
const runsPeers = ['setup', 'firstFrame', 'mesh'].some((name) => only.includes(name) && peersIn(name).length > 0);
/** @param {string} line */
const log = (line) => {
  if (!values.quiet) console.log(line);
};

/** @type {Record<string, unknown>} */
const results = {
  meta: {
    date: new Date().toISOString(),
    iterations,
    warmup: smoke ? 0 : 1,
    node: process.version,
    cpus: os.cpus().length,
    /** The machine may be shared: its load before the run, to judge the noise. */
    loadAverage: os.loadavg().map((l) => round(l, 2)),
  },
};
let failed = false;

/** @param {string} name @param {() => Promise<unknown>} task */
async function scenario(name, task) {
  if (!only.includes(name)) return;
  log(`${name}…`);
  const started = performance.now();
  try {
    results[name] = await task();
  } catch (error) {
    failed = true;
    const message = error instanceof Error ? error.message : String(error);
    results[name] = { error: message };
    console.error(`${name} failed: ${message}`);
  }
  log(`${name} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

const browserScenarios = ['setup', 'firstFrame', 'acceptToFrame', 'mesh', 'leaks', 'elements'];
const sfuWanted = SFU_SCENARIOS.filter((s) => only.includes(s));
const sfuMissing = sfuWanted.length > 0 ? sfuUnavailable() : undefined;
const pages = only.some((s) => browserScenarios.includes(s)) || (sfuWanted.length > 0 && !sfuMissing) ? await buildPages() : undefined;
if (pages && only.some((s) => browserScenarios.includes(s))) {
  const relay = await startRelay({ port: 0, host: '127.0.0.1', staticDir: pages.dir, log: () => {} });
  const browser = await launchBrowser();
  const peerServer = runsPeers ? await startPeerServer() : undefined;
  /** @type {import('./lib/calls.js').CallContext} */
  const ctx = {
    browser,
    origin: relay.httpUrl,
    signalingUrl: relay.wsUrl,
    instrumentScript: pages.instrumentScript,
    iterations,
    warmup: smoke ? 0 : 1,
    timeoutMs: 30_000,
    log,
    ...(peerServer ? { peerServer: peerServer.address } : {}),
  };
  try {
    await scenario('setup', () =>
      runCallScenario(
        {
          name: 'setup',
          metric: '1:1, call() → both sides connected',
          participants: 2,
          kinds: ['kit', 'baseline', ...peersIn('setup')],
          frames: false,
          sample: (t) => t.connectedMs,
          targetRatio: 0.9,
          target: '≤ 0.90× raw (camera and SDP overlap)',
          steps: true,
        },
        ctx,
      ),
    );
    await scenario('firstFrame', () =>
      runCallScenario(
        {
          name: 'firstFrame',
          metric: '1:1, call() → first decoded remote video frame at the caller (requestVideoFrameCallback)',
          participants: 2,
          kinds: ['kit', 'baseline', ...peersIn('firstFrame')],
          frames: true,
          sample: (t) => t.firstFrameMs ?? Number.NaN,
          targetRatio: 1.05,
          target: '≤ 1.05× raw',
        },
        ctx,
      ),
    );
    await scenario('acceptToFrame', async () => {
      const result = /** @type {any} */ (
        await runCallScenario(
          {
            name: 'acceptToFrame',
            metric: `1:1, the callee rings ${RING_MS} ms, then accept() → first decoded remote video frame at the caller; kit prepareWhileRinging 'local' (and 'connect' in "connect") vs raw code that does nothing until accept`,
            participants: 2,
            kinds: ['kit', 'baseline', 'kit-connect', 'kit-selfview', 'baseline-connect'],
            frames: true,
            ringMs: RING_MS,
            sample: (t) => t.firstFrameMs ?? Number.NaN,
            targetRatio: 0.95,
            target: "'local' ≤ 0.95× raw cold",
          },
          ctx,
        )
      );
      const { others, ...local } = result;
      const connect = others['kit-connect'];
      return {
        ...local,
        connect: { ...connect, target: "'connect' ≤ 0.80× raw cold", meetsTarget: connect.ratio <= 0.8 },
        // Not a target of its own: the case the issue measured at 0.69× with raw code (a pre-join self-view's camera already open at accept).
        selfView: { ...others['kit-selfview'], target: 'report only', meetsTarget: null },
        // Raw code that connects while it rings: what 'connect' could gain on this machine.
        rawConnect: { ...others['baseline-connect'], target: 'reference', meetsTarget: null },
      };
    });
    await scenario('mesh', () =>
      runCallScenario(
        {
          name: 'mesh',
          metric: '4-way mesh, first call() → 6 connections up and 12 remote videos with a frame',
          participants: 4,
          kinds: ['kit', 'baseline', ...peersIn('mesh')],
          frames: true,
          sample: (t) => Math.max(t.connectedMs, t.allFramesMs ?? Number.NaN),
          targetRatio: 1.15,
          target: '≤ 1.15× raw',
        },
        { ...ctx, timeoutMs: 45_000 },
      ),
    );
    await scenario('leaks', () => runLeaks(ctx, leakCalls));
    await scenario('elements', async () => {
      if (!pages.hasElements) {
        throw new Error(`components are not built yet: none of ${ELEMENTS_ENTRIES.join(', ')} exists`);
      }
      return runCallScenario(
        {
          name: 'elements',
          metric: '1:1 through <call-session>/<call-controls> clicks (Call, then Accept) → both connected; baseline: the kit API',
          participants: 2,
          kinds: ['elements', 'kit'],
          frames: false,
          sample: (t) => t.connectedMs,
          targetRatio: 1.25,
          target: '≤ 1.25× the kit API',
          steps: true,
        },
        { ...ctx, file: 'elements.html' },
      );
    });
  } finally {
    await browser.close();
    await peerServer?.close();
    await relay.close();
  }
}

if (sfuMissing) {
  console.log(`${sfuWanted.join(', ')}: skipped, ${sfuMissing}`);
  for (const name of sfuWanted) results[name] = { skipped: sfuMissing };
} else if (pages && sfuWanted.length > 0) {
  /** @type {import('./lib/sfu.js').SfuLab | undefined} */
  let lab;
  try {
    lab = await startSfuLab(pages.dir);
  } catch (error) {
    failed = true;
    const message = `Janus and Chromium did not start in their network namespace: ${error instanceof Error ? error.message : String(error)}`;
    console.error(message);
    for (const name of sfuWanted) results[name] = { error: message };
  }
  if (lab) {
    const sfuLab = lab;
    /** @type {import('./lib/sfu.js').SfuContext} */
    const sfuCtx = { iterations, warmup: smoke ? 0 : 1, timeoutMs: 120_000, instrumentScript: pages.instrumentScript, log };
    try {
      await scenario('sfu4', async () =>
        compareSfuToMesh(
          await runSfuScenario(
            {
              name: 'sfu4',
              metric:
                "4 people, a page each: call() → everyone decodes everyone (setup), then each person's upload (outbound-rtp bytesSent, audio + video) and CPU over the window; mesh vs the same call through Janus",
              people: 4,
              topologies: ['mesh', 'sfu'],
              video: sfuVideo,
            },
            sfuLab,
            sfuCtx,
          ),
        ),
      );
      await scenario('sfu8', async () => ({
        ...(await runSfuScenario(
          {
            name: 'sfu8',
            metric:
              '8 people through Janus, a page each: call() → everyone decodes everyone (setup), then CPU per page and of Janus, and upload, over the window',
            people: 8,
            topologies: ['sfu'],
            video: sfuVideo,
          },
          sfuLab,
          sfuCtx,
        )),
        target: 'report only',
        meetsTarget: null,
      }));
    } finally {
      await sfuLab.stop();
    }
  }
}
await pages?.dispose();
if (smoke && !values.only) console.log(`${SFU_SCENARIOS.join(', ')}: not in a smoke run (--iterations below 5) unless --only names them`);

await scenario('size', () => runSize());
await scenario('relay', () =>
  runRelayLoad(
    smoke
      ? { pairs: [1, 5], messagesPerPair: 200, maxMs: 500, window: 16, rounds: 1 }
      : { pairs: [1, 10, 50], messagesPerPair: 2000, maxMs: 5000, window: 16, rounds: 3 },
    log,
  ),
);

const meta = /** @type {{ loadAverage: number[], loadAverageAfter?: number[] }} */ (results.meta);
meta.loadAverageAfter = os.loadavg().map((l) => round(l, 2));
await writeFile(values.out ?? '', `${JSON.stringify(results, null, 2)}\n`);
console.log(
  `\nmeshcall bench — ${iterations} iteration(s) per scenario, ${os.cpus().length} cpu(s), ` +
    `load average ${meta.loadAverage.join(' ')} before, ${meta.loadAverageAfter.join(' ')} after\n`,
);
console.log(formatReport(results));
if (!values.quiet) {
  const setup = /** @type {any} */ (results.setup);
  if (setup?.steps) {
    console.log(`\nsetup, step by step (A calls, B answers; pc#0 is A's connection):\n${formatSteps(setup.steps)}`);
    console.log(`\n${formatIntervals(setup)}`);
  }
  const elements = /** @type {any} */ (results.elements);
  if (elements?.steps) {
    console.log(`\nelements, step by step:\n${formatSteps(elements.steps, ['elements', 'kit API'])}`);
    console.log(`\n${formatIntervals(elements, ['elements', 'kit API'])}`);
  }
}
if (only.includes('elements') && !findElementsEntry()) console.log('\nelements: components/ has no entry that defines all tags yet.');
console.log(`\nwritten to ${path.relative(process.cwd(), values.out ?? '') || values.out}`);
process.exit(failed ? 1 : 0);
