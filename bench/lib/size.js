// Size: what a page downloads. gzip -9 and brotli q11 (node:zlib), summed per file, of the
// CDN folder's stages (scripts/build-cdn.js, built fresh, nothing written): first paint
// (meshcall.js and its static imports: the call UI renders from these), everything a 1:1
// call loads in a current Chromium/Firefox, the same with webrtc-adapter (other browsers),
// and the all-in-one file; of the core alone (esbuild, minified ESM, every dependency
// inside) and of webrtc-adapter alone (what any WebRTC page ships anyway: the baseline).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { ALL_IN_ONE, bundleCdnFiles, stageSizes } from '../../scripts/build-cdn.js';
import { MINIFIED, ROOT, bundleMinified, findElementsEntry } from './build.js';
import { ratio } from './stats.js';

export const CDN_FILE = 'dist/cdn/meshcall.js';
const FIRST_PAINT_TARGET_GZIP = 30 * 1024;
const CALL_TARGET_GZIP = 60 * 1024;

/** @param {Uint8Array} bytes */
export function measure(bytes) {
  return {
    bytes: bytes.byteLength,
    gzip: gzipSync(bytes, { level: 9 }).byteLength,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength },
    }).byteLength,
  };
}

/** The elements issue 15 added (pre-join and in-call tools), and the icon set they and the controls draw from. */
export const NEW_ELEMENTS = ['call-preview', 'device-picker', 'call-timer', 'network-quality', 'call-notifications'];
export const ICONS_MODULE = 'components/icons.ts';

/**
 * The minified code of `files` themselves (each folder's or file's own modules), everything
 * else they import (Lit, the core, the shared element base) left out as already on the page:
 * what they add on top of the core and the other elements, whoever imports them.
 * @param {string[]} files paths from the repo root: `components/<tag>` folders or single modules
 * @param {string} entry TS module source, resolved from the repo root
 */
export async function ownCode(files, entry) {
  const roots = files.map((f) => path.join(ROOT, f));
  const mine = (/** @type {string} */ file) => roots.some((r) => file === r || file.startsWith(r + path.sep));
  // Left-out modules get one-letter names, so the import lines cost what a bundler's would.
  /** @type {Map<string, string>} */
  const names = new Map();
  const outside = (/** @type {string} */ key) => {
    if (!names.has(key)) names.set(key, `#${names.size.toString(36)}`);
    return { path: /** @type {string} */ (names.get(key)), external: true };
  };
  const result = await esbuild.build({
    ...MINIFIED,
    stdin: { contents: entry, resolveDir: ROOT, loader: 'ts' },
    plugins: [
      {
        name: 'only-these-files',
        setup(build) {
          build.onResolve({ filter: /.*/ }, (args) => {
            if (args.kind === 'entry-point') return undefined;
            if (!args.path.startsWith('.')) return outside(args.path);
            const file = path.resolve(args.resolveDir, args.path).replace(/\.js$/, '.ts');
            return mine(file) ? { path: file } : outside(file);
          });
        },
      },
    ],
  });
  const text = result.outputFiles?.[0]?.text ?? '';
  return measure(new TextEncoder().encode(text));
}

