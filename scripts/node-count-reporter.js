// A node:test custom reporter that counts leaf tests (suites are ignored) and emits
// {"passed","failed","skipped"} as JSON once the run ends. scripts/test.js points its
// --test-reporter-destination at a temp file and totals the counts up. It also prints (to the
// runner's stdout) how long each test file's top-level tests took, slowest first.
//   node --test --test-reporter=./scripts/node-count-reporter.js --test-reporter-destination=counts.json

import path from 'node:path';
import { fileTimesText } from './file-times.js';

/**
 * @param {AsyncIterable<{ type: string, data?: any }>} source
 * @returns {AsyncGenerator<string>}
 */
export default async function* nodeCountReporter(source) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  /** @type {Map<string, number>} */
  const fileMs = new Map();
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const data = event.data ?? {};
    if (data.nesting === 0 && data.file) {
      const file = path.relative(process.cwd(), data.file);
      fileMs.set(file, (fileMs.get(file) ?? 0) + (data.details?.duration_ms ?? 0));
    }
    if (data.details?.type === 'suite') continue;
    if (data.skip || data.todo) counts.skipped += 1;
    else if (event.type === 'test:pass') counts.passed += 1;
    else counts.failed += 1;
  }
  console.log(fileTimesText('test time per file (files run side by side, so these add up to more than the part took):', fileMs));
  yield `${JSON.stringify(counts)}\n`;
}
