// The bench must not rot: run every scenario once (real Chromium, real
// relay) into a temporary JSON file and check that each scenario produced kit and baseline
// figures and a ratio. Timing is never asserted; only that the numbers exist.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const KEYS = ['setup', 'firstFrame', 'acceptToFrame', 'mesh', 'elements', 'size', 'leaks', 'relay'];

/** @returns {Promise<{ code: number | null, output: string }>} */
function runBench(/** @type {string} */ out) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bench/run.js', '--iterations', '1', '--out', out, '--quiet'], { cwd: ROOT });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

/** @param {unknown} value */
const isNumber = (value) => typeof value === 'number' && Number.isFinite(value);

describe('bench smoke (--iterations 1, every scenario)', () => {
  it('writes kit, baseline and ratio for every scenario', { timeout: 600_000 }, async (t) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'meshcall-bench-smoke-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const out = path.join(dir, 'results.json');
    const { code, output } = await runBench(out);
    assert.equal(code, 0, `bench exited with ${code}:\n${output}`);
    const results = JSON.parse(readFileSync(out, 'utf8'));

    for (const key of KEYS) {
      const scenario = results[key];
      assert.ok(scenario, `results.json has "${key}"`);
      assert.equal(scenario.error, undefined, `${key} ran (${scenario.error})`);
      assert.equal(typeof scenario.ratioOf, 'string', `${key} says which figure the ratio compares`);
      assert.ok(isNumber(scenario.kit?.[scenario.ratioOf]), `${key}.kit.${scenario.ratioOf} is a number`);
      assert.ok(isNumber(scenario.baseline?.[scenario.ratioOf]), `${key}.baseline.${scenario.ratioOf} is a number`);
      assert.ok(isNumber(scenario.ratio), `${key}.ratio is a number (got ${scenario.ratio})`);
      assert.equal(typeof scenario.target, 'string', `${key} states its target`);
    }

    // Conference mode (a page per person, Janus in a namespace) stays out of the smoke run: a minute more.
    for (const key of ['sfu4', 'sfu8']) assert.equal(results[key], undefined, `a smoke run leaves ${key} out`);
    assert.match(output, /sfu4, sfu8: not in a smoke run/);

    for (const key of ['setup', 'firstFrame', 'mesh', 'elements']) {
      for (const side of ['kit', 'baseline']) {
        assert.equal(results[key][side].n, 1, `${key}.${side} has its one sample`);
        assert.ok(isNumber(results[key][side].p95), `${key}.${side}.p95 is a number`);
      }
    }
    // acceptToFrame times both prepare modes, and a camera already open at accept, against the same raw cold flow.
    assert.ok(
      isNumber(results.acceptToFrame.connect?.kit?.median) && isNumber(results.acceptToFrame.connect?.ratio),
      'acceptToFrame.connect has a median and a ratio',
    );
    assert.ok(
      isNumber(results.acceptToFrame.selfView?.kit?.median) && isNumber(results.acceptToFrame.selfView?.ratio),
      'acceptToFrame.selfView (the camera handed to accept) has a median and a ratio',
    );
    assert.ok(
      isNumber(results.acceptToFrame.rawConnect?.kit?.median) && isNumber(results.acceptToFrame.rawConnect?.ratio),
      'acceptToFrame.rawConnect (raw code connecting while it rings) has a median and a ratio',
    );
    // PeerJS and simple-peer run beside the kit (in a smoke run in setup only) and are sized.
    for (const lib of ['peerjs', 'simple-peer']) {
      assert.equal(results.setup.peers?.[lib]?.n, 1, `setup.peers.${lib} has its one sample`);
      assert.ok(isNumber(results.size.peers?.[lib]?.gzip), `size.peers.${lib}.gzip is a number`);
    }
    assert.ok(isNumber(results.setup.peers.kitRatio) && isNumber(results.size.peers.coreRatio), 'kit ÷ best peer is a number for setup and size');
    // The CDN file is built by another step; until then its figures are null, never missing.
    const { cdn } = results.size;
    if (cdn.status === 'built') assert.ok(isNumber(cdn.gzip) && isNumber(cdn.brotli));
    else assert.deepEqual([cdn.status, cdn.gzip, cdn.brotli], ['not built', null, null]);
    assert.ok(isNumber(results.size.kit.brotli) && isNumber(results.size.baseline.brotli));

    for (const side of ['kit', 'baseline']) {
      const { after } = results.leaks[side];
      assert.deepEqual(
        after.map((/** @type {{ call: number }} */ p) => p.call),
        results.leaks.checkpoints,
        `leaks.${side} has a reading at each checkpoint`,
      );
      for (const point of after) {
        for (const counter of ['openPeerConnections', 'liveTracks', 'pendingTimers', 'heapUsedBytes']) {
          assert.ok(isNumber(point[counter]), `leaks.${side} ${counter} after call ${point.call} is a number`);
        }
      }
    }
    for (const side of ['kit', 'baseline']) {
      for (const row of results.relay[side].byPairs) {
        assert.ok(row.messages > 0 && isNumber(row.perSecond) && isNumber(row.p99Ms), `relay.${side} ${row.pairs} pair(s) delivered messages`);
      }
    }
  });
});
