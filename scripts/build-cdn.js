// Builds the CDN drop-in (SPEC §6) into dist/cdn/: what a plain HTML page loads with one
// <script type="module" src=".../meshcall.js">, in parts that load when they are needed.
//
//   meshcall.js              the entry, one file: <call-session> and what it shows before a
//                            call (pre-join preview with its pickers and microphone meter, call
//                            controls), lit, @lit/context, English labels. Defines those tags, so
//                            the call UI renders from this file alone ("first paint"); the call
//                            core and the call stage's tags (call-stage.define.ts) load right
//                            after. Exports CallSessionElement and defineCallSession, and (for
//                            meshcall.api.js) whatever of the shared code it holds.
//   meshcall.api.js          the second entry: the whole API and every element (what
//                            meshcall.all.js exports), from the same shared parts.
//   meshcall.call-<hash>.js  loaded right after the first paint, for any call: the call core
//                            (client, sessions, signaling, valibot), the call stage's tags
//                            (call-stage.define.ts) and the stats reader, in one file (CALL_PART).
//   meshcall.<part>-<hash>.js loaded on demand, relative to the file that imports them (the
//                            same CDN folder, any origin), only when a page or call uses them:
//                            conference mode (its backend, then the Janus code), webrtc-adapter
//                            (only browsers that need it: src/adapter.ts), the recorder and its
//                            fix-webm-duration, screen sharing, switching cameras/microphones, the
//                            statsString formatter, each language.
//   meshcall.all.js          everything in one self-contained file, for self-hosting
//                            (nothing else is fetched; ~100 KB gzip).
//
//   node scripts/build-cdn.js [outDir]      default dist/cdn/
//
// Rollup bundles the split folder (bundleSplit: it keeps the entry one file), esbuild the
// all-in-one file; TypeScript goes through esbuild either way (tsconfig.json's legacy
// decorators, like the demo build), then terser squeezes each file with two compress passes.
// In the split folder the decorated modules share one copy of esbuild's decorator helper
// (each module's transform writes its own; 0.3 KB gzip of a 1:1 call).
// Source maps (<file>.map) go through every step. Lit is taken in its production build: the
// `production` export condition, never `development` (the dev build adds warnings and ~5 KB). The elements' html`` and css``
// templates are minified first (minify-literals, made for Lit's templates: html-minifier-terser
// and clean-css; its 2.x line needs Node 22, these machines run 20): neither esbuild nor terser
// touches the inside of a template literal, and the styles' comments and indentation took
// first paint from 29.1 to 30.2 KB gzip. It skips any file that mentions unsafeCSS (hence
// components/tokens.ts).
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { minifyHTMLLiterals } from 'minify-literals';
import { minify } from 'terser';
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { rollup } from 'rollup';

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

/** An esbuild plugin minifying the html`` and css`` templates of the elements' TypeScript sources. @type {import('esbuild').Plugin} */
const minifyTemplates = {
  name: 'meshcall-minify-templates',
  setup(build) {
    build.onLoad({ filter: /[\\/]components[\\/].*\.ts$/ }, async (args) => ({
      contents: await minifyTemplateSource(await readFile(args.path, 'utf8'), args.path),
      loader: 'ts',
    }));
  },
};

/** Minified sources by file: the split folder and the all-in-one file are built from the same ones. @type {Map<string, { source: string, minified: Promise<string> }>} */
const minifiedTemplates = new Map();

