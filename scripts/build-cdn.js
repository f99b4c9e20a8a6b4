// Builds the CDN drop-in (SPEC §6) into dist/cdn/: what a plain HTML page loads with one
// <script type="module" src=".../meshcall.js">, in parts that load when they are needed.
//
//   meshcall.js              the entry: <call-session> and the elements of its default layout
//                            (call controls, local and remote video), lit, @lit/context,
//                            English labels. Defines the tags, so the call UI renders from it
//                            and its static imports alone ("first paint"); the call core loads
//                            right after. Exports CallSessionElement and defineCallSession only.
//   meshcall.api.js          the second entry: the whole API and every element (what
//                            meshcall.all.js exports), from the same shared parts.
//   meshcall.<part>-<hash>.js loaded on demand, relative to the file that imports them (the
//                            same CDN folder, any origin): the call core (client, sessions,
//                            signaling, valibot), conference mode's Janus code, webrtc-adapter (only
//                            browsers that need it: src/adapter.ts), the stats reader, the
//                            recorder's fix-webm-duration, the audio sink, each language.
//   meshcall.all.js          everything in one self-contained file, for self-hosting
//                            (nothing else is fetched; ~100 KB gzip).
//
//   node scripts/build-cdn.js [outDir]      default dist/cdn/
//
// esbuild bundles (it honours tsconfig.json's legacy decorators, like the demo build), then
// terser squeezes each file with two compress passes. Source maps (<file>.map) go through both.
// Lit is taken in its production build: esbuild resolves the `default` export condition,
// never `development` (the dev build adds warnings and ~5 KB).
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { minify } from 'terser';

const root = fileURLToPath(new URL('..', import.meta.url));

export const CDN_DIR = path.join(root, 'dist/cdn');
export const CDN_FILE = path.join(CDN_DIR, 'meshcall.js');
export const ALL_IN_ONE = 'meshcall.all.js';

/** The all-in-one entry: the core's public API plus the elements entry (which defines every tag). */
const ALL_ENTRY = `export * from './src/index.ts';\nexport * from './components/elements.ts';\n`;
/** What the entry file itself holds: the element the page shows first, and the ones its layout renders. */
const FIRST_PAINT = './components/call-session/call-session.define.ts';

/** @param {Uint8Array} bytes */
export function measure(bytes) {
  return {
    bytes: bytes.byteLength,
    gzip: gzipSync(bytes, { level: 9 }).byteLength,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).byteLength,
  };
}

/** @type {import('esbuild').BuildOptions} */
const COMMON = {
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  conditions: ['production'],
  minify: true,
  legalComments: 'none',
  metafile: true,
  sourcemap: 'external',
  write: false,
  logLevel: 'silent',
  absWorkingDir: root,
};

/** @param {string} file a module, from the repo root @returns {Promise<string[]>} its runtime exports */
async function exportsOf(file) {
  const result = await esbuild.build({ ...COMMON, sourcemap: false, minify: false, entryPoints: [file], outdir: '/tmp/meshcall-exports' });
  return Object.values(result.metafile?.outputs ?? {})[0]?.exports ?? [];
}

/** The API entry of the split folder: the whole public API and every element (what `meshcall.all.js` holds), sharing the folder's parts. */
export const API_FILE = 'meshcall.api.js';

/**
 * The split folder's two entries. `meshcall.js` holds the first-paint element (its import
 * defines the tags) and nothing of the API it does not use, so a page that only shows the
 * call UI loads neither the API's extras nor the other elements; `meshcall.api.js` exports
 * the core API and every element, from the same shared parts.
 * @returns {Promise<Record<string, string>>} entry name → TS source
 */
async function splitEntries() {
  const firstPaint = await exportsOf(FIRST_PAINT);
  return { meshcall: `export { ${firstPaint.join(', ')} } from '${FIRST_PAINT}';\n`, [API_FILE.replace(/\.js$/, '')]: ALL_ENTRY };
}

/** An esbuild plugin serving `entries` as virtual modules `meshcall-entry:<name>`, resolved from the repo root. @param {Record<string, string>} entries @returns {import('esbuild').Plugin} */
function virtualEntries(entries) {
  return {
    name: 'meshcall-entries',
    setup(build) {
      build.onResolve({ filter: /^meshcall-entry:/ }, (args) => ({ path: args.path.slice('meshcall-entry:'.length), namespace: 'meshcall-entry' }));
      build.onLoad({ filter: /.*/, namespace: 'meshcall-entry' }, (args) => ({ contents: entries[args.path], loader: 'ts', resolveDir: root }));
    },
  };
}

