// `npm test`: runs every test part, then prints one total as the very last line:
// `N passed, N failed[, N skipped]`. Exit code 1 on any failure.
//
// The server part runs alone (builds, a bench and Janus keep both cores busy), then the browser
// parts in two lanes side by side: Chromium in one, Firefox and then the stories in the other
// (see STAGES). A part running beside another holds its output and prints it in one block when
// it ends, so the two never interleave.
//
//   node scripts/test.js                      all parts
//   node scripts/test.js server               only node:test (test/server/)
//   node scripts/test.js browser -- --files test/unit/x.test.ts
//                                             only web-test-runner, extra args after `--`
//   node scripts/test.js firefox -- --files test/e2e/x.test.ts
//                                             only web-test-runner in Firefox
//   node scripts/test.js stories -- stories/x.stories.ts
//                                             only the Storybook stories (Vitest)
//
// Each part writes {passed, failed, skipped} JSON to a temp file; a part that exits non-zero
// without reporting a failure (crash, bad config, no tests found) counts as 1 failed.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Server test files run at the same time (MESHCALL_SERVER_CONCURRENCY overrides). */
const SERVER_CONCURRENCY = Number(process.env.MESHCALL_SERVER_CONCURRENCY) || 2;

/**
 * @typedef {{ passed: number, failed: number, skipped: number }} Counts
 * @typedef {{ cmd: string, args: string[], env?: Record<string, string> }} Command
 * @typedef {{ name: string, command: (countsFile: string, extraArgs: string[]) => Command, prepare?: (extraArgs: string[]) => Promise<void> }} Part
 */

/** Extra args that name files replace a part's default files. @param {string[]} extraArgs */
const namesFiles = (extraArgs) => extraArgs.some((arg) => !arg.startsWith('-'));

