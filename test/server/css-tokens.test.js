// Issue 12 item 6: each element's `@cssproperty --meshcall-<element>-*` docs (which feed the
// Custom Elements Manifest) list exactly the tokens its styles really read via tokens().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const components = path.join(root, 'components');

for (const element of readdirSync(components)) {
  const styles = path.join(components, element, `${element}.styles.ts`);
  const source = path.join(components, element, `${element}.ts`);
  if (!existsSync(styles) || !existsSync(source)) continue;
  test(`<${element}> documents exactly the tokens it reads`, () => {
    const css = readFileSync(styles, 'utf8');
    const call = new RegExp(`tokens\\(\\s*'${element}',\\s*\\[([^\\]]*)\\]`).exec(css);
    if (!call) return; // an element without per-element tokens
    // Through tokens(), or read directly (`var(--meshcall-<element>-x, default)`) where a token has a default of its own.
    const direct = [...css.matchAll(new RegExp(`var\\(--meshcall-${element}-([a-z-]+)`, 'g'))].map((m) => m[1]);
    const read = [...new Set([...[...(call[1] ?? '').matchAll(/'([a-z-]+)'/g)].map((m) => m[1]), ...direct])].sort();
    const documented = [...readFileSync(source, 'utf8').matchAll(new RegExp(`@cssproperty --meshcall-${element}-([a-z-]+)`, 'g'))].map((m) => m[1]).sort();
    assert.deepEqual(documented, read);
  });
}
