// Size: what a page downloads. gzip -9 and brotli q11 (node:zlib) of the CDN file (if built),
// of the core alone (esbuild, minified ESM, every dependency inside) and of webrtc-adapter
// alone (what any WebRTC page ships anyway: the baseline).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { ROOT, bundleMinified, findElementsEntry } from './build.js';
import { ratio } from './stats.js';

export const CDN_FILE = 'dist/cdn/meshcall.js';
const CDN_TARGET_GZIP = 30 * 1024;

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

export async function runSize() {
  const cdnPath = path.join(ROOT, CDN_FILE);
  const cdn = existsSync(cdnPath)
    ? { status: 'built', file: CDN_FILE, ...measure(readFileSync(cdnPath)) }
    : { status: 'not built', file: CDN_FILE, bytes: null, gzip: null, brotli: null };
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
  const tools = ['call-preview', 'device-picker', 'call-timer', 'network-quality', 'call-notifications'];
  const defines = (/** @type {string[]} */ tags) => tags.map((tag) => `export * from './components/${tag}/${tag}.define.ts';`).join('\n');
  const base = measure((await bundleMinified({ contents: `export * from './src/index.ts';\n${defines(firstFive)}` })).bytes);
  const all = measure((await bundleMinified({ contents: `export * from './src/index.ts';\n${defines([...firstFive, ...tools])}` })).bytes);
  const toolsAdd = {
    what: `${tools.join(', ')} (+ icons) over src/index.ts + ${firstFive.join(', ')}, minified ESM`,
    bytes: all.bytes - base.bytes,
    gzip: all.gzip - base.gzip,
    brotli: all.brotli - base.brotli,
  };
  const peers = await peerSizes(core.gzip, cdn.gzip);
  return {
    toolsAdd,
    peers,
    metric: 'gzip bytes: the core alone (src/index.ts, minified ESM, deps inside) vs webrtc-adapter alone',
    unit: 'bytes',
    ratioOf: 'gzip',
    kit: { what: 'core: src/index.ts', ...core },
    cdn,
    coreWithElements: withElements && { what: 'src/index.ts + the elements entry, minified ESM (CDN estimate)', ...withElements },
    baseline: { what: 'webrtc-adapter alone', ...adapter },
    ratio: ratio(core.gzip, adapter.gzip),
    cdnRatio: cdn.gzip === null ? null : ratio(cdn.gzip, adapter.gzip),
    target: `CDN ≤ ${CDN_TARGET_GZIP / 1024} KB gzip`,
    meetsTarget: cdn.gzip === null ? null : cdn.gzip <= CDN_TARGET_GZIP,
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
