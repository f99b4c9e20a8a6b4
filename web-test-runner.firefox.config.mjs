// The browser tests in Firefox: puppeteer drives it over WebDriver BiDi (no download, the
// system Firefox), with a fake camera and microphone from Firefox's own prefs.
// @web/test-runner-chrome's launcher is the code the maintained puppeteer launcher
// (@web/test-runner-puppeteer) wraps; given puppeteer-core it launches the system browser
// without full puppeteer's browser download.
import { chromeLauncher, puppeteerCore } from '@web/test-runner-chrome';
import { findFirefox, FIREFOX_PREFS } from './scripts/find-browser.js';
import { patientPage, sharedConfig } from './scripts/wtr-shared.js';

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
 * Run in Firefox 153 and left out for now (what fails there, and why):
 * - e2e/active-speaker.test.ts: the 3-way call's microphones are tones from an AudioContext
 *   (test/helpers/fake-media.ts toneMic), which headless Firefox never starts; the 1:1 active
 *   speaker case in media-stats.test.ts runs in Firefox.
 * - e2e/camera-formats.test.ts: after setVideoFormat({ width: 320, height: 180 }) mid-call the
 *   camera's settings stay 640 wide in Firefox's fake camera; to look at in src/media.
 * - e2e/codecs.test.ts: H.264 cases — Debian's Firefox has no H.264 offline (OpenH264 is a
 *   run-time plugin download), so an H264 preference falls back to VP8 (documented in README).
 * - e2e/incoming-notification.test.ts: granting notifications is a Playwright-only page command
 *   (test/page-control-plugin.js).
 * - e2e/remote-audio-mute.test.ts: measures the heard level with addAudioSink, an AudioContext,
 *   which headless Firefox without a sound server never starts (as media-audio-sink).
 * - e2e/recorder.test.ts: the canvas-camera colour checks after rotation read "other", and
 *   the frame rate fell short on a loaded machine; not yet looked into.
 * - elements/call-preview.test.ts, elements/device-picker.test.ts: pick between several cameras
 *   and speakers (Firefox's fake media has one camera and no speakers), expect Chromium's
 *   permission wording (the element gives Firefox its own), and send a "Space" key that the
 *   puppeteer Firefox driver does not know.
 */
const FIREFOX_FILES = [
  'test/e2e/call.test.ts',
  'test/e2e/end-paths.test.ts',
  'test/e2e/media-denied.test.ts',
  'test/e2e/media-mute.test.ts',
  'test/e2e/media-network.test.ts',
  'test/e2e/media-recording.test.ts',
  'test/e2e/media-stats.test.ts',
  'test/e2e/network-indicators.test.ts',
  'test/e2e/reliability.test.ts',
  'test/e2e/stranger-flood.test.ts',
  'test/e2e/websocket-transport.test.ts',
  'test/elements/call-flow.test.ts',
  'test/elements/call-notifications.test.ts',
  'test/elements/call-session.test.ts',
  'test/elements/call-settings.test.ts',
  'test/elements/call-timer.test.ts',
  'test/elements/define.test.ts',
  'test/elements/hardening.test.ts',
  'test/elements/lang.test.ts',
  'test/elements/local-video.test.ts',
  'test/elements/mesh.test.ts',
  'test/elements/network-quality.test.ts',
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
      createPage: patientPage,
    }),
  ],
};