/**
 * @typedef {object} CdnFile
 * @property {string} name file name inside the CDN folder
 * @property {string} code minified code (without the sourceMappingURL comment)
 * @property {string} map its source map
 * @property {string[]} imports files it imports statically (loaded with it)
 * @property {string[]} dynamicImports files it may load later
 * @property {string[]} inputs the sources inside it
 */

/** @param {import('esbuild').BuildResult} result @param {string} outdir */
async function squeeze(result, outdir) {
  if (!result.metafile) throw new Error('esbuild produced no metafile');
  /** @type {CdnFile[]} */
  const files = [];
  for (const [outPath, output] of Object.entries(result.metafile.outputs)) {
    if (outPath.endsWith('.map')) continue;
    const absolute = path.join(root, outPath);
    const code = result.outputFiles?.find((f) => f.path === absolute)?.text;
    const map = result.outputFiles?.find((f) => f.path === `${absolute}.map`)?.text;
    if (code === undefined || map === undefined) throw new Error(`esbuild produced no output for ${outPath}`);
    const name = path.relative(outdir, absolute);
    const squeezed = await minify(code.replace(/\n\/\/# sourceMappingURL=.*\n?$/, '\n'), {
      module: true,
      ecma: 2020,
      compress: { passes: 2 },
      mangle: true,
      format: { comments: false },
      sourceMap: { content: map, includeSources: true, filename: name },
    });
    if (squeezed.code === undefined || typeof squeezed.map !== 'string') throw new Error('terser produced no output');
    const rel = (/** @type {string} */ p) => path.relative(outdir, path.join(root, p));
    files.push({
      name,
      code: squeezed.code,
      map: squeezed.map,
      imports: output.imports.filter((i) => i.kind === 'import-statement').map((i) => rel(i.path)),
      dynamicImports: output.imports.filter((i) => i.kind === 'dynamic-import').map((i) => rel(i.path)),
      inputs: Object.keys(output.inputs),
    });
  }
  return files;
}

/**
 * Bundles and minifies every CDN file. Throws if any file would load something outside the
 * folder (a bare import left unbundled), or if the all-in-one file would load anything.
 * @returns {Promise<CdnFile[]>}
 */
export async function bundleCdnFiles() {
  const outdir = CDN_DIR;
  const entries = await splitEntries();
  const split = await esbuild.build({
    ...COMMON,
    entryPoints: Object.keys(entries).map((name) => ({ in: `meshcall-entry:${name}`, out: name })),
    plugins: [virtualEntries(entries)],
    splitting: true,
    outdir,
    entryNames: '[name]',
    chunkNames: 'meshcall.[name]-[hash]',
  });
  const all = await esbuild.build({
    ...COMMON,
    stdin: { contents: ALL_ENTRY, resolveDir: root, loader: 'ts', sourcefile: 'meshcall-all.ts' },
    outfile: path.join(outdir, ALL_IN_ONE),
  });
  const files = [...(await squeeze(split, outdir)), ...(await squeeze(all, outdir))];
  for (const file of files) {
    const outside = [...file.imports, ...file.dynamicImports].filter((name) => name.startsWith('..') || name.includes('/') || !name.endsWith('.js'));
    if (outside.length > 0) throw new Error(`the CDN file ${file.name} would load from outside its folder: ${outside.join(', ')}`);
    if (file.name === ALL_IN_ONE && file.imports.length + file.dynamicImports.length > 0) throw new Error(`${ALL_IN_ONE} would load more`);
  }
  return files;
}

/** The all-in-one file's code: everything in one self-contained module (for tests that serve one file). */
export async function bundleCdn() {
  const all = (await bundleCdnFiles()).find((f) => f.name === ALL_IN_ONE);
  if (!all) throw new Error(`no ${ALL_IN_ONE}`);
  return all.code;
}

/**
 * The files a page loads for `start` and everything they import statically.
 * @param {CdnFile[]} files @param {string[]} start
 */
