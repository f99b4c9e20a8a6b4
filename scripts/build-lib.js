// Compiles what the npm package ships besides the CDN file: src/ and components/ to ES
// modules + .d.ts (tsconfig.build.json), and .d.ts files for the relay in server/
// (tsconfig.build-server.json). Old output is removed first, so no stale module survives.
//
//   node scripts/build-lib.js [outDir]      default dist/
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsc = path.join(root, 'node_modules/typescript/bin/tsc');

/** @param {{ outDir?: string }} [options] */
export async function buildLib({ outDir = path.join(root, 'dist') } = {}) {
  await Promise.all(['src', 'components', 'server'].map((dir) => rm(path.join(outDir, dir), { recursive: true, force: true })));
  const compile = async (/** @type {string} */ config) => {
    try {
      await promisify(execFile)(process.execPath, [tsc, '-p', config, '--outDir', outDir], { cwd: root });
    } catch (error) {
      const { stdout = '', stderr = '' } = /** @type {{ stdout?: string, stderr?: string }} */ (error);
      throw new Error(`tsc -p ${config} failed:\n${stdout}${stderr}`);
    }
  };
  // Two processes at once: each tsc run takes seconds.
  await Promise.all([compile('tsconfig.build.json'), compile('tsconfig.build-server.json')]);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildLib({ outDir: process.argv[2] ? path.resolve(process.argv[2]) : undefined });
}
