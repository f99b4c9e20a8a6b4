// Browser tests: real headless Chromium with fake camera/microphone, and the real
// signaling relay started in this process on a free port (tests ask /__meshcall/relay for it).
// The same files in Firefox: web-test-runner.firefox.config.mjs.
import { playwrightLauncher } from '@web/test-runner-playwright';
import { findBrowser, CHROMIUM_ARGS } from './scripts/find-browser.js';
import { patientPage, sharedConfig } from './scripts/wtr-shared.js';

const executablePath = await findBrowser();

export default {
  ...sharedConfig(),
  files: ['test/unit/**/*.test.ts', 'test/elements/**/*.test.ts', 'test/e2e/**/*.test.ts'],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: { executablePath, headless: true, args: CHROMIUM_ARGS },
      createPage: patientPage,
    }),
  ],
};
