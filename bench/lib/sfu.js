// Conference mode in the bench (issue 17): the same 4-person call as a mesh and through the SFU,
// and an 8-person SFU call. Each person is a page of its own (its own browser context, so its own
// renderer process: its upload and CPU are one person's), all in one headless Chromium. Janus, the
// relay (serving the bench pages) and that Chromium run in a network namespace, exactly as the
// Janus tests run them (test/server/janus-netns.js): Janus offers ICE candidates only on the
// namespace's one address, so media never leaves it. Janus starts on a free port and stops at the end.
import { existsSync } from 'node:fs';
import { JANUS_BINARY } from '../../server/janus/launcher.js';
import { processCpuSeconds, startJanusNetns } from '../../test/server/janus-netns.js';
import { median, ratio, round, summarize } from './stats.js';

/** How long upload and CPU are measured once everyone decodes everyone. */
export const MEASURE_WINDOW_MS = 5000;
const ROLES = 'ABCDEFGHIJKL';

/** @returns {string | undefined} why conference mode cannot be benched here (no Janus), or nothing */
export function sfuUnavailable() {
  return existsSync(JANUS_BINARY) ? undefined : `${JANUS_BINARY} not found: install Janus (Debian: apt-get install janus) to bench conference mode`;
}

/**
 * @typedef {'mesh' | 'sfu'} Topology
 *
 * @typedef {object} SfuScenario
 * @property {string} name
 * @property {string} metric
 * @property {number} people
 * @property {Topology[]} topologies measured in each iteration, the order flipping each time
 * @property {{ width: number, height: number, frameRate: number } | undefined} video every camera's format (undefined: the kit's default)
 *
 * @typedef {object} SfuLab
 * @property {import('../../test/server/janus-netns.js').JanusNetns} netns
 * @property {import('playwright').Browser} browser
 * @property {import('playwright').CDPSession} cdp the browser's own CDP session (SystemInfo.getProcessInfo)
 * @property {() => Promise<void>} stop
 *
 * @typedef {object} SfuContext
 * @property {number} iterations
 * @property {number} warmup
 * @property {number} timeoutMs
 * @property {string} instrumentScript
 * @property {(line: string) => void} log
 */

/**
 * Janus, the relay serving `pagesDir` and Chromium, in their network namespace.
 * @param {string} pagesDir
 * @returns {Promise<SfuLab>}
 */
export async function startSfuLab(pagesDir) {
  const netns = await startJanusNetns({ staticDir: pagesDir });
  try {
    const browser = await netns.launchChromium();
    const cdp = await browser.newBrowserCDPSession();
    return { netns, browser, cdp, stop: () => netns.stop() };
  } catch (error) {
    await netns.stop();
    throw error;
  }
}

/**
 * CPU seconds of every Chromium process (SystemInfo.getProcessInfo) and of Janus, now.
 * @param {SfuLab} lab
 */
async function cpuNow(lab) {
  const { processInfo } = /** @type {{ processInfo: { type: string, id: number, cpuTime: number }[] }} */ (await lab.cdp.send('SystemInfo.getProcessInfo'));
  return { at: performance.now(), chromium: processInfo, janus: processCpuSeconds(lab.netns.janusPid) };
}

/**
 * Share of one core each process used between two readings. The `people` busiest renderer
 * processes are the call's pages (one per person); the others are Chromium's idle spare renderers.
 * @param {Awaited<ReturnType<typeof cpuNow>>} a
 * @param {Awaited<ReturnType<typeof cpuNow>>} b
 * @param {number} people
 */
function cpuShares(a, b, people) {
  const seconds = (b.at - a.at) / 1000;
  const before = new Map(a.chromium.map((p) => [p.id, p.cpuTime]));
  const used = b.chromium.map((p) => ({ type: p.type, share: (p.cpuTime - (before.get(p.id) ?? 0)) / seconds }));
  const renderers = used
    .filter((p) => p.type === 'renderer')
    .map((p) => p.share)
    .sort((x, y) => y - x);
  const other = (/** @type {string} */ type) => used.filter((p) => p.type === type).reduce((sum, p) => sum + p.share, 0);
  return {
    pages: renderers.slice(0, people),
    browser: other('browser'),
    gpu: other('GPU'),
    others: used.filter((p) => !['renderer', 'browser', 'GPU'].includes(p.type)).reduce((sum, p) => sum + p.share, 0),
    janus: (b.janus - a.janus) / seconds,
  };
}

