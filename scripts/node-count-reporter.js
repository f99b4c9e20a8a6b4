// A node:test custom reporter that counts leaf tests (suites are ignored) and emits
// {"passed","failed","skipped"} as JSON once the run ends. scripts/test.js points its
// --test-reporter-destination at a temp file and totals the counts up.
//   node --test --test-reporter=./scripts/node-count-reporter.js --test-reporter-destination=counts.json

/**
 * @param {AsyncIterable<{ type: string, data?: any }>} source
 * @returns {AsyncGenerator<string>}
 */
export default async function* nodeCountReporter(source) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const data = event.data ?? {};
    if (data.details?.type === 'suite') continue;
    if (data.skip || data.todo) counts.skipped += 1;
    else if (event.type === 'test:pass') counts.passed += 1;
    else counts.failed += 1;
  }
  yield `${JSON.stringify(counts)}\n`;
}
