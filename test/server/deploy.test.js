// docs/deploy.md, tried end to end on localhost with its own files (docs/deploy/): Redis,
// coturn from turnserver.conf, two `node server/main.js` relays from relay.env, Caddy from
// the Caddyfile (TLS with its internal CA, since there is no public domain here), and a
// relay-only call between two Chromium pages of the app Caddy serves. Only what cannot be
// the same on a test machine changes: secrets (generated, as the guide says), ports (free
// ones), the domain (localhost) and coturn's TLS/loopback switches.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { CHROMIUM_ARGS, findBrowser } from '../../scripts/find-browser.js';
import { createToken } from '../../server/relay.js';
import { bundleForTest, hangUp, placeCall } from './call-pages.js';
import { PAGE_WAIT_MS } from './page-helpers.js';
import { freePort, stopChild, tcpListening } from '../../server/child-server.js';
import { startRedisServer } from './redis-server.js';
import { within } from './helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const guide = path.join(root, 'docs/deploy');

/** @typedef {{ name: string, child: import('node:child_process').ChildProcess, output: () => string }} Proc */

/** @param {string} name @param {string} cmd @param {string[]} args @param {Record<string, string>} [env] @returns {Proc} */
function run(name, cmd, args, env = {}) {
  const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (c) => (output += c));
  child.stderr?.on('data', (c) => (output += c));
  child.on('error', (err) => (output += `\n${name} could not start: ${err.message}`));
  return { name, child, output: () => output };
}

