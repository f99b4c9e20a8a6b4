// Janus for conference mode: the rendered config loads only the VideoRoom plugin and the
// WebSocket transport, binds 127.0.0.1 on the chosen port, and the launcher starts and stops
// a real Janus (Debian's `janus`; CI installs it). Without it these tests FAIL, never skip.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import WebSocket from 'ws';
import { DEBIAN_LIB_DIR, ENABLED_LIBRARIES, JanusConfigError, renderJanusConfig } from '../../server/janus/config.js';
import { JanusStartError, pingJanus, randomAdminKey, startJanus } from '../../server/janus/launcher.js';

/**
 * Sends one Janus API request on a fresh WebSocket and resolves with the answer.
 * @param {string} url @param {Record<string, unknown>} body
 * @returns {Promise<Record<string, any>>}
 */
function janusRequest(url, body) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, 'janus-protocol');
    ws.once('error', reject);
    ws.once('open', () => ws.send(JSON.stringify({ ...body, transaction: 't1' })));
    ws.once('message', (data) => {
      ws.close();
      resolve(JSON.parse(String(data)));
    });
  });
}

/** @param {number} port @returns {Promise<boolean>} whether something accepts TCP on 127.0.0.1:port (only after Janus stopped: see pingJanus) */
const accepts = (port) =>
  new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

describe('Janus config template', () => {
  const files = renderJanusConfig({ port: 18188, adminKey: 'k1', iceAddress: '10.1.2.3', configsFolder: '/tmp/x' });

  it('disables every plugin, transport, logger and event handler but VideoRoom and WebSockets', () => {
    const core = files['janus.jcfg'] ?? '';
    for (const kind of ['plugins', 'transports', 'loggers', 'events']) {
      const installed = readdirSync(path.join(DEBIAN_LIB_DIR, kind)).filter((f) => f.endsWith('.so'));
      const section = core.slice(core.indexOf(`${kind}: {`));
      const disabled = (section.match(/disable = "([^"]*)"/)?.[1] ?? '').split(',').filter(Boolean);
      assert.deepEqual(disabled.sort(), installed.filter((f) => !ENABLED_LIBRARIES.includes(f)).sort(), kind);
    }
    assert.match(core, /ice_enforce_list = "10\.1\.2\.3"/);
    assert.match(core, /interface = "10\.1\.2\.3"/);
    assert.match(core, /session_timeout = 60/, 'the client keeps sessions alive every 25 s');
  });

  it('binds the WebSocket API to 127.0.0.1 on the chosen port, without TLS or the admin API', () => {
    const ws = files['janus.transport.websockets.jcfg'] ?? '';
    assert.match(ws, /ws_ip = "127\.0\.0\.1"/);
    assert.match(ws, /ws_port = 18188/);
    assert.match(ws, /admin_ws = false/);
    assert.match(ws, /wss = false/);
    assert.match(files['janus.plugin.videoroom.jcfg'] ?? '', /admin_key = "k1"/);
  });

  it('refuses values that would break out of a config string', () => {
    assert.throws(() => renderJanusConfig({ port: 1, adminKey: 'a"\ndisable = ""', configsFolder: '/tmp' }), JanusConfigError);
    assert.throws(() => renderJanusConfig({ port: 70000, configsFolder: '/tmp' }), JanusConfigError);
    assert.throws(() => renderJanusConfig({ port: 1, rtpPortRange: '1-2; x', configsFolder: '/tmp' }), JanusConfigError);
    assert.throws(() => renderJanusConfig({ port: 1, sessionTimeout: 0, configsFolder: '/tmp' }), JanusConfigError);
  });
});

describe('Janus launcher', () => {
  /** @type {import('../../server/janus/launcher.js').JanusServer} */
  let janus;
  before(async () => {
    janus = await startJanus({ adminKey: randomAdminKey() });
  });
  after(() => janus?.stop());

  it('listens on 127.0.0.1 on a free port with only VideoRoom and WebSockets loaded', async () => {
    assert.match(janus.url, /^ws:\/\/127\.0\.0\.1:\d+$/);
    const info = await janusRequest(janus.url, { janus: 'info' });
    assert.equal(info.janus, 'server_info');
    assert.deepEqual(Object.keys(info.plugins), ['janus.plugin.videoroom']);
    assert.deepEqual(Object.keys(info.transports), ['janus.transport.websockets']);
    assert.deepEqual(Object.keys(info.events ?? {}), []);
  });

  it('refuses to create a VideoRoom without the admin key', async () => {
    const ws = new WebSocket(janus.url, 'janus-protocol');
    /** @type {Record<string, any>[]} */
    const messages = [];
    ws.on('message', (data) => messages.push(JSON.parse(String(data))));
    await new Promise((resolve) => ws.once('open', resolve));
    const next = async (/** @type {(m: Record<string, any>) => boolean} */ match) => {
      const deadline = Date.now() + 5000;
      for (;;) {
        const found = messages.find(match);
        if (found) return found;
        if (Date.now() > deadline) throw new Error('no answer from Janus');
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    try {
      ws.send(JSON.stringify({ janus: 'create', transaction: 'c' }));
      const session = (await next((m) => m.transaction === 'c')).data.id;
      ws.send(JSON.stringify({ janus: 'attach', session_id: session, plugin: 'janus.plugin.videoroom', transaction: 'a' }));
      const handle = (await next((m) => m.transaction === 'a')).data.id;
      const create = async (/** @type {string} */ transaction, /** @type {object} */ extra) => {
        ws.send(JSON.stringify({ janus: 'message', session_id: session, handle_id: handle, transaction, body: { request: 'create', room: 4242, ...extra } }));
        return (await next((m) => m.transaction === transaction && m.janus !== 'ack')).plugindata.data;
      };
      assert.equal((await create('r1', {})).error_code, 429, 'no admin key: missing element');
      assert.equal((await create('r2', { admin_key: 'guess' })).error_code, 433, 'wrong admin key: unauthorized');
      assert.equal((await create('r3', { admin_key: janus.adminKey })).videoroom, 'created', 'the right key creates it');
    } finally {
      ws.close();
    }
  });

  it('stops Janus and frees its port', async () => {
    const other = await startJanus({});
    assert.equal(await pingJanus(other.url), true);
    await other.stop();
    assert.equal(await other.exited, 0);
    assert.equal(await accepts(other.port), false);
  });

  it('says clearly when the binary is missing', async () => {
    await assert.rejects(startJanus({ binary: '/nonexistent/janus' }), JanusStartError);
  });
});
