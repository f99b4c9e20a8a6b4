// One headless Chromium for the whole run (fake camera/mic, the project's flags), and
// bench pages opened on the relay's origin with the probe installed before any page code.
import { chromium } from 'playwright';
import { CHROMIUM_ARGS, findBrowser } from '../../scripts/find-browser.js';

/** Longest wait for timers still finishing their work after a hang-up before reading the counters. */
export const SETTLE_MAX_MS = 3000;

/** @returns {Promise<import('playwright').Browser>} */
export async function launchBrowser() {
  return chromium.launch({ executablePath: await findBrowser(), headless: true, args: CHROMIUM_ARGS });
}

/**
 * @typedef {object} BenchPage
 * @property {import('playwright').Page} page
 * @property {string[]} errors uncaught page errors, for the report
 * @property {(options: import('../pages/bench-page.js').InitOptions) => Promise<void>} init
 * @property {(options: import('../pages/bench-page.js').RunOptions) => Promise<import('../pages/bench-page.js').RunOutcome>} run
 * @property {() => Promise<{ counters: import('../pages/probe.js').ProbeCounters | undefined, timers: import('../pages/probe.js').PendingTimer[], heapUsedBytes: number, settleMs: number }>} measureAtRest
 *   waits (at most SETTLE_MAX_MS) for pending timers to finish, garbage-collects, then reads the probe's counters and the JS heap
 * @property {() => Promise<void>} close
 */

/**
 * @param {import('playwright').Browser} browser
 * @param {{ origin: string, file?: string, instrumentScript: string, probe?: import('../pages/probe.js').ProbeOptions }} options
 * @returns {Promise<BenchPage>}
 */
export async function openBenchPage(browser, { origin, file = 'index.html', instrumentScript, probe = {} }) {
  const page = await browser.newPage();
  /** @type {string[]} */
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.addInitScript({ content: `window.__benchProbeOptions = ${JSON.stringify(probe)};\n${instrumentScript}` });
  await page.goto(`${origin}/${file}`);
  await page.waitForFunction(() => typeof globalThis.window.bench?.run === 'function');
  const cdp = await page.context().newCDPSession(page);
  return {
    page,
    errors,
    init: (options) => page.evaluate((o) => globalThis.window.bench.init(o), options),
    run: (options) => page.evaluate((o) => globalThis.window.bench.run(o), options),
    async measureAtRest() {
      const settleMs = await page.evaluate((max) => globalThis.window.bench.whenTimersIdle(max), SETTLE_MAX_MS);
      // Twice: the first pass can free objects whose finalizers release more.
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('HeapProfiler.collectGarbage');
      const { counters, timers } = await page.evaluate(() => ({
        counters: globalThis.window.bench.counters(),
        timers: globalThis.window.bench.pendingTimers(),
      }));
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      return { counters, timers, heapUsedBytes: usedSize, settleMs };
    },
    async close() {
      await page.evaluate(() => globalThis.window.bench.close()).catch(() => {});
      await cdp.detach().catch(() => {});
      await page.close();
    },
  };
}