/** The test parts (STAGES says when each runs). Add new runners here, and to STAGES. @type {Part[]} */
const PARTS = [
  {
    name: 'server',
    command: (countsFile, extraArgs) => ({
      cmd: process.execPath,
      args: [
        '--test',
        '--test-reporter=spec',
        '--test-reporter-destination=stdout',
        `--test-reporter=${pathToFileURL(path.join(root, 'scripts/node-count-reporter.js')).href}`,
        `--test-reporter-destination=${countsFile}`,
        // Most server test files wait on browsers, servers and sockets rather than the CPU:
        // two at a time keep 2 cores busy (node's default here is cores - 1 = one at a time).
        `--test-concurrency=${SERVER_CONCURRENCY}`,
        ...extraArgs,
        ...(namesFiles(extraArgs) ? [] : ['test/server/']),
      ],
    }),
    // The package build that the package, manifest, CDN and cross-engine tests share, made
    // before they start so that files running side by side do not each build it.
    prepare: async (extraArgs) => {
      if (namesFiles(extraArgs)) return;
      const started = performance.now();
      const { cachedBuild } = await import('./build-cache.js'); // the build tools load only here
      const dir = await cachedBuild();
      console.log(`package build for the server tests: ${dir} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    },
  },
  {
    name: 'browser',
    command: (countsFile, extraArgs) => ({
      cmd: 'npx',
      args: ['web-test-runner', '--config', 'web-test-runner.config.mjs', ...extraArgs],
      env: { MESHCALL_COUNTS_FILE: countsFile },
    }),
  },
  {
    // The browser test files that apply to Firefox, in Firefox (web-test-runner.firefox.config.mjs).
    name: 'firefox',
    command: (countsFile, extraArgs) => ({
      cmd: 'npx',
      args: ['web-test-runner', '--config', 'web-test-runner.firefox.config.mjs', ...extraArgs],
      env: { MESHCALL_COUNTS_FILE: countsFile },
    }),
  },
  {
    // Every Storybook story as a test (Vitest browser mode, vitest.config.ts), after
    // `cem analyze` writes the custom-elements.json the stories' docs and controls read.
    name: 'stories',
    command: (countsFile, extraArgs) => ({
      cmd: 'npm',
      args: ['run', '--silent', 'test:stories', '--', '--reporter=default', '--reporter=./scripts/vitest-count-reporter.js', ...extraArgs],
      env: { MESHCALL_COUNTS_FILE: countsFile },
    }),
  },
];

/**
 * When the parts run: the stages one after the other; in a stage its lanes side by side, and a
 * lane's parts one after the other. Measured on 2 cores on 2026-12-02: a browser part waits on
 * calls more than it computes (about one core), so Chromium beside Firefox took 481 s against
 * 585 s one after the other. The server part alone keeps both cores busy, and beside it
 * Chromium took 2.5 times as long and its calls grew flaky, so it stays alone.
 * @type {string[][][]}
 */
const STAGES = [[['server']], [['browser'], ['firefox', 'stories']]];

/** @param {string[]} argv */
function parseArgs(argv) {
  const dashes = argv.indexOf('--');
  const names = dashes < 0 ? argv : argv.slice(0, dashes);
  const extraArgs = dashes < 0 ? [] : argv.slice(dashes + 1);
  const unknown = names.filter((n) => !PARTS.some((p) => p.name === n));
  if (unknown.length > 0) {
    console.error(`unknown test part: ${unknown.join(', ')}`);
    console.error(`usage: node scripts/test.js [${PARTS.map((p) => p.name).join('|')}...] [-- extra args]`);
    process.exit(2);
  }
  const parts = names.length > 0 ? PARTS.filter((p) => names.includes(p.name)) : PARTS;
  return { parts, extraArgs };
}

/** @param {string} file @returns {Counts | undefined} */
function readCounts(file) {
  try {
    const { passed, failed, skipped = 0 } = JSON.parse(readFileSync(file, 'utf8'));
    if ([passed, failed, skipped].every(Number.isInteger)) return { passed, failed, skipped };
  } catch {
    // missing or unreadable: the runner did not get as far as reporting
  }
  return undefined;
}

/**
 * Runs a command with its output live, or (`held`) collected and returned instead.
 * @param {Command} command @param {boolean} held
 * @returns {Promise<{ code: number | null, signal: NodeJS.Signals | null, output: string }>}
 */
function run({ cmd, args, env }, held) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: root,
      stdio: held ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      env: { ...process.env, ...env },
      shell: process.platform === 'win32',
    });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.on('error', (err) => {
      output += `could not start ${cmd}: ${err.message}\n`;
      resolve({ code: null, signal: null, output });
    });
    child.on('close', (code, signal) => resolve({ code, signal, output }));
  });
}

/**
 * Runs one part and turns its exit status and counts file into counts, its time and an optional
 * note. A `held` part prints its output in one block when it ends.
 * @param {Part} part @param {string} tmp @param {string[]} extraArgs @param {boolean} held
 * @returns {Promise<{ counts: Counts, seconds: number, note?: string }>}
 */
async function runPart(part, tmp, extraArgs, held) {
  const started = performance.now();
  const seconds = () => Math.round((performance.now() - started) / 1000);
  const countsFile = path.join(tmp, `${part.name}.json`);
  try {
    await part.prepare?.(extraArgs);
  } catch (err) {
    const note = `${part.name} tests not run: preparing failed: ${err instanceof Error ? err.message : err}`;
    return { counts: { passed: 0, failed: 1, skipped: 0 }, seconds: seconds(), note };
  }
  const { code, signal, output } = await run(part.command(countsFile, extraArgs), held);
  if (held) process.stdout.write(`\n──── ${part.name} (${seconds()} s, run beside another part) ────\n${output}`);
  const counts = readCounts(countsFile);
  const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
  if (!counts) {
    return {
      counts: { passed: 0, failed: 1, skipped: 0 },
      seconds: seconds(),
      note: `${part.name} tests ${how} without reporting counts (counted as 1 failed)`,
    };
  }
  if (code !== 0 && counts.failed === 0) {
    return { counts: { ...counts, failed: 1 }, seconds: seconds(), note: `${part.name} tests ${how} although no test failed (counted as 1 failed)` };
  }
  return { counts, seconds: seconds() };
}

const { parts, extraArgs } = parseArgs(process.argv.slice(2));
const tmp = mkdtempSync(path.join(tmpdir(), 'meshcall-test-'));
// Ctrl-C reaches the children too; stay alive so the summary still gets printed.
let interrupted = false;
process.on('SIGINT', () => (interrupted = true));

const suiteStarted = performance.now();
const total = { passed: 0, failed: 0, skipped: 0 };
/** Each part's line of the summary, by part name. @type {Map<string, string>} */
const breakdown = new Map();
/** @type {string[]} */
const notes = [];
/** Runs a lane's parts one after the other, adding each one's counts to the totals. @param {Part[]} lane @param {boolean} held */
async function runLane(lane, held) {
  for (const part of lane) {
    if (interrupted) {
      notes.push(`${part.name} tests not run (interrupted)`);
      continue;
    }
    const { counts, seconds, note } = await runPart(part, tmp, extraArgs, held);
    total.passed += counts.passed;
    total.failed += counts.failed;
    total.skipped += counts.skipped;
    breakdown.set(part.name, `${part.name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped (${seconds} s)`);
    if (note) notes.push(note);
  }
}

for (const stage of STAGES) {
  const lanes = stage.map((lane) => parts.filter((p) => lane.includes(p.name))).filter((lane) => lane.length > 0);
  if (lanes.length > 1)
    console.log(`\nside by side: ${lanes.map((lane) => lane.map((p) => p.name).join(' → ')).join(' | ')} (each part's output follows when it ends)`);
  await Promise.all(lanes.map((lane) => runLane(lane, lanes.length > 1)));
}
rmSync(tmp, { recursive: true, force: true });

console.log(`\n${[...breakdown.values()].join(' | ')} | ${Math.round((performance.now() - suiteStarted) / 1000)} s in all`);
for (const note of notes) console.log(note);
const skipped = total.skipped > 0 ? `, ${total.skipped} skipped` : '';
console.log(`${total.passed} passed, ${total.failed} failed${skipped}`);
process.exit(total.failed > 0 || interrupted ? 1 : 0);
