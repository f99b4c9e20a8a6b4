// A @web/test-runner reporter that counts passed/failed/skipped tests and writes them
// as JSON to the file named by MESHCALL_COUNTS_FILE, for scripts/test.js to total up, and
// prints how long each test file's tests took and the slowest tests, slowest first (where
// to look when the suite runs long).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileTimesText } from './file-times.js';

/** @param {any} suite @param {{passed:number, failed:number, skipped:number}} acc */
function countSuite(suite, acc) {
  for (const test of suite?.tests ?? []) {
    if (test.skipped) acc.skipped += 1;
    else if (test.passed) acc.passed += 1;
    else acc.failed += 1;
  }
  for (const child of suite?.suites ?? []) countSuite(child, acc);
}

/** How many of the slowest tests are listed. */
const SLOWEST = 12;

/** @param {any} suite @param {string} file @param {[string, number][]} acc every test as [file › title, ms] */
function testTimes(suite, file, acc) {
  for (const test of suite?.tests ?? []) acc.push([`${file} › ${test.name}`, test.duration ?? 0]);
  for (const child of suite?.suites ?? []) testTimes(child, file, acc);
  return acc;
}

/** @returns {import('@web/test-runner').Reporter} */
export function countReporter() {
  return {
    onTestRunFinished({ sessions }) {
      const acc = { passed: 0, failed: 0, skipped: 0 };
      /** Each file with its tests' times. @type {[string, [string, number][]][]} */
      const perFile = sessions.map((s) => {
        const file = path.relative(process.cwd(), s.testFile);
        return [file, testTimes(s.testResults, file, [])];
      });
      /** @type {[string, number][]} */
      const times = perFile.map(([file, tests]) => [file, tests.reduce((ms, [, t]) => ms + t, 0)]);
      const totalS = (times.reduce((t, [, ms]) => t + ms, 0) / 1000).toFixed(0);
      console.log(fileTimesText(`test time per file (${totalS} s in all):`, times));
      const tests = perFile.flatMap(([, fileTests]) => fileTests);
      console.log(fileTimesText(`the ${SLOWEST} slowest tests:`, tests.sort((a, b) => b[1] - a[1]).slice(0, SLOWEST)));
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
