// A @web/test-runner reporter that counts passed/failed/skipped tests and writes them
// as JSON to the file named by MESHCALL_COUNTS_FILE, for scripts/test.js to total up.
import { writeFileSync } from 'node:fs';

/** @param {any} suite @param {{passed:number, failed:number, skipped:number}} acc */
function countSuite(suite, acc) {
  for (const test of suite?.tests ?? []) {
    if (test.skipped) acc.skipped += 1;
    else if (test.passed) acc.passed += 1;
    else acc.failed += 1;
  }
  for (const child of suite?.suites ?? []) countSuite(child, acc);
}

/** @returns {import('@web/test-runner').Reporter} */
export function countReporter() {
  return {
    onTestRunFinished({ sessions }) {
      const acc = { passed: 0, failed: 0, skipped: 0 };
      for (const session of sessions) {
        countSuite(session.testResults, acc);
        // A file that failed to load or threw outside a test ran no test: count it once as failed.
        if (!session.passed && (session.errors?.length ?? 0) > 0) acc.failed += 1;
      }
      const out = process.env.MESHCALL_COUNTS_FILE;
      if (out) writeFileSync(out, JSON.stringify(acc));
    },
  };
}
