// Locates a Chromium for the browser tests, in this order:
// CHROME_PATH, a system Chromium/Chrome, the @sparticuz/chromium npm package.
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
