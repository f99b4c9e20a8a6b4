// A throwaway network namespace for SFU tests: Janus and Chromium both run inside it, so
// the only addresses ICE can use are the namespace's own (loopback and one veth address)
// and no media goes anywhere else. `unshare -rn` makes the namespace (no root needed);
// Chromium enters it with `nsenter`, still driven by Playwright over its pipe.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { CHROMIUM_ARGS, findBrowser } from '../../scripts/find-browser.js';

const HOLDER = fileURLToPath(new URL('./janus-netns-holder.js', import.meta.url));

/**
 * @typedef {object} JanusNetns
 * @property {string} janusUrl ws:// URL of Janus, valid inside the namespace
 * @property {string} pageUrl the test page, valid inside the namespace
 * @property {string} relayUrl the signaling relay's WebSocket URL, valid inside the namespace
 * @property {string} relayHttpUrl the relay's http:// origin (serves `staticDir`), valid inside the namespace
 * @property {string} adminKey the VideoRoom admin key Janus was started with
 * @property {string} mediaAddress the one address Janus offers ICE candidates on
 * @property {number} janusPid
 * @property {() => Promise<import('playwright').Browser>} launchChromium a headless Chromium inside the namespace
 * @property {() => Promise<void>} stop closes the browsers, Janus and the namespace
 */

/** CPU seconds a process has used (user + system), from /proc: Janus's, for the tests and the bench. @param {number} pid */
export function processCpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * @param {{ staticDir?: string }} [options] staticDir: a folder the relay inside the namespace serves (the bench's pages)
 * @returns {Promise<JanusNetns>}
 */
export async function startJanusNetns(options = {}) {
  const env = { ...process.env, MESHCALL_NETNS_STATIC_DIR: options.staticDir ?? '' };
  const holder = spawn('unshare', ['-rn', process.execPath, HOLDER], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env });
  const exited = new Promise((resolve) => holder.once('exit', resolve));
  /** @type {{ pid: number, janusUrl: string, pageUrl: string, relayUrl: string, relayHttpUrl: string, adminKey: string, mediaAddress: string, janusPid: number }} */
  const ready = await new Promise((resolve, reject) => {
    holder.once('error', reject);
    holder.on('message', (/** @type {any} */ message) => {
      if (message?.type === 'ready') resolve(message);
      else if (message?.type === 'failed') reject(new Error(`Janus namespace did not start: ${message.message}`));
    });
    void exited.then((code) => reject(new Error(`Janus namespace exited with code ${code} before it was ready`)));
  });

  const dir = mkdtempSync(path.join(tmpdir(), 'meshcall-netns-'));
  const wrapper = path.join(dir, 'chromium-in-netns');
  writeFileSync(wrapper, `#!/bin/sh\nexec nsenter --preserve-credentials -U -n -t ${ready.pid} ${await findBrowser()} "$@"\n`);
  chmodSync(wrapper, 0o755);
  /** @type {import('playwright').Browser[]} */
  const browsers = [];

  return {
    janusUrl: ready.janusUrl,
    pageUrl: ready.pageUrl,
    relayUrl: ready.relayUrl,
    relayHttpUrl: ready.relayHttpUrl,
    adminKey: ready.adminKey,
    mediaAddress: ready.mediaAddress,
    janusPid: ready.janusPid,
    async launchChromium() {
      const browser = await chromium.launch({ executablePath: wrapper, headless: true, args: CHROMIUM_ARGS });
      browsers.push(browser);
      return browser;
    },
    async stop() {
      await Promise.all(browsers.map((b) => b.close().catch(() => {})));
      if (holder.exitCode === null) holder.send('stop');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