/** `source` (TypeScript) with its html`` and css`` templates minified. @param {string} source @param {string} file */
function minifyTemplateSource(source, file) {
  if (!/\b(html|svg|css)`/.test(source)) return Promise.resolve(source);
  const done = minifiedTemplates.get(file);
  if (done?.source === source) return done.minified;
  const minified = minifyHTMLLiterals(source, { fileName: file, generateSourceMap: false }).then((result) => result?.code ?? source);
  minifiedTemplates.set(file, { source, minified });
  return minified;
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
  plugins: [minifyTemplates],
};

/** @param {string} file a module, from the repo root @returns {Promise<string[]>} its runtime exports */
async function exportsOf(file) {
  // Only the export names matter here: no template minifying.
  const result = await esbuild.build({ ...COMMON, sourcemap: false, minify: false, plugins: [], entryPoints: [file], outdir: '/tmp/meshcall-exports' });
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

/**
 * @typedef {object} CdnFile
 * @property {string} name file name inside the CDN folder
 * @property {string} code minified code (without the sourceMappingURL comment)
 * @property {string} map its source map
 * @property {string[]} imports files it imports statically (loaded with it)
 * @property {string[]} dynamicImports files it may load later
 * @property {string[]} inputs the sources inside it
 */

/**
 * Terser over one bundled file, its source map carried through.
 * @param {Omit<CdnFile, 'code' | 'map'> & { code: string, map: string }} file
 * @returns {Promise<CdnFile>}
 */
async function squeeze(file) {
  const squeezed = await minify(file.code.replace(/\n\/\/# sourceMappingURL=.*\n?$/, '\n'), {
    module: true,
    ecma: 2020,
    compress: { passes: 2 },
    mangle: true,
    format: { comments: false },
    sourceMap: { content: file.map, includeSources: true, filename: file.name },
  });
  if (squeezed.code === undefined || typeof squeezed.map !== 'string') throw new Error('terser produced no output');
  return { ...file, code: squeezed.code, map: squeezed.map };
}

/** @param {import('esbuild').BuildResult} result @param {string} outdir @returns {Promise<CdnFile[]>} the esbuild build's files, squeezed */
function squeezeEsbuild(result, outdir) {
  if (!result.metafile) throw new Error('esbuild produced no metafile');
  const rel = (/** @type {string} */ p) => path.relative(outdir, path.join(root, p));
  return Promise.all(
    Object.entries(result.metafile.outputs)
      .filter(([outPath]) => !outPath.endsWith('.map'))
      .map(([outPath, output]) => {
        const absolute = path.join(root, outPath);
        const code = result.outputFiles?.find((f) => f.path === absolute)?.text;
        const map = result.outputFiles?.find((f) => f.path === `${absolute}.map`)?.text;
        if (code === undefined || map === undefined) throw new Error(`esbuild produced no output for ${outPath}`);
        return squeeze({
          name: path.relative(outdir, absolute),
          code,
          map,
          imports: output.imports.filter((i) => i.kind === 'import-statement').map((i) => rel(i.path)),
          dynamicImports: output.imports.filter((i) => i.kind === 'dynamic-import').map((i) => rel(i.path)),
          inputs: Object.keys(output.inputs),
        });
      }),
  );
}

/**
 * What the first-paint file loads once it has rendered, for any call: the call core
 * (`CallClient`, sessions, signaling, valibot), the call stage's tags and the stats reader
 * (every call polls stats). Each is `import()`ed where it is used; in the split folder all
 * of them resolve to one part, so a call downloads one file instead of three (per-file gzip
 * paid 0.8 KB for the cuts). Its name in the folder: `meshcall.call-<hash>.js`.
 */
const CALL_PART = ['src/call-client.ts', 'components/call-session/call-stage.define.ts', 'src/stats/collect-stats.ts'].map((f) => path.join(root, f));
const CALL_PART_ID = '\0meshcall-part:call';

/** A Rollup plugin: every `import()` of a `CALL_PART` module loads the one part holding them all. @type {import('rollup').Plugin} */
const callPart = {
  name: 'meshcall-call-part',
  resolveDynamicImport(specifier, importer) {
    if (typeof specifier !== 'string' || !importer || !specifier.startsWith('.')) return null;
    const target = path.resolve(path.dirname(importer), specifier.replace(/\.js$/, '.ts'));
    return CALL_PART.includes(target) ? CALL_PART_ID : null;
  },
  resolveId: (id, importer) => (id === CALL_PART_ID ? id : importer === CALL_PART_ID ? id : null),
  load: (id) => (id === CALL_PART_ID ? CALL_PART.map((file) => `export * from ${JSON.stringify(file)};\n`).join('') : null),
};

/** esbuild's TypeScript transform for the split folder: tsconfig.json's legacy decorators, like every other build here. @type {import('esbuild').TransformOptions} */
const TS_TRANSFORM = {
  loader: 'ts',
  target: 'es2022',
  tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false, verbatimModuleSyntax: true } },
};

const DECORATE_ID = '\0meshcall-decorate';

/**
 * The decorator helper esbuild's transform writes at the top of each decorated module
 * (`__defProp`, `__getOwnPropDesc`, `__decorateClass`): taken from a sample, so it follows
 * esbuild's wording. @type {Promise<string> | undefined}
 */
let decoratePreambleText;
function decoratePreamble() {
  decoratePreambleText ??= esbuild.transform('class A { @d x; }', TS_TRANSFORM).then(({ code }) => code.slice(0, code.indexOf('class A')));
  return decoratePreambleText;
}

/**
 * Rollup sees each module's copy of the decorator helper as its own code: `code` with its
 * copy replaced by an import of one shared copy (`DECORATE_ID`), the same number of lines
 * (so the source map still fits). Modules with other helpers are left as they are.
 * @param {string} code esbuild's output for one module
 */
async function shareDecorateHelper(code) {
  const preamble = await decoratePreamble();
  if (!preamble.includes('__decorateClass') || !code.startsWith(preamble)) return code;
  const lines = preamble.split('\n').length - 1;
  return `import { __decorateClass } from ${JSON.stringify(DECORATE_ID)};${'\n'.repeat(lines)}${code.slice(preamble.length)}`;
}

/** A Rollup plugin: the one shared copy of the decorator helper. @type {import('rollup').Plugin} */
const decorateHelper = {
  name: 'meshcall-decorate-helper',
  resolveId: (id) => (id === DECORATE_ID ? id : null),
  load: async (id) => (id === DECORATE_ID ? `${await decoratePreamble()}export { __decorateClass };\n` : null),
};

/**
 * The split folder, bundled by Rollup: unlike esbuild's splitting, Rollup knows that a part
 * loaded by `import()` from the entry can use what the entry already holds, so the entry
 * stays one file and the parts hold only their own code (esbuild cut the first paint into 8
 * files and the call into 14, and per-file gzip paid for each cut). TypeScript goes through
 * esbuild's transform (the same legacy decorators as every other build here); the
 * elements' templates are minified first, as in the all-in-one file.
 * @param {Record<string, string>} entries entry name → TS source
 * @returns {Promise<CdnFile[]>}
 */
async function bundleSplit(entries) {
  const virtualPrefix = 'meshcall-entry:';
  const bundle = await rollup({
    input: Object.fromEntries(Object.keys(entries).map((name) => [name, `${virtualPrefix}${name}`])),
    preserveEntrySignatures: 'allow-extension',
    plugins: [
      callPart,
      decorateHelper,
      {
        name: 'meshcall-entries',
        async resolveId(id, importer) {
          if (id.startsWith(virtualPrefix)) return id;
          // The entries' own imports are paths from the repo root, wherever the build runs from.
          if (importer?.startsWith(virtualPrefix)) return (await this.resolve(path.join(root, id), undefined, { skipSelf: true })) ?? null;
          return null;
        },
        load: (id) => (id.startsWith(virtualPrefix) ? entries[id.slice(virtualPrefix.length)] : null),
      },
      {
        // The sources import each other as `./x.js` (TypeScript's ESM rule); the files are `./x.ts`.
        name: 'meshcall-ts-paths',
        async resolveId(id, importer) {
          if (!importer || !id.startsWith('.') || !id.endsWith('.js') || importer.includes('node_modules')) return null;
          return (await this.resolve(id.replace(/\.js$/, '.ts'), importer, { skipSelf: true })) ?? null;
        },
      },
      nodeResolve({ browser: true, exportConditions: ['production'], extensions: ['.mjs', '.js', '.ts'] }),
      commonjs(),
      {
        name: 'meshcall-typescript',
        async transform(code, id) {
          if (!id.endsWith('.ts')) return null;
          const source = /[\\/]components[\\/]/.test(id) ? await minifyTemplateSource(code, id) : code;
          const result = await esbuild.transform(source, { ...TS_TRANSFORM, sourcefile: id, sourcemap: 'external' });
          return { code: await shareDecorateHelper(result.code), map: result.map };
        },
      },
    ],
    onwarn(warning, warn) {
      if (warning.code === 'CIRCULAR_DEPENDENCY') return;
      warn(warning);
    },
  });
  const { output } = await bundle.generate({
    format: 'es',
    sourcemap: true,
    entryFileNames: '[name].js',
    chunkFileNames: (chunk) => `meshcall.${chunk.moduleIds.includes(CALL_PART_ID) ? 'call' : '[name]'}-[hash].js`,
  });
  await bundle.close();
  const rel = (/** @type {string} */ id) => (path.isAbsolute(id) ? path.relative(root, id) : id);
  return Promise.all(
    output
      .filter((chunk) => chunk.type === 'chunk')
      .map((chunk) =>
        squeeze({
          name: chunk.fileName,
          code: chunk.code,
          map: chunk.map?.toString() ?? '',
          imports: chunk.imports,
          dynamicImports: chunk.dynamicImports,
          inputs: Object.keys(chunk.modules).map(rel),
        }),
      ),
  );
}

/**
 * Bundles and minifies every CDN file. Throws if any file would load something outside the
 * folder (a bare import left unbundled), or if the all-in-one file would load anything.
 * @returns {Promise<CdnFile[]>}
 */
export async function bundleCdnFiles() {
  const outdir = CDN_DIR;
  const entries = await splitEntries();
  const all = await esbuild.build({
    ...COMMON,
    stdin: { contents: ALL_ENTRY, resolveDir: root, loader: 'ts', sourcefile: 'meshcall-all.ts' },
    outfile: path.join(outdir, ALL_IN_ONE),
  });
  const files = [...(await bundleSplit(entries)), ...(await squeezeEsbuild(all, outdir))];
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
 * - call: everything a 1:1 call in a current Chromium or Firefox loads: first paint and the
 *   call part the entry loads next (core, the call stage's tags, the stats reader that the
 *   network bars poll). Not: webrtc-adapter (other browsers only: `callWithAdapter`), the
 *   parts a call loads only when it uses them (recorder and fix-webm-duration, screen
 *   sharing, switching camera, microphone or camera format, conference mode and its Janus
 *   code, the `statsString` formatter), languages other than English;
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
  // What the first-paint files load next for any call: the call part (core, stage tags, stats
  // reader). Not the parts only some pages, browsers or calls load (languages, webrtc-adapter,
  // picture-in-picture; the call part's recorder, screen sharing, device switching, ...).
  const next = firstPaint.flatMap((name) => byName.get(name)?.dynamicImports ?? []).filter((name) => name.startsWith('meshcall.call-'));
  const call = staticClosure(files, [...new Set([...firstPaint, ...next])]);
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
