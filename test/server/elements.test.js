// Node-side checks of the elements (components/): the Custom Elements Manifest that
// `npm run build` generates, and that every module imports cleanly without a DOM (SSR).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

const ELEMENTS = {
  'call-session': {
    attributes: ['user-id', 'signaling-url', 'opponents', 'video', 'audio', 'answer-timeout', 'dialing-interval', 'auto-answer', 'theme', 'lang', 'dir'],
    events: [
      'call-incoming',
      'call-accepted',
      'call-rejected',
      'call-hung-up',
      'call-state-change',
      'call-connection-state-change',
      'call-error',
      'call-remote-track',
      'call-session-closed',
      'call-user-not-answered',
      'call-stats',
    ],
    parts: ['base', 'status', 'error', 'ringing', 'incoming', 'accept', 'reject', 'grid', 'controls'],
    cssProperties: [
      '--meshcall-color-scheme',
      '--meshcall-call-session-background',
      '--meshcall-call-session-radius',
      '--meshcall-call-session-font',
      '--meshcall-call-session-spacing',
    ],
    slots: [''],
  },
  'local-video': {
    attributes: ['lang', 'dir'],
    events: [],
    parts: ['base', 'video', 'placeholder', 'label'],
    cssProperties: ['--meshcall-local-video-video-fit'],
  },
  'remote-video': {
    attributes: ['user-id', 'name', 'sink-id', 'lang', 'dir'],
    events: ['call-error'],
    parts: ['base', 'video', 'name', 'state', 'badge', 'play-button'],
    cssProperties: ['--meshcall-remote-video-radius', '--meshcall-remote-video-video-fit'],
  },
  'call-controls': {
    attributes: ['lang', 'dir'],
    events: ['call-error'],
    parts: ['base', 'button', 'call', 'accept', 'reject', 'hang-up', 'mute', 'camera', 'switch-camera', 'screen-share'],
    cssProperties: ['--meshcall-call-controls-accent', '--meshcall-call-controls-danger'],
  },
  'stats-overlay': {
    attributes: ['user-id', 'interval', 'lang', 'dir'],
    events: [],
    parts: ['base', 'peer', 'metrics', 'lines'],
    cssProperties: ['--meshcall-stats-overlay-text'],
  },
  'call-preview': {
    attributes: ['video', 'audio', 'mic-off', 'camera-off', 'lang', 'dir'],
    events: ['preview-join'],
    parts: ['base', 'frame', 'video', 'placeholder', 'meter', 'meter-level', 'pickers', 'picker', 'toggles', 'toggle', 'icon', 'join', 'error', 'retry'],
    cssProperties: ['--meshcall-call-preview-accent', '--meshcall-call-preview-background'],
  },
  'device-picker': {
    attributes: ['kind', 'value', 'lang', 'dir'],
    events: ['device-change'],
    parts: ['base', 'label', 'select', 'message'],
    cssProperties: ['--meshcall-device-picker-border'],
  },
  'call-timer': { attributes: ['lang', 'dir'], events: [], parts: ['base', 'time'], cssProperties: ['--meshcall-call-timer-text'] },
  'network-quality': {
    attributes: ['user-id', 'interval', 'level', 'lang', 'dir'],
    events: ['network-quality-change'],
    parts: ['base', 'bar', 'bar-on'],
    cssProperties: ['--meshcall-network-quality-success', '--meshcall-network-quality-danger'],
  },
  'call-notifications': {
    attributes: ['duration', 'lang', 'dir'],
    events: ['call-notification'],
    parts: ['base', 'notification', 'message', 'dismiss', 'icon'],
    cssProperties: ['--meshcall-call-notifications-overlay-background'],
  },
};

/** The elements whose own events are the core's `call-*` re-dispatched (the tools fire their own). */
const CALL_EVENTS_ONLY = new Set(['call-session', 'local-video', 'remote-video', 'call-controls', 'stats-overlay']);

