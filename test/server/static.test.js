import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startRelay } from '../../server/relay.js';
import { request, openRelay } from './helpers.js';

describe('static files and /healthz', () => {
  /** @type {string} */
  let dir;
  /** @type {import('../../server/relay.js').Relay} */
  let relay;

  before(async () => {
    // <dir>/demo is served; <dir>/secret.txt and <dir>/package.json must never be.
    dir = await mkdtemp(path.join(tmpdir(), 'meshcall-static-'));
    await mkdir(path.join(dir, 'demo', 'sub'), { recursive: true });
    await mkdir(path.join(dir, 'cdn'));
    await writeFile(path.join(dir, 'demo', 'index.html'), '<!doctype html><title>demo</title>');
    await writeFile(path.join(dir, 'demo', 'app.css'), 'body{}');
    await writeFile(path.join(dir, 'demo', 'data.json'), '{}');
    await writeFile(path.join(dir, 'demo', 'icon.svg'), '<svg/>');
    await writeFile(path.join(dir, 'demo', 'app.js.map'), '{}');
    await writeFile(path.join(dir, 'demo', 'sub', 'index.html'), 'sub index');
    await writeFile(path.join(dir, 'cdn', 'meshcall.js'), 'export const meshcall = 1;');
    await writeFile(path.join(dir, 'secret.txt'), 'TOP SECRET');
    await writeFile(path.join(dir, 'package.json'), '{"secret": "TOP SECRET"}');
    relay = await startRelay({
      port: 0,
      log: () => {},
      staticDir: path.join(dir, 'demo'),
      staticRoutes: { '/meshcall.js': path.join(dir, 'cdn', 'meshcall.js') },
    });
  });

  after(async () => {
    await relay.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves index.html for /', async () => {
    const res = await request(relay.port, '/');
    assert.equal(res.status, 200);
    assert.equal(res.type, 'text/html; charset=utf-8');
    assert.match(res.body, /<title>demo<\/title>/);
  });

  it('serves index.html for a directory path ending in /', async () => {
    const res = await request(relay.port, '/sub/');
    assert.equal(res.status, 200);
    assert.equal(res.body, 'sub index');
  });

  it('serves /meshcall.js from staticRoutes as JavaScript', async () => {
    const res = await request(relay.port, '/meshcall.js');
    assert.equal(res.status, 200);
    assert.equal(res.type, 'text/javascript; charset=utf-8');
    assert.equal(res.body, 'export const meshcall = 1;');
  });

  for (const [file, type] of /** @type {[string, string][]} */ ([
    ['/app.css', 'text/css; charset=utf-8'],
    ['/data.json', 'application/json; charset=utf-8'],
    ['/icon.svg', 'image/svg+xml'],
    ['/app.js.map', 'application/json; charset=utf-8'],
  ])) {
    it(`serves ${file} as ${type}`, async () => {
      const res = await request(relay.port, file);
      assert.equal(res.status, 200);
      assert.equal(res.type, type);
    });
  }

  for (const attempt of [
    '/../package.json',
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/package.json',
    '/..%2fsecret.txt',
    '/..%2Fpackage.json',
    '/sub/../../secret.txt',
    '/..%5csecret.txt',
    '/%00',
    '/%E0%A4%A',
  ]) {
    it(`does not escape the static dir: ${attempt} → 404`, async () => {
      const res = await request(relay.port, attempt);
      assert.equal(res.status, 404);
      assert.doesNotMatch(res.body, /TOP SECRET/);
    });
  }

  it('does not serve absolute paths smuggled in encoded', async () => {
    const res = await request(relay.port, `/${encodeURIComponent(path.join(dir, 'secret.txt'))}`);
    assert.equal(res.status, 404);
    assert.doesNotMatch(res.body, /TOP SECRET/);
  });

  it('answers 404 for a missing file', async () => {
    const res = await request(relay.port, '/nope.js');
    assert.equal(res.status, 404);
    assert.match(res.body, /not found/);
  });

  it('answers GET /healthz with 200 and its load as JSON', async () => {
    const res = await request(relay.port, '/healthz');
    assert.equal(res.status, 200);
    assert.match(res.type ?? '', /application\/json/);
    const health = JSON.parse(res.body);
    assert.equal(health.status, 'ok');
    assert.equal(health.connections.signaling, 0);
    assert.equal(health.redis, 'off');
  });

  it('answers other methods with 405', async () => {
    const res = await request(relay.port, '/', 'POST');
    assert.equal(res.status, 405);
  });
});

describe('static files not built yet', () => {
  it('explains how to build the demo and the bundle instead of a bare 404', async (t) => {
    const missing = path.join(tmpdir(), 'meshcall-does-not-exist', 'dist');
    const relay = await openRelay(t, {
      staticDir: path.join(missing, 'demo'),
      staticRoutes: { '/meshcall.js': path.join(missing, 'cdn', 'meshcall.js') },
    });
    const page = await request(relay.port, '/');
    assert.equal(page.status, 404);
    assert.match(page.body, /demo not built: run npm run build/);
    const bundle = await request(relay.port, '/meshcall.js');
    assert.equal(bundle.status, 404);
    assert.match(bundle.body, /not built: run npm run build/);
  });

  it('without staticDir still answers /healthz and 404s everything else', async (t) => {
    const relay = await openRelay(t);
    assert.equal((await request(relay.port, '/healthz')).status, 200);
    assert.equal((await request(relay.port, '/')).status, 404);
  });
});
