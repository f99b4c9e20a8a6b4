// Issue 11, item 3: slow and silent clients are bounded. Connections count from TCP accept,
// must send complete request headers within headersTimeoutMs, and sockets that stop
// answering pings are dropped by the second heartbeat. At the open-file limit the OS would
// accept and drop connections silently (libuv's EMFILE trick): a relay process started with
// a tiny `ulimit -n` stays below it, answers 503 and logs it, rate-limited.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { ACCEPT_HEADROOM } from '../../server/relay.js';
import { Client, openRelay, request, waitUntil, within } from './helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * A client that opens a TCP connection and trickles an upgrade request one byte every
 * `everyMs`, never finishing it. Records what the relay answers and when it closes.
 * @param {number} port @param {{ localAddress?: string, everyMs?: number }} [options]
 */
function slowClient(port, { localAddress = '127.0.0.1', everyMs = 100 } = {}) {
  const socket = net.connect({ port, host: '127.0.0.1', localAddress });
  const text = 'GET /signal?user=slow HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n';
  let sent = 0;
  let answer = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk) => (answer += chunk));
  socket.on('error', () => {});
  const timer = setInterval(() => {
    if (socket.writable) socket.write(text[sent % text.length] ?? 'x');
    sent += 1;
  }, everyMs);
  /** @type {Promise<void>} */
  const closed = new Promise((resolve) => socket.once('close', () => resolve()));
  closed.then(() => clearInterval(timer));
  return { socket, closed, answer: () => answer, stop: () => socket.destroy() };
}

describe('slow clients', () => {
  it('closes a connection that trickles its headers, and one that sends nothing, after headersTimeoutMs', async (t) => {
    const relay = await openRelay(t, { headersTimeoutMs: 400 });
    const trickler = slowClient(relay.port);
    const silent = net.connect(relay.port, '127.0.0.1');
    silent.on('error', () => {});
    const silentClosed = new Promise((resolve) => silent.once('close', resolve));
    t.after(() => {
      trickler.stop();
      silent.destroy();
    });
    const started = Date.now();
    await within(trickler.closed, 'the relay to close the trickling connection', 5000);
    await within(silentClosed, 'the relay to close the silent connection', 5000);
    const held = Date.now() - started;
    assert.ok(held >= 350, `held about the timeout (${held} ms), not cut at once`);
    await waitUntil(() => relay.load().tcp === 0, 'both are no longer counted');
    assert.ok(
      relay.logs.some((line) => /no complete request headers within 400 ms/.test(String(line))),
      'the relay logged why',
    );
  });

  it('counts connections from TCP accept: slow clients of one address hit the cap at once; another address still gets in', async (t) => {
    const relay = await openRelay(t, { headersTimeoutMs: 1500, maxConnectionsPerIp: 3, maxConnections: 20 });
    const slow = Array.from({ length: 30 }, () => slowClient(relay.port));
    t.after(() => slow.forEach((c) => c.stop()));
    // Refused at accept, before sending a whole request line: HTTP 429 straight away.
    await waitUntil(() => slow.filter((c) => c.answer().startsWith('HTTP/1.1 429')).length === 30 - 3 - ACCEPT_HEADROOM, 'all but the cap are refused');
    assert.ok(relay.load().tcp <= 3 + ACCEPT_HEADROOM, `the relay holds at most the cap + headroom (${relay.load().tcp})`);

    const a = await Client.connect(relay.wsUrl, 'a', { t, localAddress: '127.0.0.2' });
    const b = await Client.connect(relay.wsUrl, 'b', { t, localAddress: '127.0.0.3' });
    a.send({ to: 'b', msg: { hi: true } });
    assert.deepEqual(await b.next(), { from: 'a', msg: { hi: true } });
    const health = await new Promise((resolve, reject) => {
      http.get({ host: '127.0.0.1', port: relay.port, path: '/healthz', localAddress: '127.0.0.4' }, resolve).on('error', reject);
    });
    assert.equal(/** @type {http.IncomingMessage} */ (health).statusCode, 200, '/healthz answers other addresses');
    /** @type {http.IncomingMessage} */ (health).resume();

    await within(Promise.all(slow.map((c) => c.closed)), 'every slow connection to be gone', 6000);
    await waitUntil(() => relay.load().tcp === 2, 'only the two real clients are left');
    assert.equal(relay.connectionCount(), 2);
  });

  it('drops a socket that stops answering pings at the second heartbeat', async (t) => {
    const relay = await openRelay(t, { heartbeatMs: 200 });
    const mute = await Client.connect(relay.wsUrl, 'mute', { t, autoPong: false });
    const live = await Client.connect(relay.wsUrl, 'live', { t });
    let pings = 0;
    mute.ws.on('ping', () => (pings += 1));
    const { code } = await mute.waitClosed();
    assert.equal(code, 1006, 'terminated, not closed politely');
    assert.equal(pings, 1, 'one unanswered ping, and at the next heartbeat it is gone');
    assert.equal(live.ws.readyState, live.ws.OPEN, 'a client that answers stays');
  });

  it('stays below the open-file limit: answers 503, logs it once per interval, keeps running, and recovers', async (t) => {
    // server/main.js with room for only a few sockets beyond Node's own descriptors.
    const child = spawn('sh', ['-c', 'ulimit -n 64 && exec "$0" server/main.js', process.execPath], {
      cwd: root,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', MESHCALL_MAX_CONNECTIONS_PER_IP: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    /** @type {number | null | undefined} */
    let exitCode;
    child.on('exit', (code) => (exitCode = code));
    t.after(() => {
      if (exitCode === undefined) child.kill('SIGKILL');
    });
    await waitUntil(() => /http:\/\/127\.0\.0\.1:\d+/.test(output), 'the relay to listen', 15_000);
    const port = Number(/http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1]);
    /** @type {net.Socket[]} */
    const hogs = [];
    /** @type {string[]} */
    const answers = [];
    for (let i = 0; i < 80; i++) {
      const s = net.connect(port, '127.0.0.1');
      s.on('error', () => {});
      s.on('data', (d) => answers.push(String(d)));
      hogs.push(s);
    }
    await waitUntil(() => /at the open-file limit/.test(output), 'the relay to log the open-file limit', 10_000);
    await waitUntil(() => answers.some((a) => a.startsWith('HTTP/1.1 503')), 'a connection past the limit to be answered 503');
    for (const s of hogs) s.destroy();
    const health = await within(
      (async () => {
        // Until the relay has handled the hogs' closes it is still at the limit: a 503 (or a
        // refused connection) then means "not yet", not "did not recover".
        for (;;) {
          const answer = await request(port, '/healthz').catch(() => undefined);
          if (answer?.status === 200) return answer;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      })(),
      '/healthz once the hogs are gone',
      10_000,
    );
    assert.equal(health.status, 200);
    assert.ok(JSON.parse(health.body).acceptErrors > 0, '/healthz counts the accept errors');
    assert.equal(output.match(/open-file limit/g)?.length, 1, `one log line, not one per refused connection:\n${output}`);
    assert.equal(exitCode, undefined, 'the process is still running');
  });
});
