// What the Chromium and the Firefox web-test-runner configs share: TypeScript through
// esbuild, the CommonJS `sdp` and `fix-webm-duration` packages, page commands (test/page-control-plugin.js), the real signaling relay next to the test server
// (tests ask /__meshcall/relay for it), timeouts, and the reporters scripts/test.js reads.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { fromRollup } from '@web/dev-server-rollup';
import rollupCommonjs from '@rollup/plugin-commonjs';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { countReporter } from './count-reporter.js';
import { pageControlPlugin } from '../test/page-control-plugin.js';
import { relayTestPlugin } from '../test/relay-test-plugin.js';

const commonjs = fromRollup(rollupCommonjs);

/**
 * The launchers' `createPage`: a new page that waits up to 2 minutes for a test file to load
 * (the runners' 30 s ran out for the first file while the server lane built the package on a
 * loaded machine). Playwright's and Puppeteer's contexts and pages have the same two methods.
 * @param {{ context: { newPage(): Promise<any> } }} args
 */
export async function patientPage({ context }) {
  const page = await context.newPage();
  page.setDefaultNavigationTimeout(120_000);
  return page;
}

/** Everything but `files` and `browsers`; each call starts its own relay. */
export function sharedConfig() {
  const relay = relayTestPlugin();
  return {
    nodeResolve: { exportConditions: ['browser'] },
    concurrency: 1,
    concurrentBrowsers: 1,
    browserStartTimeout: 60_000,
    testsStartTimeout: 60_000,
    testsFinishTimeout: 300_000,
    // 60 s: calls on a loaded 2-core machine can take longer than 30 s.
    testFramework: { config: { timeout: 60_000 } },
    plugins: [
      esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }),
      commonjs({ include: /node_modules\/(sdp|fix-webm-duration)\// }),
      relay,
      pageControlPlugin(),
    ],
    middleware: [relay.middleware],
    reporters: [process.env.CI ? summaryReporter({ flatten: false }) : defaultReporter(), countReporter()],
  };
}
