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
 *
 * The list is explicit: a new test file joins it once it has been run and passes in Firefox.
 * Not yet proven there (they run in Chromium only for now): the recorder, active-speaker,
 * switch-camera, camera-format, codec-profile, remote-audio-mute, notification, network
 * indicator and stranger-flood e2e files, and the tool-element, call-settings and hardening
 * element files.
 */
const FIREFOX_FILES = [
  'test/e2e/call.test.ts',
  'test/e2e/end-paths.test.ts',
  'test/e2e/media-denied.test.ts',
  'test/e2e/media-mute.test.ts',
  'test/e2e/media-network.test.ts',
  'test/e2e/media-recording.test.ts',
  'test/e2e/media-stats.test.ts',
  'test/e2e/reliability.test.ts',
  'test/e2e/websocket-transport.test.ts',
  'test/elements/call-flow.test.ts',
  'test/elements/call-session.test.ts',
  'test/elements/define.test.ts',
  'test/elements/lang.test.ts',
  'test/elements/local-video.test.ts',
  'test/elements/mesh.test.ts',
  'test/elements/stats-overlay.test.ts',
];

export default {
  ...sharedConfig(),
  files: FIREFOX_FILES,
  browsers: [
    chromeLauncher({
      puppeteer: puppeteerCore,
      // A launch can take well over puppeteer's default 30 s on a loaded machine.
      launchOptions: { browser: 'firefox', executablePath, headless: true, extraPrefsFirefox: FIREFOX_PREFS, timeout: 60_000 },
    }),
  ],
};
