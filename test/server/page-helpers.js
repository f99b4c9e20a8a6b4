// Playwright helpers for the tests that open built pages (CDN drop-in, framework examples)
// in headless Chromium with the project's flags (fake camera/mic, no permission prompts).
// Playwright's CSS and role locators pierce open shadow roots, so the elements' buttons are
// found the way a user finds them: by their label.
import { chromium } from 'playwright';
import { CHROMIUM_ARGS, findBrowser } from '../../scripts/find-browser.js';

/** Longest wait for anything a page shows (a call connecting, a frame decoded). */
export const PAGE_WAIT_MS = 20_000;

/** @returns {Promise<import('playwright').Browser>} */
export async function launchChromium() {
  return chromium.launch({ executablePath: await findBrowser(), headless: true, args: CHROMIUM_ARGS });
}

/**
 * A page in its own browser context (its own storage, like a second browser), recording
 * every HTTP request, WebSocket and uncaught error.
 * @param {import('playwright').Browser} browser
 */
export async function openPage(browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(PAGE_WAIT_MS);
  /** @type {string[]} */
  const requests = [];
  /** @type {string[]} */
  const websockets = [];
  /** @type {string[]} */
  const errors = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('websocket', (ws) => websockets.push(ws.url()));
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, context, requests, websockets, errors };
}

/**
 * Waits until `<tag>` is upgraded (a defined custom element with its shadow root).
 * @param {import('playwright').Page} page
 */
export function waitForUpgrade(page, tag = 'call-session') {
  return page.waitForFunction((name) => {
    const el = document.querySelector(name);
    return !!el && !!customElements.get(name) && el.shadowRoot !== null;
  }, tag);
}

/**
 * Waits until every `<remote-video>` on the page (inside shadow roots too) decodes frames,
 * and resolves with their `videoWidth`s.
 * @param {import('playwright').Page} page
 * @param {number} count how many remote videos to expect
 * @returns {Promise<number[]>}
 */
export async function waitForRemoteVideos(page, count = 1) {
  const handle = await page.waitForFunction((expected) => {
    /** @param {ParentNode} root @param {string} selector @returns {Element[]} */
    const deepAll = (root, selector) => [
      ...root.querySelectorAll(selector),
      ...[...root.querySelectorAll('*')].flatMap((el) => (el.shadowRoot ? deepAll(el.shadowRoot, selector) : [])),
    ];
    const widths = deepAll(document, 'remote-video').map((el) => el.shadowRoot?.querySelector('video')?.videoWidth ?? 0);
    return widths.length === expected && widths.every((w) => w > 0) ? widths : false;
  }, count);
  return /** @type {number[]} */ (await handle.jsonValue());
}

/**
 * The state of the current call of the page's first `<call-session>` (`undefined` before any).
 * @param {import('playwright').Page} page
 */
export function sessionState(page) {
  return page.evaluate(() => document.querySelector('call-session')?.session?.state);
}
