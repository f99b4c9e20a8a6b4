// The npm package (SPEC §6) as a user gets it: the package's files are staged in a temp
// directory (package.json, README, server/, and dist/ + custom-elements.json built by the
// same scripts as `npm run build`), packed with `npm pack`, and installed into an empty
// project with `npm install <tarball>` (its dependencies come from the registry). One
// install serves every check below.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildCdn } from '../../scripts/build-cdn.js';
import { buildLib } from '../../scripts/build-lib.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const exec = promisify(execFile);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const TAGS = ['call-session', 'local-video', 'remote-video', 'call-controls', 'stats-overlay'];

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
  await Promise.all([
    cp(path.join(root, 'package.json'), path.join(stage, 'package.json')),
    cp(path.join(root, 'README.md'), path.join(stage, 'README.md')),
    cp(path.join(root, 'server'), path.join(stage, 'server'), { recursive: true }),
    buildLib({ outDir: path.join(stage, 'dist') }),
    buildCdn({ outFile: path.join(stage, 'dist/cdn/meshcall.js'), quiet: true }),
    // The manifest, as `npm run build` makes it (cem writes to a directory relative to cwd).
    run(process.execPath, [path.join(root, 'node_modules/@custom-elements-manifest/analyzer/cem.js'), 'analyze', '--litelement', '--globs', 'components/**/*.ts', '--outdir', path.relative(root, stage), '--quiet'], root),
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
    for (const file of ['package.json', 'README.md', 'custom-elements.json', 'dist/cdn/meshcall.js', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/components/elements.js', 'dist/server/relay.d.ts', 'server/relay.js']) {
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
    await writeFile(path.join(app, 'core.js'), "import { CallClient } from 'meshcall';\nimport { CallSessionElement } from 'meshcall/elements/call-session';\nconsole.log(CallClient, CallSessionElement);\n");
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
console.log(client, onHungUp, CallError);
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
});