export async function runSize() {
  const stages = stageSizes(await bundleCdnFiles());
  const firstPaint = { what: 'meshcall.js + its static imports (the call UI renders from these)', ...stages.firstPaint };
  const call = { what: 'everything a 1:1 call loads in current Chromium/Firefox (no webrtc-adapter, English only)', ...stages.call };
  const callWithAdapter = { what: 'the same where webrtc-adapter loads (Safari, older engines)', ...stages.callWithAdapter };
  const allInOne = { what: `dist/cdn/${ALL_IN_ONE}: everything in one file (self-hosting)`, ...stages.allInOne };
  const coreBundle = await bundleMinified({ entry: 'src/index.ts' });
  const core = { ...measure(coreBundle.bytes), largestParts: Object.fromEntries(coreBundle.parts.slice(0, 8)) };
  const adapter = measure((await bundleMinified({ contents: "export { default } from 'webrtc-adapter';" })).bytes);
  // Until the CDN file exists: the core plus every element, bundled the same way (an estimate of it).
  const elementsEntry = findElementsEntry();
  const withElements = elementsEntry
    ? measure((await bundleMinified({ contents: `export * from './src/index.ts';\nexport * from './${path.relative(ROOT, elementsEntry)}';` })).bytes)
    : null;
  // What the pre-join and in-call tools (issue 15) add on top of the core and the first five
  // elements: the same bundle with and without them, (icons alone: test/server/icons-size.test.js).
  const firstFive = ['call-session', 'local-video', 'remote-video', 'call-controls', 'stats-overlay'];
  const tools = NEW_ELEMENTS;
  const defines = (/** @type {string[]} */ tags) => tags.map((tag) => `export * from './components/${tag}/${tag}.define.ts';`).join('\n');
  const base = measure((await bundleMinified({ contents: `export * from './src/index.ts';\n${defines(firstFive)}` })).bytes);
  const all = measure((await bundleMinified({ contents: `export * from './src/index.ts';\n${defines([...firstFive, ...tools])}` })).bytes);
  const toolsAdd = {
    what: `${tools.join(', ')} (+ icons) over src/index.ts + ${firstFive.join(', ')}, minified ESM`,
    bytes: all.bytes - base.bytes,
    gzip: all.gzip - base.gzip,
    brotli: all.brotli - base.brotli,
  };
  // The same, counted from their own code (robust once <call-session> itself imports them, when
  // the with/without difference above shrinks to what the call stage adds around them): each
  // new element's folder, and the icons.
  const newElements = {
    what: `own code of ${tools.join(', ')} and ${ICONS_MODULE}, minified ESM, Lit and the core external`,
    ...(await ownCode([...tools.map((t) => `components/${t}`), ICONS_MODULE], defines(tools))),
    perElement: Object.fromEntries(await Promise.all(tools.map(async (t) => [t, await ownCode([`components/${t}`], defines([t]))]))),
    icons: await ownCode([ICONS_MODULE], `export * from './${ICONS_MODULE}';`),
    iconsLimitGzip: 3 * 1024,
  };
  // The peers against what a 1:1 call loads from the CDN folder.
  const peers = await peerSizes(core.gzip, call.gzip);
  return {
    toolsAdd,
    newElements,
    peers,
    metric: 'gzip bytes: the core alone (src/index.ts, minified ESM, deps inside) vs webrtc-adapter alone',
    unit: 'bytes',
    ratioOf: 'gzip',
    kit: { what: 'core: src/index.ts', ...core },
    firstPaint,
    call,
    callWithAdapter,
    allInOne,
    /** The first-paint file, kept under its old key: what `<script src=".../meshcall.js">` loads before the UI renders. */
    cdn: { status: 'built', file: CDN_FILE, bytes: firstPaint.bytes, gzip: firstPaint.gzip, brotli: firstPaint.brotli },
    coreWithElements: withElements && { what: 'src/index.ts + the elements entry, minified ESM (CDN estimate)', ...withElements },
    baseline: { what: 'webrtc-adapter alone', ...adapter },
    ratio: ratio(core.gzip, adapter.gzip),
    cdnRatio: ratio(firstPaint.gzip, adapter.gzip),
    target: `first paint ≤ ${FIRST_PAINT_TARGET_GZIP / 1024} KB gzip, 1:1 call ≤ ${CALL_TARGET_GZIP / 1024} KB gzip`,
    targets: { firstPaintGzip: FIRST_PAINT_TARGET_GZIP, callGzip: CALL_TARGET_GZIP },
    meetsFirstPaintTarget: firstPaint.gzip <= FIRST_PAINT_TARGET_GZIP,
    meetsCallTarget: call.gzip <= CALL_TARGET_GZIP,
    meetsTarget: firstPaint.gzip <= FIRST_PAINT_TARGET_GZIP && call.gzip <= CALL_TARGET_GZIP,
  };
}

/**
 * What a page loads for PeerJS (its ESM entry bundled like the core, webrtc-adapter and its
 * other dependencies inside) and for simple-peer (its prebuilt browser file, Node polyfills
 * inside: the package itself does not bundle for the browser without them), and the kit's
 * core and CDN file ÷ the smaller of the two.
 * @param {number} coreGzip
 * @param {number | null} cdnGzip
 */
export async function peerSizes(coreGzip, cdnGzip) {
  const peerjs = {
    what: "peerjs: `export { Peer } from 'peerjs'`, minified ESM",
    ...measure((await bundleMinified({ contents: "export { Peer } from 'peerjs';" })).bytes),
  };
  const simplePeer = {
    what: 'simple-peer/simplepeer.min.js (prebuilt)',
    ...measure(readFileSync(path.join(ROOT, 'node_modules/simple-peer/simplepeer.min.js'))),
  };
  const best = peerjs.gzip <= simplePeer.gzip ? 'peerjs' : 'simple-peer';
  const bestGzip = Math.min(peerjs.gzip, simplePeer.gzip);
  return {
    peerjs,
    'simple-peer': simplePeer,
    best,
    coreRatio: ratio(coreGzip, bestGzip),
    cdnRatio: cdnGzip === null ? null : ratio(cdnGzip, bestGzip),
  };
}
