// Bundles the bench pages (esbuild: TypeScript, bare imports, and webrtc-adapter's CommonJS
// `sdp` dependency are all handled natively) into a temporary directory the relay serves.
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PAGES = path.join(ROOT, 'bench/pages');

/** Candidate entries that define every element (the first that exists is used). */
export const ELEMENTS_ENTRIES = ['components/index.ts', 'components/define-all.ts', 'components/define.ts', 'components/elements.ts', 'components/all.ts'];

/** @returns {string | undefined} the components entry that defines all tags, if it exists yet */
export function findElementsEntry() {
  return ELEMENTS_ENTRIES.map((p) => path.join(ROOT, p)).find((p) => existsSync(p));
}

/**
 * What every bench bundle shares: ESM for the browser, the repo's tsconfig.
 * @type {import('esbuild').BuildOptions}
 */
const COMMON = {
  bundle: true,
  format: 'esm',
  target: 'es2022',
  platform: 'browser',
  logLevel: 'warning',
  absWorkingDir: ROOT,
  tsconfig: path.join(ROOT, 'tsconfig.json'),
};

/**
 * A minified bundle kept in memory (the size scenario: bundleMinified here, ownCode in size.js).
 * @type {import('esbuild').BuildOptions}
 */
export const MINIFIED = { ...COMMON, minify: true, write: false, outfile: path.join(ROOT, 'bench-size-out.js') };

/**
 * @typedef {object} BuiltPages
 * @property {string} dir directory to serve
 * @property {string} instrumentScript IIFE source for page.addInitScript
 * @property {boolean} hasElements whether elements.html could be built
 * @property {() => Promise<void>} dispose
 */

/** @returns {Promise<BuiltPages>} */
export async function buildPages() {
  const dir = await mkdtemp(path.join(tmpdir(), 'meshcall-bench-'));
  const elementsEntry = findElementsEntry();
  await esbuild.build({
    ...COMMON,
    entryPoints: {
      'bench-page': path.join(PAGES, 'bench-page.ts'),
      'person-page': path.join(PAGES, 'person-page.ts'),
      ...(elementsEntry ? { elements: path.join(PAGES, 'elements-page.ts') } : {}),
    },
    outdir: dir,
    splitting: true,
    chunkNames: 'chunk-[hash]',
  });
  const instrument = await esbuild.build({
    ...COMMON,
    entryPoints: [path.join(PAGES, 'instrument.ts')],
    format: 'iife',
    write: false,
  });
  await copyFile(path.join(PAGES, 'index.html'), path.join(dir, 'index.html'));
  await copyFile(path.join(PAGES, 'person.html'), path.join(dir, 'person.html'));
  if (elementsEntry) await copyFile(path.join(PAGES, 'elements.html'), path.join(dir, 'elements.html'));
  return {
    dir,
    instrumentScript: instrument.outputFiles?.[0]?.text ?? '',
    hasElements: elementsEntry !== undefined,
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

/**
 * One minified ESM bundle with every dependency inside (nothing written), and the minified
 * bytes each package or source folder contributes, largest first.
 * @param {{ entry?: string, contents?: string }} input a file, or TS module source resolved from the repo root
 * @returns {Promise<{ bytes: Uint8Array, parts: [string, number][] }>}
 */
export async function bundleMinified({ entry, contents }) {
  const result = await esbuild.build({
    ...MINIFIED,
    metafile: true,
    ...(entry ? { entryPoints: [path.join(ROOT, entry)] } : { stdin: { contents: contents ?? '', resolveDir: ROOT, loader: 'ts' } }),
  });
  const file = result.outputFiles?.[0];
  const output = Object.values(result.metafile?.outputs ?? {})[0];
  if (!file || !output) throw new Error('esbuild produced no output');
  /** @type {Map<string, number>} */
  const parts = new Map();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const segments = input.split('/');
    const depth = segments[0] === 'node_modules' ? (segments[1]?.startsWith('@') ? 3 : 2) : segments.length > 2 ? 2 : 1;
    const key = segments.slice(0, depth).join('/');
    parts.set(key, (parts.get(key) ?? 0) + bytesInOutput);
  }
  return { bytes: file.contents, parts: [...parts].sort((a, b) => b[1] - a[1]) };
}
