// Builds the CDN drop-in (SPEC §6): one self-contained, minified ES module — the core API,
// every element (defined on load), lit, @lit/context, valibot and webrtc-adapter inside —
// that a plain HTML page loads with one <script type="module">. Prints its size.
//
//   node scripts/build-cdn.js [outFile]      default dist/cdn/meshcall.js
//
// esbuild bundles (it honours tsconfig.json's legacy decorators, like the demo build), then
// terser squeezes esbuild's minified output with two compress passes (-1.7 KB gzip). The
// source map (meshcall.js.map beside it) goes through both.
// Lit is taken in its production build: esbuild resolves the `default` export condition,
// never `development` (the dev build adds warnings and ~5 KB).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { minify } from 'terser';

const root = fileURLToPath(new URL('..', import.meta.url));

export const CDN_FILE = path.join(root, 'dist/cdn/meshcall.js');

/** The CDN entry: the core's public API plus the elements entry (which defines every tag). */
const ENTRY = `export * from './src/index.ts';\nexport * from './components/elements.ts';\n`;

/** @param {Uint8Array} bytes */
export function measure(bytes) {
  return {
    bytes: bytes.byteLength,
    gzip: gzipSync(bytes, { level: 9 }).byteLength,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).byteLength,
  };
}

/**
 * Bundles and minifies the CDN file. Throws if the result would load anything else
 * (an import left outside the bundle, or a dynamic import).
 * @returns {Promise<string>} the file's text
 */
export async function bundleCdn() {
  return (await bundleCdnWithMap()).code;
}

/**
 * The CDN file and its source map (esbuild's map, carried through terser; the TypeScript
 * sources are inside it, as `sourcesContent`).
 * @returns {Promise<{ code: string, map: string }>}
 */
export async function bundleCdnWithMap() {
  const result = await esbuild.build({
    stdin: { contents: ENTRY, resolveDir: root, loader: 'ts', sourcefile: 'meshcall-cdn.ts' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['production'],
    minify: true,
    legalComments: 'none',
    metafile: true,
    sourcemap: 'external',
    outfile: CDN_FILE,
    write: false,
    logLevel: 'silent',
  });
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    if (output.imports.length > 0) {
      throw new Error(`the CDN bundle ${file} would load more: ${output.imports.map((i) => `${i.kind} ${i.path}`).join(', ')}`);
    }
  }
  const code = result.outputFiles.find((f) => f.path.endsWith('.js'))?.text;
  const map = result.outputFiles.find((f) => f.path.endsWith('.js.map'))?.text;
  if (code === undefined || map === undefined) throw new Error('esbuild produced no output');
  const squeezed = await minify(code, {
    module: true,
    ecma: 2020,
    compress: { passes: 2 },
    mangle: true,
    format: { comments: false },
    sourceMap: { content: map, includeSources: true },
  });
  if (squeezed.code === undefined || typeof squeezed.map !== 'string') throw new Error('terser produced no output');
  return { code: squeezed.code, map: squeezed.map };
}

/** @param {number} n */
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

/**
 * Writes the CDN file and returns its sizes.
 * @param {{ outFile?: string, quiet?: boolean }} [options]
 */
export async function buildCdn({ outFile = CDN_FILE, quiet = false } = {}) {
  const { code, map } = await bundleCdnWithMap();
  await mkdir(path.dirname(outFile), { recursive: true });
  const mapFile = `${path.basename(outFile)}.map`;
  await Promise.all([writeFile(outFile, `${code}\n//# sourceMappingURL=${mapFile}\n`), writeFile(`${outFile}.map`, map)]);
  const size = measure(Buffer.from(code));
  if (!quiet) {
    console.log(`${path.relative(process.cwd(), outFile)}  ${kb(size.bytes)}  gzip ${kb(size.gzip)}  brotli ${kb(size.brotli)}`);
  }
  return size;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildCdn({ outFile: process.argv[2] ? path.resolve(process.argv[2]) : CDN_FILE });
}