/**
 * Runs one scenario: `people` pages, a client per topology in each, then per iteration one call
 * of each topology: setup (the caller's call() → every page has every other person connected
 * and showing a frame), then upload and CPU over MEASURE_WINDOW_MS, then everyone hangs up.
 * @param {SfuScenario} scenario
 * @param {SfuLab} lab
 * @param {SfuContext} ctx
 */
export async function runSfuScenario(scenario, lab, ctx) {
  const { netns, browser } = lab;
  /** @type {import('playwright').Page[]} */
  const pages = [];
  /** @type {string[]} */
  const errors = [];
  try {
    // One at a time: many pages loading at once on a busy 2-core machine time out.
    for (let i = 0; i < scenario.people; i++) {
      const page = await (await browser.newContext()).newPage();
      page.on('pageerror', (error) => errors.push(error.message));
      await page.addInitScript({ content: ctx.instrumentScript });
      await page.goto(`${netns.relayHttpUrl}/person.html`, { timeout: ctx.timeoutMs });
      await page.waitForFunction(() => typeof globalThis.window.benchPerson?.call === 'function', undefined, { timeout: ctx.timeoutMs });
      pages.push(page);
    }
    const suffix = Math.random().toString(36).slice(2, 8);
    /** @type {Record<string, string[]>} */
    const users = {};
    for (const topology of scenario.topologies) {
      // Same prefix and suffix for everyone in a call, so IDs sort in role order.
      const ids = pages.map((_, i) => `${topology}-${ROLES[i]}-${suffix}`);
      users[topology] = ids;
      const config = {
        topology,
        ...(topology === 'sfu' ? { sfuUrl: netns.janusUrl, sfuAdminKey: netns.adminKey } : {}),
        ...(scenario.video ? { video: scenario.video } : {}),
      };
      await Promise.all(
        pages.map((page, i) =>
          page.evaluate(
            ([kind, user, url, c]) => globalThis.window.benchPerson.connect(kind, user, url, c),
            /** @type {const} */ ([topology, ids[i] ?? '', netns.relayUrl, config]),
          ),
        ),
      );
    }

    /** @param {Topology} topology */
    const oneCall = async (topology) => {
      const ids = users[topology] ?? [];
      const call = (/** @type {number} */ i) => ({ kind: topology, others: ids.filter((_, j) => j !== i), timeoutMs: ctx.timeoutMs });
      try {
        await Promise.all(pages.slice(1).map((page, i) => page.evaluate((c) => globalThis.window.benchPerson.expect(c), call(i + 1))));
        const placed = await /** @type {import('playwright').Page} */ (pages[0]).evaluate((c) => globalThis.window.benchPerson.call(c), call(0));
        const ready = await Promise.all(
          pages.map((page, i) =>
            page
              .evaluate(() => globalThis.window.benchPerson.done())
              .catch((/** @type {unknown} */ error) => {
                throw new Error(`${ids[i]}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
              }),
          ),
        );
        const setupMs = Math.max(...ready) - placed;
        const upload = () => Promise.all(pages.map((page) => page.evaluate(() => globalThis.window.benchPerson.uploadBytes())));
        const [sent0, cpu0] = await Promise.all([upload(), cpuNow(lab)]);
        await new Promise((resolve) => setTimeout(resolve, MEASURE_WINDOW_MS));
        const [sent1, cpu1] = await Promise.all([upload(), cpuNow(lab)]);
        const uploadBytesPerSecond = sent1.map((b, i) => ((b.bytes - (sent0[i]?.bytes ?? 0)) * 1000) / (b.at - (sent0[i]?.at ?? 0)));
        return { setupMs, uploadBytesPerSecond, cpu: cpuShares(cpu0, cpu1, scenario.people) };
      } finally {
        await Promise.all(pages.map((page) => page.evaluate((t) => globalThis.window.benchPerson.hangUp(t), ctx.timeoutMs)));
      }
    };

    for (let i = 0; i < ctx.warmup; i++) for (const topology of scenario.topologies) await oneCall(topology);
    /** @type {Record<string, Awaited<ReturnType<typeof oneCall>>[]>} */
    const runs = Object.fromEntries(scenario.topologies.map((t) => [t, []]));
    /** @type {string[]} */
    const retried = [];
    for (let i = 0; i < ctx.iterations; i++) {
      const order = i % 2 === 0 ? [...scenario.topologies] : [...scenario.topologies].reverse();
      for (const topology of order) {
        const what = (/** @type {unknown} */ error) => `${topology} call ${i + 1}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
        // A call that fails is placed once more (the loaded machine starves Janus's replies now
        // and then); the failure is kept in `retried`. A second failure ends the scenario.
        const run = await oneCall(topology).catch(async (/** @type {unknown} */ error) => {
          retried.push(what(error));
          ctx.log(`  ${scenario.name}: ${what(error)}; placing it again`);
          return oneCall(topology).catch((/** @type {unknown} */ again) => {
            throw new Error(`${what(again)} (and before: ${what(error)})`);
          });
        });
        runs[topology]?.push(run);
        ctx.log(
          `  ${scenario.name} ${i + 1}/${ctx.iterations} ${topology}: setup ${run.setupMs.toFixed(0)} ms, upload/person ` +
            `${(median(run.uploadBytesPerSecond) / 1000).toFixed(0)} kB/s, CPU/page ${(median(run.cpu.pages) * 100).toFixed(0)} %, Janus ${(run.cpu.janus * 100).toFixed(0)} %`,
        );
      }
    }
    return {
      metric: scenario.metric,
      people: scenario.people,
      video: scenario.video ?? "the kit's default",
      windowMs: MEASURE_WINDOW_MS,
      ...Object.fromEntries(scenario.topologies.map((t) => [t, summarizeRuns(runs[t] ?? [])])),
      retried,
      ...(errors.length > 0 ? { pageErrors: errors } : {}),
    };
  } finally {
    await Promise.all(
      pages.map((page) =>
        page
          .context()
          .close()
          .catch(() => {}),
      ),
    );
  }
}

/**
 * Setup times, upload per person (every person of every call), CPU per page (share of one core,
 * every page of every call), the browser process, GPU, other Chromium processes and Janus.
 * @param {{ setupMs: number, uploadBytesPerSecond: number[], cpu: ReturnType<typeof cpuShares> }[]} runs
 */
function summarizeRuns(runs) {
  const share = (/** @type {number[]} */ values) => summarize(values.map((v) => round(v * 100, 1)));
  return {
    setupMs: summarize(runs.map((r) => r.setupMs)),
    uploadBytesPerSecond: summarize(runs.flatMap((r) => r.uploadBytesPerSecond.map((b) => Math.round(b)))),
    cpuPercentOfOneCore: {
      perPage: share(runs.flatMap((r) => r.cpu.pages)),
      browserProcess: share(runs.map((r) => r.cpu.browser)),
      gpuProcess: share(runs.map((r) => r.cpu.gpu)),
      otherChromiumProcesses: share(runs.map((r) => r.cpu.others)),
      janus: share(runs.map((r) => r.cpu.janus)),
    },
  };
}

/**
 * The sfu4 result: SFU ÷ mesh for upload per person (the ratio) and for setup.
 * @param {Record<string, any>} result runSfuScenario's result with `mesh` and `sfu`
 */
export function compareSfuToMesh(result) {
  const up = ratio(result.sfu.uploadBytesPerSecond.median, result.mesh.uploadBytesPerSecond.median);
  return {
    ...result,
    ratioOf: 'uploadBytesPerSecond',
    ratio: up,
    setupRatio: ratio(result.sfu.setupMs.median, result.mesh.setupMs.median),
    target: 'SFU upload/person ≈ 1/3 of mesh (≤ 0.50×: one stream instead of three, plus the simulcast layers)',
    meetsTarget: up <= 0.5,
  };
}