export function staticClosure(files, start) {
  const byName = new Map(files.map((f) => [f.name, f]));
  const seen = new Set();
  const visit = (/** @type {string} */ name) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const next of byName.get(name)?.imports ?? []) visit(next);
  };
  for (const name of start) visit(name);
  return [...seen];
}

/**
 * The files holding `source` (a path from the repo root, e.g. `node_modules/webrtc-adapter/`), and the files they import.
 * @param {CdnFile[]} files @param {string} source
 */
export function filesWith(files, source) {
  return files.filter((f) => f.name !== ALL_IN_ONE && f.inputs.some((input) => input.startsWith(source))).map((f) => f.name);
}

/**
 * What each stage downloads, gzip -9 and brotli q11, summed over its files:
 * - firstPaint: meshcall.js and its static imports (the call UI renders from these);
 * - call: everything a 1:1 call in a current Chromium or Firefox loads: first paint, the
 *   core and the other elements the entry loads next, and the stats reader (the session
 *   polls stats during a call). Not: webrtc-adapter (other browsers only: `callWithAdapter`),
 *   the recorder's fix-webm-duration, the audio sink, languages other than English;
 * - allInOne: meshcall.all.js.
 * @param {CdnFile[]} files
 */
export function stageSizes(files) {
  const byName = new Map(files.map((f) => [f.name, f]));
  const sum = (/** @type {string[]} */ names) => {
    const total = { files: names.length, bytes: 0, gzip: 0, brotli: 0 };
    for (const name of names) {
      const size = measure(Buffer.from(byName.get(name)?.code ?? ''));
      total.bytes += size.bytes;
      total.gzip += size.gzip;
      total.brotli += size.brotli;
    }
    return total;
  };
  const firstPaint = staticClosure(files, ['meshcall.js']);
  // What the first-paint files load next (the core, the other elements), but not the parts
  // only some pages or browsers need.
  const onlySome = /^meshcall\.(adapter_core|fix-webm-duration|audio-sink|collect-stats|ar|de|es|fa|fr|he|ja)-/;
  const next = firstPaint.flatMap((name) => byName.get(name)?.dynamicImports ?? []).filter((name) => !onlySome.test(name));
  const stats = files.filter((f) => f.name.startsWith('meshcall.collect-stats-')).map((f) => f.name);
  const call = staticClosure(files, [...firstPaint, ...next, ...stats]);
  const withAdapter = staticClosure(files, [...call, ...filesWith(files, 'node_modules/webrtc-adapter/')]);
  return {
    firstPaint: { ...sum(firstPaint), names: firstPaint },
    call: { ...sum(call), names: call },
    callWithAdapter: sum(withAdapter),
    allInOne: sum([ALL_IN_ONE]),
    everySplitFile: sum(files.filter((f) => f.name !== ALL_IN_ONE).map((f) => f.name)),
  };
}

/** @param {number} n */
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

/**
 * Writes the CDN folder (old files removed first, so no stale part survives) and returns the stage sizes.
 * @param {{ outDir?: string, outFile?: string, quiet?: boolean }} [options] outFile: the entry's path (its folder gets every file; the name is always meshcall.js)
 */
export async function buildCdn({ outFile, outDir = outFile ? path.dirname(outFile) : CDN_DIR, quiet = false } = {}) {
  const files = await bundleCdnFiles();
  await mkdir(outDir, { recursive: true });
  for (const old of await readdir(outDir)) if (/^meshcall\..*js(\.map)?$/.test(old)) await rm(path.join(outDir, old));
  await Promise.all(
    files.flatMap((f) => [
      writeFile(path.join(outDir, f.name), `${f.code}\n//# sourceMappingURL=${f.name}.map\n`),
      writeFile(path.join(outDir, `${f.name}.map`), f.map),
    ]),
  );
  const sizes = stageSizes(files);
  if (!quiet) {
    const rel = path.relative(process.cwd(), outDir) || '.';
    console.log(`${rel}/: ${files.length} files`);
    for (const [stage, size] of Object.entries(sizes)) {
      console.log(
        `  ${stage.padEnd(15)} ${String(size.files).padStart(2)} files  ${kb(size.bytes).padStart(9)}  gzip ${kb(size.gzip).padStart(8)}  brotli ${kb(size.brotli)}`,
      );
    }
  }
  return sizes;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildCdn({ outDir: process.argv[2] ? path.resolve(process.argv[2]) : CDN_DIR });
}
