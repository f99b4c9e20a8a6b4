// One package build for the tests that need it (package, manifest, CDN, elements): dist/ from
// build-lib.js, dist/cdn/meshcall.js from build-cdn.js, and custom-elements.json with
// dist/types + dist/vscode from build-manifest.js — the same steps as `npm run build`, written
// to a folder in the temp directory named after a hash of every input. node:test runs each
// test file in its own process; the first to ask builds, the others (and later runs on the same
// sources) reuse it. scripts/test.js builds it before the server part starts, so the files
// that run at the same time never build it twice.
//
//   node scripts/build-cache.js      builds (if needed) and prints the folder
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCdn } from './build-cdn.js';
import { buildLib } from './build-lib.js';
import { buildManifest } from './build-manifest.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** What the build reads: the sources, the build scripts and their configuration. */
const INPUTS = ['src', 'components', 'server', 'scripts', 'package.json', 'package-lock.json', 'custom-elements-manifest.config.mjs'];
/** Caches older than this are removed when a new one is made (other checkouts may be using younger ones). */
const MAX_AGE_MS = 24 * 60 * 60 * 1000;
const PREFIX = 'meshcall-build-';

/** @param {string} file @returns {Promise<string[]>} every file under `file` (or itself), sorted */
async function filesOf(file) {
  const info = await stat(file).catch(() => undefined);
  if (!info) return [];
  if (!info.isDirectory()) return [file];
  const entries = await readdir(file, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** @returns {Promise<string>} a hash of the build's inputs (paths and contents) */
export async function inputHash() {
  const hash = createHash('sha256');
  const inputs = [...INPUTS, ...(await readdir(root)).filter((name) => /^tsconfig.*\.json$/.test(name)).sort()];
  for (const input of inputs) {
    for (const file of await filesOf(path.join(root, input))) {
      hash
        .update(path.relative(root, file))
        .update('\0')
        .update(await readFile(file))
        .update('\0');
    }
  }
  return hash.digest('hex').slice(0, 16);
}

/** @type {Promise<string> | undefined} */
let building;

/**
 * The folder with the build for the sources as they are now: `dist/` (with `dist/cdn/meshcall.js`,
 * `dist/types/`, `dist/vscode/`) and `custom-elements.json`. Treat it as read-only.
 * @returns {Promise<string>}
 */
export function cachedBuild() {
  building ??= (async () => {
    const dir = path.join(tmpdir(), `${PREFIX}${await inputHash()}`);
    if (await stat(path.join(dir, 'custom-elements.json')).catch(() => undefined)) return dir;
    const work = await mkdtemp(`${dir}.tmp-`);
    try {
      await Promise.all([
        buildLib({ outDir: path.join(work, 'dist') }),
        buildCdn({ outFile: path.join(work, 'dist/cdn/meshcall.js'), quiet: true }),
        buildManifest({ outDir: work }),
      ]);
      await mkdir(path.dirname(dir), { recursive: true });
      // Another process may have finished the same build first: then its folder stays.
      await rename(work, dir).catch(() => rm(work, { recursive: true, force: true }));
    } catch (err) {
      await rm(work, { recursive: true, force: true });
      throw err;
    }
    await removeOldCaches(dir);
    return dir;
  })();
  return building;
}

/** @param {string} keep */
async function removeOldCaches(keep) {
  const now = Date.now();
  for (const name of await readdir(tmpdir())) {
    const dir = path.join(tmpdir(), name);
    if (!name.startsWith(PREFIX) || dir === keep) continue;
    const info = await stat(dir).catch(() => undefined);
    if (info && now - info.mtimeMs > MAX_AGE_MS) await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(await cachedBuild());
}
