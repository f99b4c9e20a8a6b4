// The npm package (SPEC §6) as a user gets it: the package's files are staged in a temp
// directory (package.json, README, server/, and dist/ + custom-elements.json built by the
// same scripts as `npm run build`), packed with `npm pack`, and installed into an empty
// project with `npm install <tarball>` (its dependencies come from the registry). One
// install serves every check below.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { cachedBuild } from '../../scripts/build-cache.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const exec = promisify(execFile);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const TAGS = [
  'call-session',
  'local-video',
  'remote-video',
  'call-controls',
  'stats-overlay',
  'call-preview',
  'device-picker',
  'call-timer',
  'network-quality',
  'call-notifications',
];

/**
 * Runs a command; on failure the error carries its output.
 * @param {string} cmd @param {string[]} args @param {string} cwd
 */
async function run(cmd, args, cwd) {
  try {
    return await exec(cmd, args, { cwd, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stdout = '', stderr = '' } = /** @type {{ stdout?: string, stderr?: string }} */ (error);
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${stdout}${stderr}`);
  }
}

/** Stages the package's files like `npm run build` would leave them, without touching the repo's dist/. */
async function stagePackage(/** @type {string} */ stage) {
  const build = await cachedBuild();
  await Promise.all([
    cp(path.join(root, 'package.json'), path.join(stage, 'package.json')),
    cp(path.join(root, 'README.md'), path.join(stage, 'README.md')),
    cp(path.join(root, 'LICENSE'), path.join(stage, 'LICENSE')),
    cp(path.join(root, 'server'), path.join(stage, 'server'), { recursive: true }),
    // dist/ (with the CDN file and the typings generated from the manifest) and the manifest,
    // built once per source state for every test that needs them.
    cp(path.join(build, 'dist'), path.join(stage, 'dist'), { recursive: true }),
    cp(path.join(build, 'custom-elements.json'), path.join(stage, 'custom-elements.json')),
  ]);
}

describe('npm package', () => {
  /** @type {string} */
  let dir;
  /** @type {string} the empty project the tarball is installed into */
  let app;
  /** @type {string[]} */
  let packed;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'meshcall-pkg-'));
    const stage = path.join(dir, 'stage');
    app = path.join(dir, 'app');
    await mkdir(stage);
    await mkdir(app);
    await stagePackage(stage);
    // --ignore-scripts: `prepack` would rebuild what is already staged.
    const { stdout } = await run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], stage);
    const [info] = JSON.parse(stdout);
    packed = info.files.map((/** @type {{ path: string }} */ f) => f.path);
    await writeFile(path.join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    await run(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', path.join(dir, info.filename)], app);
  });

  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('ships built JavaScript, types, the relay, the CDN file and the manifest — no TypeScript sources', () => {
    for (const file of [
      'package.json',
      'README.md',
      'custom-elements.json',
      'dist/cdn/meshcall.js',
      'dist/src/index.js',
      'dist/src/index.d.ts',
      'dist/components/elements.js',
      'dist/server/relay.d.ts',
      'server/relay.js',
    ]) {
      assert.ok(packed.includes(file), `${file} is in the tarball`);
    }
    for (const tag of TAGS) assert.ok(packed.includes(`dist/components/${tag}/${tag}.define.js`), `${tag} define module`);
    assert.deepEqual(
      packed.filter((f) => /\.ts$/.test(f) && !f.endsWith('.d.ts')),
      [],
      'no .ts sources',
    );
    assert.deepEqual(
      packed.filter((f) => /^(test|src|components|scripts|bench|examples)\//.test(f)),
      [],
      'no tests, sources or scripts',
    );
  });

  it('ships no tests, stories, benchmarks or examples; has a LICENSE; every `exports` target is in it', async () => {
    assert.deepEqual(
      packed.filter((f) => /^(test|stories|bench|examples|demo|\.storybook|\.ci)\//.test(f)),
      [],
    );
    assert.ok(packed.includes('LICENSE'), 'LICENSE');
    assert.match(await readFile(path.join(app, 'node_modules/meshcall/LICENSE'), 'utf8'), /^MIT License\n\nCopyright \(c\) 2026 meshcall contributors\n/);
    /** @param {unknown} node @returns {string[]} */
    const targets = (node) => (typeof node === 'string' ? [node] : Object.values(node ?? {}).flatMap(targets));
    const { exports } = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
    const missing = targets(exports).filter((target) => !packed.includes(target.replace(/^\.\//, '')));
    assert.deepEqual(missing, [], 'exports targets missing from the tarball');
    for (const entry of ['./jsx', './vue', './svelte', './vscode.html-custom-data.json', './vscode.css-custom-data.json'])
      assert.ok(entry in exports, `exports ${entry}`);
  });

  it('has source maps with their sources inside, for every compiled module', async () => {
    const compiled = packed.filter((f) => /^dist\/(src|components)\/.+\.js$/.test(f));
    assert.ok(compiled.length > 20, `${compiled.length} compiled modules`);
    assert.deepEqual(
      compiled.filter((f) => !packed.includes(`${f}.map`)),
      [],
      'modules without a .map',
    );
    assert.ok(packed.includes('dist/cdn/meshcall.js.map'), 'the CDN file has its map');
    const map = JSON.parse(await readFile(path.join(app, 'node_modules/meshcall/dist/components/call-session/call-session.js.map'), 'utf8'));
    assert.match(map.sourcesContent?.[0] ?? '', /class CallSessionElement/, 'the map carries the TypeScript source');
  });

  it('custom-elements.json points only at shipped files, and types every event and attribute', async () => {
    const manifest = JSON.parse(await readFile(path.join(app, 'node_modules/meshcall/custom-elements.json'), 'utf8'));
    /** @type {string[]} */
    const references = [];
    /** @param {unknown} node */
    const walk = (node) => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if ((key === 'path' || key === 'module') && typeof value === 'string') references.push(value);
          else walk(value);
        }
      }
    };
    walk(manifest.modules);
    assert.ok(references.length > 50, `${references.length} module references`);
    assert.deepEqual([...new Set(references.filter((r) => !packed.includes(r.replace(/^\//, ''))))], [], 'references to files not in the tarball');
    const elements = manifest.modules.flatMap((/** @type {any} */ m) => (m.declarations ?? []).filter((/** @type {any} */ d) => d.tagName));
    assert.equal(elements.length, TAGS.length);
    for (const el of elements) {
      for (const event of el.events ?? [])
        assert.match(event.type?.text ?? '', /^CustomEvent<\w+Detail>$/, `<${el.tagName}> ${event.name} has its CustomEvent type`);
      for (const attr of el.attributes ?? []) assert.ok(attr.type?.text, `<${el.tagName}> [${attr.name}] has a type`);
      assert.ok(el.cssParts?.length > 0 && el.cssProperties?.length > 0, `<${el.tagName}> documents parts and CSS properties`);
    }
  });

  it('VS Code custom data lists every tag with its attributes, and every CSS property', async () => {
    const read = async (/** @type {string} */ file) => JSON.parse(await readFile(path.join(app, 'node_modules/meshcall/dist/vscode', file), 'utf8'));
    const [html, css, manifest] = await Promise.all([
      read('vscode.html-custom-data.json'),
      read('vscode.css-custom-data.json'),
      readFile(path.join(app, 'node_modules/meshcall/custom-elements.json'), 'utf8').then(JSON.parse),
    ]);
    const elements = manifest.modules.flatMap((/** @type {any} */ m) => (m.declarations ?? []).filter((/** @type {any} */ d) => d.tagName));
    for (const el of elements) {
      const tag = html.tags.find((/** @type {{ name: string }} */ t) => t.name === el.tagName);
      assert.ok(tag, `<${el.tagName}> in the HTML data`);
      assert.deepEqual(
        tag.attributes.map((/** @type {{ name: string }} */ a) => a.name).sort(),
        el.attributes.map((/** @type {{ name: string }} */ a) => a.name).sort(),
        `<${el.tagName}> attributes`,
      );
    }
    const documented = new Set(elements.flatMap((/** @type {any} */ el) => (el.cssProperties ?? []).map((/** @type {{ name: string }} */ p) => p.name)));
    assert.deepEqual(new Set(css.properties.map((/** @type {{ name: string }} */ p) => p.name)), documented);
  });

  it('imports in Node without a DOM: `meshcall` exports CallClient, `meshcall/server` starts a relay', async () => {
    const script = `
      const core = await import('meshcall');
      if (typeof core.CallClient !== 'function') throw new Error('no CallClient export');
      if (typeof globalThis.document !== 'undefined') throw new Error('a DOM leaked in');
      const { startRelay } = await import('meshcall/server');
      const relay = await startRelay({ port: 0, log: () => {} });
      await relay.close();
      console.log(Object.keys(core).length);
    `;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], app);
    assert.ok(Number(stdout) > 20, `the core exports its API (${stdout.trim()} names)`);
  });

  it('Vite bundles `meshcall/elements` with every element; `meshcall` alone and an element class define nothing', async () => {
    await writeFile(path.join(app, 'elements.js'), "import 'meshcall/elements';\n");
    await writeFile(
      path.join(app, 'core.js'),
      "import { CallClient } from 'meshcall';\nimport { CallSessionElement } from 'meshcall/elements/call-session';\nconsole.log(CallClient, CallSessionElement);\n",
    );
    const { build } = await import('vite');
    /** @type {string[]} */
    const warnings = [];
    for (const entry of ['elements', 'core']) {
      await build({
        configFile: false,
        root: app,
        logLevel: 'silent',
        build: {
          outDir: path.join(app, 'out', entry),
          emptyOutDir: true,
          minify: false,
          target: 'es2022',
          rolldownOptions: { input: path.join(app, `${entry}.js`), onwarn: (w) => warnings.push(String(w.message)) },
        },
      });
    }
    const read = async (/** @type {string} */ entry) => {
      const assets = path.join(app, 'out', entry, 'assets');
      const files = (await readdir(assets)).filter((f) => f.endsWith('.js'));
      return (await Promise.all(files.map((f) => readFile(path.join(assets, f), 'utf8')))).join('\n');
    };
    const elements = await read('elements');
    for (const tag of TAGS) assert.match(elements, new RegExp(`customElements\\.define\\(["'\`]${tag}["'\`]`), `<${tag}> is defined by the bundle`);
    const core = await read('core');
    assert.match(core, /\bCallClient = class\b|\bclass CallClient\b/, 'the core is bundled');
    assert.match(core, /\bCallSessionElement = class\b|\bclass CallSessionElement\b/, 'the element class is bundled');
    assert.doesNotMatch(core, /customElements\.define\(/, 'importing the core and a class defines no tag (sideEffects)');
    assert.deepEqual(warnings, []);
  });

  it('types resolve: core, elements, per-element entries and the relay (tsc, moduleResolution bundler)', async () => {
    await writeFile(
      path.join(app, 'check.ts'),
      `import { CallClient, CallError, type CallConfig } from 'meshcall';
import { defineElements, type CallEventMap } from 'meshcall/elements';
import { CallSessionElement } from 'meshcall/elements/call-session';
import { defineStatsOverlay } from 'meshcall/elements/stats-overlay/define';
import { CallPreviewElement } from 'meshcall/elements/call-preview';
import { defineNetworkQuality } from 'meshcall/elements/network-quality/define';
import { startRelay, type RelayOptions } from 'meshcall/server';

const config: Partial<CallConfig> = { answerTimeInterval: 30 };
const client = new CallClient({ userId: 'alice', signalingUrl: 'ws://localhost:8080/signal', config });
const el: CallSessionElement = document.createElement('call-session');
el.userInfo = { name: 'Alice' };
el.addEventListener('call-incoming', (event) => console.log(event.detail.from));
const onHungUp = (event: CallEventMap['call-hung-up']) => console.log(event.detail.userId);
const options: RelayOptions = { port: 0 };
void startRelay(options);
defineElements();
defineStatsOverlay();
defineNetworkQuality();
console.log(client, onHungUp, CallError, CallPreviewElement);
// The types are real, not \`any\`: each line below must be an error.
// @ts-expect-error userId is a string
new CallClient({ userId: 42, signalingUrl: 'ws://x' });
// @ts-expect-error no such element property
el.notAProperty = 1;
// @ts-expect-error port is a number
startRelay({ port: 'eighty' });
`,
    );
    await writeFile(
      path.join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'bundler',
          lib: ['ES2023', 'DOM', 'DOM.Iterable'],
          types: ['node'],
          typeRoots: [path.join(root, 'node_modules/@types')],
          skipLibCheck: false,
        },
        files: ['check.ts'],
      }),
    );
    await run(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], app);
  });

  // Apps written against the installed tarball and type-checked by each framework's own
  // checker, with the typings the package generates from its manifest (meshcall/jsx,
  // meshcall/vue, meshcall/svelte). Each app also holds mistakes the types must catch
  // (a wrong property type, an unknown attribute, an unknown `detail` field): marked with
  // the checker's expect-error comment where it has one, so an error that does not happen
  // fails the check; Svelte has none in markup, so its mistakes sit in a second component
  // whose errors are matched line by line. The framework type packages are linked in from
  // the repository's node_modules (no registry traffic).
  describe('typed in every framework (the installed tarball, type-checked)', () => {
    before(async () => {
      for (const pkg of ['@types/react', 'react', 'vue', 'svelte']) {
        await mkdir(path.dirname(path.join(app, 'node_modules', pkg)), { recursive: true });
        await symlink(path.join(root, 'node_modules', pkg), path.join(app, 'node_modules', pkg), 'dir');
      }
      // The three checkers run at once (each spends most of its time loading types).
      for (const [name, body] of checks) {
        const done = body();
        done.catch(() => {}); // reported by its own test below
        running.set(name, done);
      }
    });

    /** @type {Map<string, () => Promise<void>>} */
    const checks = new Map();
    /** @type {Map<string, Promise<void>>} */
    const running = new Map();
    /** A check's test awaits the run that before() started. @param {string} name @param {() => Promise<void>} body */
    const check = (name, body) => {
      checks.set(name, body);
      it(name, () => running.get(name));
    };

    /** @param {string} folder @param {Record<string, string>} files */
    async function project(folder, files) {
      const at = path.join(app, folder);
      await mkdir(at, { recursive: true });
      for (const [name, text] of Object.entries(files)) await writeFile(path.join(at, name), text);
      return at;
    }

    const compilerOptions = {
      strict: true,
      noEmit: true,
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'bundler',
      lib: ['ES2023', 'DOM', 'DOM.Iterable'],
      // As in a Vite app's tsconfig. Typings that failed to resolve would still show: the
      // expected errors below would not happen.
      skipLibCheck: true,
    };

    check('React 19 TSX (tsc): tags, attributes, properties and oncall-* handlers with typed detail', async () => {
      const at = await project('react', {
        'tsconfig.json': JSON.stringify({ compilerOptions: { ...compilerOptions, jsx: 'react-jsx', types: ['meshcall/jsx'] }, files: ['app.tsx'] }),
        'app.tsx': `import { useState } from 'react';
  import 'meshcall/elements';

  const userInfo = { name: 'Alice' };
  const opponents = ['bob'];

  export function App() {
    const [last, setLast] = useState('none yet');
    return (
      <>
        <call-session user-id="alice" signaling-url="ws://localhost/signal" opponents={opponents} userInfo={userInfo} answer-timeout={30} video audio={false} lang="de"
          oncall-incoming={(e) => setLast(\`call from \${e.detail.from} (\${e.detail.userInfo?.name ?? '?'})\`)}
          oncall-hung-up={(e) => setLast(\`\${e.detail.userId} hung up: \${e.detail.reason ?? ''}\`)}
          oncall-state-change={(e) => setLast(e.detail.state)}
          oncall-error={(e) => setLast(e.detail.error.code)}>
          <remote-video user-id="bob" sink-id="default" />
          <local-video dir="rtl" />
          <call-controls oncall-error={(e) => setLast(e.detail.error.message)} />
          <stats-overlay interval={2} user-id="bob" />
        </call-session>
        <output>{last}</output>
        {/* @ts-expect-error opponents is a string[], not a number */}
        <call-session opponents={42} />
        {/* @ts-expect-error no attribute named bogus */}
        <call-session bogus="1" />
        {/* @ts-expect-error interval is a number */}
        <stats-overlay interval="soon" />
        <call-session oncall-hung-up={(e) => {
          // @ts-expect-error a hung-up detail has no field nope
          setLast(e.detail.nope);
        }} />
      </>
    );
  }
  `,
      });
      await run(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], at);
    });

    check('Vue SFC (vue-tsc, strictTemplates): GlobalComponents with typed props and @call-* events', async () => {
      const at = await project('vue', {
        'tsconfig.json': JSON.stringify({
          compilerOptions: { ...compilerOptions, jsx: 'preserve', types: ['meshcall/vue'] },
          vueCompilerOptions: { strictTemplates: true },
          include: ['*.vue', '*.ts'],
        }),
        'App.vue': `<script setup lang="ts">
  import { ref } from 'vue';
  import 'meshcall/elements';

  const userInfo = { name: 'Alice' };
  const opponents = ['bob'];
  // Bound, not written inline: vue-tsc 3.3 loses the handlers' event types on an element
  // with a static attribute value containing "//".
  const signalingUrl = 'ws://localhost/signal';
  const last = ref('none yet');
  </script>

  <template>
    <call-session user-id="alice" :signaling-url="signalingUrl" :opponents="opponents" :userInfo="userInfo" :answer-timeout="30"
      @call-incoming="(e) => (last = \`call from \${e.detail.from}\`)"
      @call-hung-up="(e) => (last = \`\${e.detail.userId} hung up\`)"
      @call-state-change="(e) => (last = e.detail.state)">
      <remote-video user-id="bob" />
      <local-video />
      <call-controls @call-error="(e) => (last = e.detail.error.code)" />
      <stats-overlay :interval="2" />
    </call-session>
    <output>{{ last }}</output>
    <!-- @vue-expect-error opponents is a string[], not a number -->
    <call-session :opponents="42" />
    <!-- @vue-expect-error no attribute named bogus -->
    <call-session bogus="1" />
    <!-- @vue-expect-error interval is a number -->
    <stats-overlay interval="soon" />
    <!-- @vue-expect-error a hung-up detail has no field nope -->
    <call-session @call-hung-up="(e) => (last = e.detail.nope)" />
  </template>
  `,
      });
      await run(process.execPath, [path.join(root, 'node_modules/vue-tsc/bin/vue-tsc.js'), '-p', 'tsconfig.json'], at);
    });

    check('Svelte 5 (svelte-check): element types for attributes, properties and oncall-* handlers', async () => {
      const at = await project('svelte', {
        'tsconfig.json': JSON.stringify({
          compilerOptions: { ...compilerOptions, types: ['meshcall/svelte'], verbatimModuleSyntax: true },
          include: ['*.svelte', '*.ts'],
        }),
        'App.svelte': `<script lang="ts">
    import 'meshcall/elements';

    const userInfo = { name: 'Alice' };
    const opponents = ['bob'];
    let last = $state('none yet');
  </script>

  <call-session user-id="alice" signaling-url="ws://localhost/signal" {opponents} {userInfo} answer-timeout={30}
    oncall-incoming={(e) => (last = \`call from \${e.detail.from}\`)}
    oncall-hung-up={(e) => (last = \`\${e.detail.userId} hung up\`)}
    oncall-state-change={(e) => (last = e.detail.state)}>
    <remote-video user-id="bob"></remote-video>
    <local-video></local-video>
    <call-controls oncall-error={(e) => (last = e.detail.error.code)}></call-controls>
    <stats-overlay interval={2}></stats-overlay>
  </call-session>
  <output>{last}</output>
  `,
        'Mistakes.svelte': `<script lang="ts">
    let last = $state('');
  </script>

  <call-session opponents={42}></call-session>
  <call-session bogus="1"></call-session>
  <stats-overlay interval="soon"></stats-overlay>
  <call-session oncall-hung-up={(e) => (last = e.detail.nope)}></call-session>
  <output>{last}</output>
  `,
      });
      const checker = path.join(root, 'node_modules/svelte-check/bin/svelte-check');
      const { stdout } = await exec(process.execPath, [checker, '--workspace', at, '--output', 'machine', '--tsconfig', path.join(at, 'tsconfig.json')], {
        cwd: at,
        maxBuffer: 16 * 1024 * 1024,
      }).catch((error) => error);
      // Lines: `<time> ERROR "<file>" <line>:<column> "<message>"` (lines 0-based... svelte-check prints them 1-based).
      const errors = String(stdout)
        .split('\n')
        .filter((line) => / ERROR /.test(line))
        .map((line) => {
          const match = / ERROR "([^"]+)" (\d+):\d+ /.exec(line);
          return { file: match?.[1] ?? '?', line: Number(match?.[2]), text: line };
        });
      assert.deepEqual(
        errors.filter((e) => e.file === 'App.svelte').map((e) => e.text),
        [],
        'the correct app type-checks',
      );
      const mistakes = errors.filter((e) => e.file === 'Mistakes.svelte');
      assert.deepEqual(
        [...new Set(mistakes.map((e) => e.line))].sort((a, b) => a - b),
        [5, 6, 7, 8],
        `each mistake is an error:\n${mistakes.map((e) => e.text).join('\n')}`,
      );
    });
  });
});
