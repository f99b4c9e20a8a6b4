// Issue 15 item 6: the icon set costs at most 3 KB gzip. The module is bundled as a user's
// build would ship it (minified by esbuild, Lit left external as a shared dependency), then
// gzipped with zlib; every icon must be in the measured text.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const entry = fileURLToPath(new URL('../../components/icons.ts', import.meta.url));

/** Every key of the PATHS table in icons.ts (ICON_NAMES is made from it), read from the source. */
function iconNames() {
  const table = /const PATHS = \{([\s\S]*?)\} as const/.exec(readFileSync(entry, 'utf8'))?.[1] ?? '';
  return [...table.matchAll(/^\s*'?([a-z][\w-]*)'?:/gm)].map((m) => m[1]);
}

describe('components/icons.ts', () => {
  it('all icons together are at most 3 KB gzip, minified', async () => {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      format: 'esm',
      write: false,
      external: ['lit', 'lit/*'],
      logLevel: 'silent',
    });
    const text = result.outputFiles?.[0]?.text ?? '';
    const names = iconNames();
    // The set the issue asks for is there (and the table was read at all).
    for (const name of ['mic-off', 'camera-off', 'screen-share', 'hang-up', 'switch-camera', 'pip', 'fullscreen', 'volume-off', 'signal'])
      assert.ok(names.includes(name), `icons.ts has ${name}`);
    for (const name of names) {
      assert.ok(text.includes(`"${name}":`) || text.includes(`${name}:`), `the bundle contains the ${name} icon`);
    }
    const gzipped = gzipSync(text, { level: 9 }).length;
    console.log(`icons: ${names.length} icons, ${text.length} B minified, ${gzipped} B gzip`);
    assert.ok(gzipped <= 3 * 1024, `icons are ${gzipped} B gzip (limit 3072 B)`);
  });
});
