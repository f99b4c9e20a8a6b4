// The browser tests in Firefox: puppeteer drives it over WebDriver BiDi (no download, the
// system Firefox), with a fake camera and microphone from Firefox's own prefs.
// @web/test-runner-chrome's launcher is the code the maintained puppeteer launcher
// (@web/test-runner-puppeteer) wraps; given puppeteer-core it launches the system browser
// without full puppeteer's browser download.
import { chromeLauncher, puppeteerCore } from '@web/test-runner-chrome';
import { findFirefox, FIREFOX_PREFS } from './scripts/find-browser.js';
import { sharedConfig } from './scripts/wtr-shared.js';

const executablePath = findFirefox();

/**
 * The files that apply to Firefox: calls (1:1, mesh, glare, chaos, relay restart, ICE
 * restart, the WebSocket transport), every end path, mute and devices, stats, codecs,
 * bitrate caps and TURN, recording, and the elements. Left to Chromium:
 * - test/unit/: the pure state machine, protocol and transports (no engine difference);
 * - e2e/fuzz.test.ts, e2e/scale-out.test.ts: message validation and two relays sharing
 *   Redis, which the engine does not touch (the calls in them are the calls above);
 * - e2e/media-devices.test.ts: three fake cameras, fake speakers and screen sharing
 *   (Firefox's fake media is one camera and one microphone; headless Firefox has no screen);
 * - e2e/media-audio-sink.test.ts: headless Firefox without a sound server never starts an
 *   AudioContext;
 * - elements/call-controls.test.ts, elements/remote-video.test.ts: switch camera between
 *   three cameras and screen sharing in the same flows.
 * Engine-dependent expectations (codecs Firefox lacks, stats only Chromium gives) are
 * asserted as documented in the files themselves.
 */
const CHROMIUM_ONLY = [
  'test/e2e/fuzz.test.ts',
  'test/e2e/scale-out.test.ts',
  'test/e2e/media-devices.test.ts',
  'test/e2e/media-audio-sink.test.ts',
  'test/elements/call-controls.test.ts',
  'test/elements/remote-video.test.ts',
];

export default {
  ...sharedConfig(),
  files: ['test/elements/**/*.test.ts', 'test/e2e/**/*.test.ts', ...CHROMIUM_ONLY.map((file) => `!${file}`)],
  browsers: [
    chromeLauncher({
      puppeteer: puppeteerCore,
      // A launch can take well over puppeteer's default 30 s on a loaded machine.
      launchOptions: { browser: 'firefox', executablePath, headless: true, extraPrefsFirefox: FIREFOX_PREFS, timeout: 60_000 },
    }),
  ],
};
