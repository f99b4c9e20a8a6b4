// The "test time per file" block both test reporters print (count-reporter.js for
// web-test-runner, node-count-reporter.js for node:test): one line per file, slowest first.

/**
 * @param {string} heading what the block is, e.g. `test time per file (120 s in all):`
 * @param {Iterable<[file: string, ms: number]>} times
 * @returns {string}
 */
export function fileTimesText(heading, times) {
  const lines = [...times].sort((a, b) => b[1] - a[1]).map(([file, ms]) => `  ${(ms / 1000).toFixed(1).padStart(6)} s  ${file}`);
  return `\n${heading}\n${lines.join('\n')}`;
}
