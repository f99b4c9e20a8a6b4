// Browser tests: real headless Chromium with fake camera/microphone, and the real
// signaling relay started in this process on a free port (tests ask /__meshcall/relay for it).
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { fromRollup } from '@web/dev-server-rollup';
import rollupCommonjs from '@rollup/plugin-commonjs';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { findBrowser, CHROMIUM_ARGS } from './scripts/find-browser.js';
import { countReporter } from './scripts/count-reporter.js';
import { pageControlPlugin } from './test/page-control-plugin.js';
import { relayTestPlugin } from './test/relay-test-plugin.js';

const commonjs = fromRollup(rollupCommonjs);
const executablePath = await findBrowser();
const relay = relayTestPlugin();

export default {
  files: ['test/unit/**/*.test.ts', 'test/elements/**/*.test.ts', 'test/e2e/**/*.test.ts'],
  nodeResolve: { exportConditions: ['browser'] },
  concurrency: 1,
  concurrentBrowsers: 1,
  browserStartTimeout: 60_000,
  testsStartTimeout: 60_000,
  testsFinishTimeout: 300_000,
  testFramework: { config: { timeout: 30_000 } },
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: { executablePath, headless: true, args: CHROMIUM_ARGS },
    }),
  ],
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }),
    commonjs({ include: /node_modules\/(sdp|fix-webm-duration)\// }),
    relay,
    pageControlPlugin(),
  ],
  middleware: [relay.middleware],
  reporters: [process.env.CI ? summaryReporter({ flatten: false }) : defaultReporter(), countReporter()],
};