/** Resolves once `port` accepts TCP connections. @param {number} port @param {Proc} proc */
async function listening(port, proc, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (!(await tcpListening(port))) {
    if (proc.child.exitCode !== null || Date.now() > deadline) throw new Error(`${proc.name} is not listening on ${port}:\n${proc.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** KEY=VALUE lines of an env file (comments and blanks skipped). @param {string} text */
function parseEnvFile(text) {
  /** @type {Record<string, string>} */
  const env = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (match) env[String(match[1])] = String(match[2]);
  }
  return env;
}

describe('docs/deploy.md on localhost: Caddy (TLS) → two relays + Redis, coturn', () => {
  /** @type {string} */
  let dir;
  /** @type {Proc[]} */
  const procs = [];
  /** @type {import('./redis-server.js').RedisServer} */
  let redis;
  /** @type {import('playwright').Browser} */
  let browser;
  const secrets = { relay: randomBytes(32).toString('hex'), turn: randomBytes(32).toString('hex'), metrics: randomBytes(32).toString('hex') };
  /** @type {number[]} */
  const relayPorts = [];
  let httpsPort = 0;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'meshcall-deploy-'));
    redis = await startRedisServer();

    // coturn: the guide's turnserver.conf with the TURN secret filled in.
    const turnPort = await freePort();
    const conf = (await readFile(path.join(guide, 'turnserver.conf'), 'utf8')).replace('CHANGE-ME-turn-secret', secrets.turn);
    await writeFile(path.join(dir, 'turnserver.conf'), conf);
    const turn = run('coturn', 'turnserver', [
      '-c',
      path.join(dir, 'turnserver.conf'),
      '--listening-ip',
      '127.0.0.1',
      '--relay-ip',
      '127.0.0.1',
      '--listening-port',
      String(turnPort),
      '--no-tls',
      '--no-dtls',
      '--allow-loopback-peers', // no certificate here; both call ends are on loopback
      '--log-file',
      'stdout',
      '--pidfile',
      path.join(dir, 'turn.pid'),
      '--db',
      path.join(dir, 'turndb'),
    ]);
    procs.push(turn);

    // Two relays with the guide's relay.env.
    const env = parseEnvFile(await readFile(path.join(guide, 'relay.env'), 'utf8'));
    env.MESHCALL_SECRET = secrets.relay;
    env.MESHCALL_TURN_SECRET = secrets.turn;
    env.MESHCALL_METRICS_TOKEN = secrets.metrics;
    env.MESHCALL_TURN_URLS = `turn:127.0.0.1:${turnPort}?transport=udp,turn:127.0.0.1:${turnPort}?transport=tcp`;
    env.REDIS_URL = redis.url;
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      relayPorts.push(port);
      procs.push(run(`relay ${port}`, process.execPath, ['server/main.js'], { ...env, PORT: String(port) }));
    }

    // The app Caddy serves: meshcall.js and two pages using <call-session> with TURN from /turn.
    const app = path.join(dir, 'app');
    await mkdir(app);
    await writeFile(path.join(app, 'meshcall.js'), await bundleForTest());
    await writeFile(path.join(app, 'turn-credentials.js'), await bundleForTest(`export * from './src/signaling/turn-credentials.ts';\n`));
    for (const [user, other] of /** @type {const} */ ([
      ['alice', 'bob'],
      ['bob', 'alice'],
    ])) {
      // The token comes from your backend; here from createToken with the same secret.
      const token = createToken(secrets.relay, user, 3600);
      await writeFile(
        path.join(app, `${user}.html`),
        `<!doctype html>
<script type="module" src="/meshcall.js"></script>
<call-session user-id="${user}" signaling-url="/signal?token=${token}" opponents="${other}" dialing-interval="3"></call-session>
<script type="module">
  import { TurnCredentialsRefresher } from '/turn-credentials.js';
  const element = document.querySelector('call-session');
  new TurnCredentialsRefresher({
    signalingUrl: element.signalingUrl,
    userId: '${user}',
    onCredentials: ({ iceServers }) => (element.config = { iceServers, iceTransportPolicy: 'relay' }),
  }).start();
</script>
`,
      );
    }

    // Caddy with the guide's Caddyfile: this host, these ports, the app folder, no admin API.
    httpsPort = await freePort();
    const httpPort = await freePort();
    const caddyfile = (await readFile(path.join(guide, 'Caddyfile'), 'utf8'))
      .replace('call.example.com', `localhost:${httpsPort}`)
      .replace('127.0.0.1:8080 127.0.0.1:8081', relayPorts.map((p) => `127.0.0.1:${p}`).join(' '))
      .replace('/srv/meshcall-app', app);
    const globals = `{\n\tadmin off\n\tskip_install_trust\n\thttp_port ${httpPort}\n\thttps_port ${httpsPort}\n\tstorage file_system ${path.join(dir, 'caddy')}\n}\n`;
    await writeFile(path.join(dir, 'Caddyfile'), globals + caddyfile);
    const home = { HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir };
    await listening(turnPort, turn);
    for (const [i, port] of relayPorts.entries()) await listening(port, /** @type {Proc} */ (procs[i + 1]));
    // Caddy only once both relays listen: its first active health check (then one every 10 s)
    // would mark a relay still starting as down, and least_conn would send everyone to the other.
    procs.push(run('caddy', 'caddy', ['run', '--config', path.join(dir, 'Caddyfile'), '--adapter', 'caddyfile'], home));
    await listening(httpsPort, /** @type {Proc} */ (procs.at(-1)));
    browser = await chromium.launch({ executablePath: await findBrowser(), headless: true, args: [...CHROMIUM_ARGS, '--ignore-certificate-errors'] });
  });

  after(async () => {
    await browser?.close();
    for (const proc of procs.reverse()) await stopChild(proc.child);
    await redis?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** @param {number} port */
  const health = async (port) => await (await fetch(`http://127.0.0.1:${port}/healthz`)).json();

  /**
   * The status of a GET through Caddy's TLS, trusting only Caddy's own local CA (there is no
   * public domain here; a real deployment has a public certificate and needs none of this).
   * @param {string} url @returns {Promise<number | undefined>}
   */
  const tlsStatus = async (url) => {
    const ca = await readFile(path.join(dir, 'caddy', 'pki', 'authorities', 'local', 'root.crt'));
    return new Promise((resolve, reject) => {
      https
        .get(url, { ca }, (res) => {
          res.resume();
          resolve(res.statusCode);
        })
        .on('error', reject);
    });
  };

  it('places a relay-only call through Caddy, two relays sharing Redis, and coturn; metrics show it', async () => {
    for (const port of relayPorts) assert.equal((await health(port)).redis, 'ready', `relay ${port} reached Redis`);
    const base = `https://localhost:${httpsPort}`;
    // Caddy's active health checks (every 10 s) may have seen the relays before they listened:
    // wait until it routes /healthz to one, as an operator's monitor would.
    const deadline = Date.now() + 30_000;
    while ((await tlsStatus(`${base}/healthz`)) !== 200) {
      assert.ok(Date.now() < deadline, 'Caddy routes /healthz to a relay within 30 s');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.equal(await tlsStatus(`${base}/turn?user=alice`), 401, 'no TURN credentials without a token');

    const contexts = await Promise.all([browser.newContext(), browser.newContext()]);
    const [alice, bob] = await Promise.all(contexts.map((c) => c.newPage()));
    if (!alice || !bob) throw new Error('no pages');
    for (const page of [alice, bob]) page.setDefaultTimeout(PAGE_WAIT_MS);
    /** @type {string[]} */
    const errors = [];
    for (const page of [alice, bob]) page.on('pageerror', (e) => errors.push(e.message));
    const sockets = async () => (await Promise.all(relayPorts.map(health))).reduce((n, h) => n + h.connections.signaling, 0);
    try {
      const perRelay = async () => await Promise.all(relayPorts.map(async (port) => (await health(port)).connections.signaling));
      // least_conn counts requests in flight, and each page asks /turn as its socket opens: a tie
      // can put Alice on Bob's relay. The call must cross relays (Redis), so she joins again until it does.
      const spread = async () => (await perRelay()).join() === '1,1';
      await within(
        placeCall({ alice, bob, aliceUrl: `${base}/alice.html`, bobUrl: `${base}/bob.html`, sockets, rejoinUntil: spread }),
        'the call through the deployment',
        60_000,
      );
      const local = await alice.evaluate(async () => {
        const pc = /** @type {any} */ (document.querySelector('call-session'))?.session?.peerConnection('bob');
        const stats = [...(await pc.getStats()).values()];
        // The transport names the pair in use; a pair's `nominated` flag can lag behind it.
        const selected = stats.find((s) => s.type === 'transport')?.selectedCandidatePairId;
        const pair = stats.find((s) => s.id === selected) ?? stats.find((s) => s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded');
        return stats.find((s) => s.id === pair?.localCandidateId)?.candidateType;
      });
      assert.equal(local, 'relay', 'media went through coturn');

      assert.deepEqual(await perRelay(), [1, 1], 'the two users are on different relays (least_conn)');
      /** @type {string[]} */
      const scrapes = await Promise.all(
        relayPorts.map(async (port) => (await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${secrets.metrics}` } })).text()),
      );
      const value = (/** @type {string} */ text, /** @type {string} */ series) =>
        Number(
          text
            .split('\n')
            .find((l) => l.startsWith(`${series} `))
            ?.split(' ')[1] ?? 0,
        );
      const acrossRedis = scrapes.reduce((n, text) => n + value(text, 'meshcall_messages_relayed_total{path="redis"}'), 0);
      assert.ok(acrossRedis >= 2, `offer and answer crossed relays through Redis (${acrossRedis})`);
      const issued = scrapes.reduce((n, text) => n + value(text, 'meshcall_turn_credentials_issued_total'), 0);
      assert.ok(issued >= 2, 'both pages got TURN credentials');

      assert.match(await hangUp({ alice, bob }), /alice hung up/);
      assert.deepEqual(errors, []);
    } finally {
      await Promise.all(contexts.map((c) => c.close()));
    }
  });
});
