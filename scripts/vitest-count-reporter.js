// A Vitest reporter (the story tests) that counts passed/failed/skipped tests and writes them
// as JSON to the file named by MESHCALL_COUNTS_FILE, for scripts/test.js to total up.
import { writeFileSync } from 'node:fs';

/** @typedef {import('vitest/reporters').Reporter} Reporter */

/** @implements {Reporter} */
export default class CountReporter {
  /**
   * @param {ReadonlyArray<import('vitest/node').TestModule>} testModules
   * @param {ReadonlyArray<unknown>} unhandledErrors
   */
  onTestRunEnd(testModules, unhandledErrors) {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const { state } = test.result();
        if (state === 'passed') counts.passed += 1;
        else if (state === 'failed') counts.failed += 1;
        else counts.skipped += 1;
      }
      // A file that failed to load or threw outside a test ran no test: count it once as failed.
      if (module.errors().length > 0) counts.failed += 1;
    }
    // An error no test caught (an unhandled rejection in a story) fails the run: count it.
    counts.failed += unhandledErrors.length;
    const out = process.env.MESHCALL_COUNTS_FILE;
    if (out) writeFileSync(out, JSON.stringify(counts));
  }
}
