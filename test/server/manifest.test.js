// custom-elements.json against the elements as they really are. The manifest comes from
// scripts/build-manifest.js (as `npm run build` makes it); the elements from the CDN bundle
// (every tag defined), loaded into headless Chromium. Per element:
// - attributes: the manifest's are exactly the class's `observedAttributes`;
// - parts: every part in its shadow root (idle, and in a real connected call between two
//   clients over an in-page MemoryNetwork) is documented; every documented part is named in
//   the element's source;
// - CSS properties: every documented one is read by its styles (a global token, by some
//   element's), and every `--meshcall-<tag>-*` token its styles read is documented;
// - events: <call-session> documents exactly `call-` + each core event it re-dispatches
//   (components/events.ts) and `call-error`; the others exactly the names they emit.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { cachedBuild } from '../../scripts/build-cache.js';
import { startRelay } from '../../server/relay.js';
import { launchChromium, openPage } from './page-helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * @typedef {{ name: string }} Named
 * @typedef {{ tagName: string, attributes?: Named[], events?: Named[], cssParts?: Named[], cssProperties?: Named[] }} Element
 * @typedef {{ observed: string[], parts: string[], css: string }} Runtime
 */

describe('custom-elements.json matches the real elements', () => {
  /** @type {string} */
  let dir;
  /** @type {Element[]} */
  let elements;
  /** @type {Record<string, Runtime>} */
  let runtime;
  /** @type {{ SESSION_EVENTS: readonly string[], CLIENT_EVENTS: readonly string[] }} */
  let lists;
  /** @type {import('playwright').Browser} */
  let browser;
  /** @type {import('../../server/relay.js').Relay} */
  let relay;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'meshcall-manifest-'));
    const build = await cachedBuild();
    const [manifest, code] = await Promise.all([
      readFile(path.join(build, 'custom-elements.json'), 'utf8').then(JSON.parse),
      // The all-in-one file: every export in one module, nothing loaded on demand.
      readFile(path.join(build, 'dist/cdn/meshcall.all.js'), 'utf8'),
    ]);
    elements = manifest.modules.flatMap((/** @type {{ declarations?: Element[] }} */ m) => (m.declarations ?? []).filter((d) => d.tagName));
    // The event lists, from the TypeScript module itself.
    await esbuild.build({
      entryPoints: [path.join(root, 'components/events.ts')],
      outfile: path.join(dir, 'events.mjs'),
      format: 'esm',
      bundle: true,
      platform: 'neutral',
      logLevel: 'silent',
    });
    lists = await import(pathToFileURL(path.join(dir, 'events.mjs')).href);

    // Served by the relay (a real local server: Chromium refuses some things on about:blank).
    await writeFile(path.join(dir, 'meshcall.js'), code);
    await writeFile(
      path.join(dir, 'index.html'),
      '<!doctype html><html lang="en"><body><script type="module">import * as meshcall from "./meshcall.js"; window.meshcall = meshcall;</script></body></html>',
    );
    relay = await startRelay({ port: 0, staticDir: dir, log: () => {} });
    browser = await launchChromium();
    const { page, errors } = await openPage(browser);
    await page.goto(`${relay.httpUrl}/index.html`);
    await page.waitForFunction(() => 'meshcall' in window);
    runtime = await page.evaluate(
      async (tags) => {
        const { CallClient, MemoryNetwork } = /** @type {any} */ (window).meshcall;
        /** @type {Record<string, Set<string>>} */
        const parts = Object.fromEntries(tags.map((/** @type {string} */ t) => [t, new Set()]));
        // Parts of each meshcall element's own shadow root, wherever it sits (nested in another's too).
        const collect = (/** @type {Document | ShadowRoot} */ scope) => {
          for (const el of scope.querySelectorAll('*')) {
            const tag = el.localName;
            if (el.shadowRoot) {
              if (tag in parts)
                for (const p of el.shadowRoot.querySelectorAll('[part]'))
                  for (const token of p.getAttribute('part')?.split(/\s+/) ?? []) if (token) parts[tag]?.add(token);
              collect(el.shadowRoot);
            }
          }
        };
        const settle = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50)));
        for (const tag of tags) document.body.append(document.createElement(tag));
        const network = new MemoryNetwork();
        const [alice, bob] = ['alice', 'bob'].map(
          (userId) => new CallClient({ userId, transport: network.transport(userId), config: { logLevel: 'nothing', statsInterval: 1 } }),
        );
        bob.addEventListener('incoming', (/** @type {CustomEvent} */ e) => void e.detail.session.accept());
        const call = /** @type {any} */ (document.createElement('call-session'));
        call.client = alice;
        call.opponents = ['bob'];
        document.body.append(call);
        await settle();
        collect(document);
        const connected = new Promise((resolve) => call.addEventListener('call-connected', resolve, { once: true }));
        await call.call();
        await connected;
        // The standalone tools follow a session only when given one (outside <call-session>).
        for (const tag of ['call-timer', 'network-quality', 'call-notifications'])
          for (const el of document.body.querySelectorAll(tag)) /** @type {any} */ (el).session = call.session;
        const stats = new Promise((resolve) => call.addEventListener('call-stats', resolve, { once: true }));
        await stats;
        await settle();
        collect(document);
        call.hangUp();
        alice.disconnect();
        bob.disconnect();
        network.close();
        return Object.fromEntries(
          tags.map((/** @type {string} */ tag) => {
            const cls = /** @type {any} */ (customElements.get(tag));
            const css = (cls.elementStyles ?? []).map((/** @type {{ cssText: string }} */ s) => s.cssText).join('\n');
            return [tag, { observed: [...cls.observedAttributes], parts: [...(parts[tag] ?? [])], css }];
          }),
        );
      },
      elements.map((e) => e.tagName),
    );
    assert.deepEqual(errors, [], 'no uncaught errors in the page');
  });

  after(async () => {
    await browser?.close();
    await relay?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const names = (/** @type {Named[] | undefined} */ list) => (list ?? []).map((x) => x.name).sort();
  const sorted = (/** @type {Iterable<string>} */ list) => [...new Set(list)].sort();

  /** The TypeScript of an element's folder (components/<tag>/). @param {string} tag */
  async function source(tag) {
    const folder = path.join(root, 'components', tag);
    const files = (await readdir(folder)).filter((f) => f.endsWith('.ts'));
    const text = (await Promise.all(files.map((f) => readFile(path.join(folder, f), 'utf8')))).join('\n');
    // Code only: the JSDoc that documents a part must not count as the source that renders it.
    return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  }

  it('covers every element the bundle defines', () => {
    assert.ok(elements.length >= 5, `${elements.length} elements`);
    for (const el of elements) assert.ok(runtime[el.tagName], `<${el.tagName}> is defined by the bundle`);
  });

  it('attributes: exactly the observedAttributes of each class', () => {
    for (const el of elements) assert.deepEqual(names(el.attributes), sorted(runtime[el.tagName]?.observed ?? []), `<${el.tagName}>`);
  });

  it('parts: every rendered part is documented, every documented part is in the source', async () => {
    for (const el of elements) {
      const documented = names(el.cssParts);
      const rendered = runtime[el.tagName]?.parts ?? [];
      assert.ok(rendered.length > 0, `<${el.tagName}> rendered parts`);
      assert.deepEqual(
        rendered.filter((p) => !documented.includes(p)),
        [],
        `<${el.tagName}> renders undocumented parts`,
      );
      const text = await source(el.tagName);
      assert.deepEqual(
        documented.filter((p) => !rendered.includes(p) && !new RegExp(`[\\s"'\`]${p}[\\s"'\`]`).test(text)),
        [],
        `<${el.tagName}> documents parts its source never names`,
      );
    }
  });

  it('CSS properties: documented ones are read by the styles; the element’s own tokens are all documented', () => {
    const tokens = (/** @type {string} */ css) => sorted(css.match(/--meshcall-[a-z0-9-]+/g) ?? []);
    // A global token documented on <call-session> (`--meshcall-video-fit`) is inherited by the elements inside it.
    const anywhere = tokens(
      Object.values(runtime)
        .map((r) => r.css)
        .join('\n'),
    );
    for (const el of elements) {
      const used = tokens(runtime[el.tagName]?.css ?? '');
      const documented = names(el.cssProperties);
      const read = (/** @type {string} */ p) => used.includes(p) || (!p.startsWith(`--meshcall-${el.tagName}-`) && anywhere.includes(p));
      assert.deepEqual(
        documented.filter((p) => !read(p)),
        [],
        `<${el.tagName}> documents properties no styles read`,
      );
      assert.deepEqual(
        used.filter((p) => p.startsWith(`--meshcall-${el.tagName}-`) && !documented.includes(p)),
        [],
        `<${el.tagName}> reads undocumented tokens`,
      );
    }
  });

  it('events: what each element really dispatches', async () => {
    for (const el of elements) {
      const expected =
        el.tagName === 'call-session'
          ? sorted([...lists.SESSION_EVENTS, ...lists.CLIENT_EVENTS].map((e) => `call-${e}`).concat('call-error'))
          : sorted([...(await source(el.tagName)).matchAll(/\bemit\(\s*'([a-z][a-z-]*)'/g)].map((m) => String(m[1])));
      assert.deepEqual(names(el.events), expected, `<${el.tagName}>`);
    }
  });
});