describe('custom-elements.json (cem analyze)', () => {
  /** @type {string} */
  let dir;
  /** @type {any} */
  let manifest;
  /** @type {string} */
  let packageJsonBefore;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'meshcall-cem-'));
    packageJsonBefore = await readFile(path.join(root, 'package.json'), 'utf8');
    // The same command as `npm run build`, writing elsewhere (the outdir is relative to cwd).
    await run(
      process.execPath,
      [
        path.join(root, 'node_modules/@custom-elements-manifest/analyzer/cem.js'),
        'analyze',
        '--litelement',
        '--globs',
        'components/**/*.ts',
        '--outdir',
        path.relative(root, dir),
        '--quiet',
      ],
      { cwd: root },
    );
    manifest = JSON.parse(await readFile(path.join(dir, 'custom-elements.json'), 'utf8'));
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** @param {string} tag */
  function declaration(tag) {
    for (const mod of manifest.modules) {
      for (const decl of mod.declarations ?? []) if (decl.tagName === tag) return decl;
    }
    return undefined;
  }

  for (const [tag, expected] of Object.entries(ELEMENTS)) {
    it(`documents <${tag}>: attributes, events, parts, CSS properties, summary`, () => {
      const decl = declaration(tag);
      assert.ok(decl, `<${tag}> is in the manifest`);
      assert.ok(decl.summary, 'has a @summary');
      const names = (/** @type {{ name: string }[] | undefined} */ list) => (list ?? []).map((x) => x.name);
      for (const name of expected.attributes) assert.ok(names(decl.attributes).includes(name), `attribute ${name}`);
      for (const name of expected.events) assert.ok(names(decl.events).includes(name), `event ${name}`);
      assert.ok(
        (decl.events ?? []).every((/** @type {{ name?: string }} */ e) => e.name && (!CALL_EVENTS_ONLY.has(tag) || e.name.startsWith('call-'))),
        'events all named; only call-* on the call elements',
      );
      for (const name of expected.parts) assert.ok(names(decl.cssParts).includes(name), `part ${name}`);
      for (const name of expected.cssProperties) assert.ok(names(decl.cssProperties).includes(name), `css property ${name}`);
      for (const prop of decl.cssProperties) assert.ok(prop.description, `${prop.name} is described`);
      if ('slots' in expected) assert.deepEqual(names(decl.slots), expected.slots);
    });
  }

  it('registers each tag in its define module, and leaves package.json alone', async () => {
    const defined = manifest.modules.flatMap((/** @type {any} */ m) =>
      (m.exports ?? []).filter((/** @type {any} */ e) => e.kind === 'custom-element-definition').map((/** @type {any} */ e) => `${e.name} ${m.path}`),
    );
    assert.deepEqual(
      defined.sort(),
      Object.keys(ELEMENTS)
        .map((tag) => `${tag} dist/components/${tag}/${tag}.define.js`)
        .sort(),
    );
    assert.equal(await readFile(path.join(root, 'package.json'), 'utf8'), packageJsonBefore);
  });
});

describe('components in Node (no DOM)', () => {
  /** @type {string} */
  let outDir;
  /** @type {string[]} */
  let files;

  before(async () => {
    // Compile components/ as the demo build does (Vite, legacy decorators), one output file
    // per module, into a folder inside the project so `lit` resolves from node_modules.
    outDir = await mkdtemp(path.join(root, 'node_modules', '.meshcall-ssr-'));
    const sources = (await readdir(path.join(root, 'components'), { recursive: true })).filter((f) => f.endsWith('.ts'));
    const { build } = await import('vite');
    await build({
      configFile: false,
      root,
      logLevel: 'silent',
      build: {
        ssr: true,
        outDir,
        emptyOutDir: true,
        target: 'es2022',
        minify: false,
        rolldownOptions: {
          input: Object.fromEntries(sources.map((f) => [f.replace(/\.ts$/, ''), path.join(root, 'components', f)])),
          output: { preserveModules: true, preserveModulesRoot: root, entryFileNames: '[name].js' },
        },
      },
    });
    files = (await readdir(outDir, { recursive: true })).filter((f) => f.endsWith('.js')).map((f) => path.join(outDir, f));
  });

  after(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it('every module imports without a window or document; classes define nothing, define modules do', async () => {
    assert.equal(typeof globalThis.window, 'undefined');
    assert.equal(typeof globalThis.document, 'undefined');
    // components/<tag>/<tag>.ts holds the class of <tag>.
    const classModules = files.filter((f) => Object.keys(ELEMENTS).some((tag) => f.endsWith(`${path.sep}${tag}${path.sep}${tag}.js`)));
    assert.equal(classModules.length, Object.keys(ELEMENTS).length, `compiled the element classes (${files.length} files)`);
    for (const file of classModules) await import(pathToFileURL(file).href);
    // Lit's Node build provides a `customElements` stand-in; nothing is registered in it yet.
    for (const tag of Object.keys(ELEMENTS)) assert.equal(globalThis.customElements?.get(tag), undefined, `${tag} not defined by importing its class`);
    for (const file of files) await import(pathToFileURL(file).href);
    for (const tag of Object.keys(ELEMENTS)) assert.ok(globalThis.customElements?.get(tag), `${tag} defined by the elements entry`);
  });
});
