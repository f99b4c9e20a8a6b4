// Locates the browsers for the browser tests.
// Chromium, in this order: CHROME_PATH, a system Chromium/Chrome, the @sparticuz/chromium npm package.
// Firefox, in this order: FIREFOX_PATH, a system Firefox (Debian's firefox-esr first).
import { existsSync } from 'node:fs';

const SYSTEM_BROWSERS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/** Flags every meshcall browser run uses: fake camera/mic, no permission prompts, no network chatter. */
export const CHROMIUM_ARGS = [
  // Three fake cameras, so switching cameras mid-call can be tested. Chromium's fake camera
  // 1 (fake_device_1) delivers Y16 depth frames that no video encoder takes: tests switch
  // between fake_device_0 (I420) and fake_device_2 (MJPEG).
  '--use-fake-device-for-media-stream=device-count=3',
  '--use-fake-ui-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** @returns {Promise<string>} the path of a Chromium executable */
export async function findBrowser() {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROME_PATH is set to ${fromEnv}, which does not exist.`);
    return fromEnv;
  }
  const system = SYSTEM_BROWSERS.find((p) => existsSync(p));
  if (system) return system;
  try {
    const pkg = '@sparticuz/chromium';
    const { default: chromium } = await import(pkg);
    return await chromium.executablePath();
  } catch {
    throw new Error(
      'No Chromium found for the browser tests. Set CHROME_PATH, install Chromium ' +
        '(Debian: apt-get install -y chromium), or `npm install --no-save @sparticuz/chromium`.',
    );
  }
}

const SYSTEM_FIREFOXES = ['/usr/bin/firefox-esr', '/usr/bin/firefox', '/usr/lib/firefox-esr/firefox-esr', '/Applications/Firefox.app/Contents/MacOS/firefox'];

/**
 * Preferences every meshcall Firefox run uses (Firefox takes no media flags): a fake camera
 * and microphone (Firefox's generated test pattern and tone), no permission prompts, media
 * that may play without a user gesture, and no network chatter.
 */
export const FIREFOX_PREFS = {
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  'media.autoplay.default': 0,
  'media.autoplay.blocking_policy': 0,
  'media.autoplay.block-webaudio': false,
  // The TURN test server listens on 127.0.0.1; Firefox drops loopback candidates by default.
  'media.peerconnection.ice.loopback': true,
  // Host candidates as addresses, not mDNS names (as Chromium under test does), so the
  // pair is host/host instead of one side seeing the other as peer-reflexive.
  'media.peerconnection.ice.obfuscate_host_addresses': false,
  'app.update.enabled': false,
  'browser.shell.checkDefaultBrowser': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.reportingpolicy.firstRun': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  // No OpenH264 (or other media plugin) download: the tests send nothing off the machine.
  'media.gmp-manager.updateEnabled': false,
};

/** @returns {string} the path of a Firefox executable */
export function findFirefox() {
  const fromEnv = process.env.FIREFOX_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`FIREFOX_PATH is set to ${fromEnv}, which does not exist.`);
    return fromEnv;
  }
  const system = SYSTEM_FIREFOXES.find((p) => existsSync(p));
  if (system) return system;
  throw new Error(
    'No Firefox found for the Firefox tests (looked in ' +
      SYSTEM_FIREFOXES.join(', ') +
      '). ' +
      'Set FIREFOX_PATH, or install it (Debian: apt-get install -y firefox-esr). ' +
      'Puppeteer drives it over WebDriver BiDi and downloads nothing.',
  );
}
