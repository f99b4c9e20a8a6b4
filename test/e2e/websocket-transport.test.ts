// WebSocketTransport against the real relay (started by test/relay-test-plugin.js).
import { expect } from '@open-wc/testing';
import { createLogger } from '../../src/log.js';
import type { LogSeverity } from '../../src/log.js';
import type { SignalMessage } from '../../src/signaling/protocol.js';
import type { TransportStatus } from '../../src/signaling/transport.js';
import { TransportError, WebSocketTransport, backoffDelay } from '../../src/signaling/websocket-transport.js';
import type { WebSocketTransportOptions } from '../../src/signaling/websocket-transport.js';

const TIMEOUT_MS = 5000;
/** Backoff small enough that a leaked reconnect timer would certainly fire within QUIET_MS. */
const FAST_BACKOFF = { initialMs: 20, maxMs: 50 };
const QUIET_MS = 400;

/** Records items and lets a test wait for the next one that matches, with a timeout. */
class Recorder<T> {
  readonly items: T[] = [];
  #cursor = 0;
  #waiters = new Set<() => void>();

  push = (item: T): void => {
    this.items.push(item);
    for (const wake of [...this.#waiters]) wake();
  };

  /** The next item (after the ones already taken) that matches; fails after `timeoutMs`. */
  next(match: (item: T) => boolean = () => true, what = 'item', timeoutMs = TIMEOUT_MS): Promise<T> {
    return new Promise((resolve, reject) => {
      const look = () => {
        for (let i = this.#cursor; i < this.items.length; i++) {
          const item = this.items[i] as T;
          if (match(item)) {
            this.#cursor = i + 1;
            done();
            resolve(item);
            return;
          }
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no ${what} within ${timeoutMs} ms (seen: ${JSON.stringify(this.items.slice(this.#cursor))})`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.#waiters.delete(look);
      };
      this.#waiters.add(look);
      look();
    });
  }

  /** Waits `ms` and returns what arrived meanwhile (for "nothing else happens" checks). */
  async during(ms: number): Promise<T[]> {
    const from = this.items.length;
    await new Promise((resolve) => setTimeout(resolve, ms));
    return this.items.slice(from);
  }
}

interface StatusEvent {
  status: TransportStatus;
  reason: string | undefined;
}
interface Incoming {
  from: string;
  msg: unknown;
}
interface LogLine {
  severity: LogSeverity;
  message: string;
}

let wsUrl = '';
let counter = 0;
let transports: WebSocketTransport[] = [];

/** A user ID no other test uses (the relay is shared by the whole run). */
const uniqueUser = (name: string) => `${name}-${Date.now().toString(36)}-${++counter}`;

const relay = async (path: string, init?: RequestInit) => {
  const response = await fetch(`/__meshcall/relay${path}`, init);
  if (!response.ok) throw new Error(`${path || '/'}: HTTP ${response.status} ${await response.text()}`);
  return response.json() as Promise<Record<string, unknown>>;
};

/** A transport with recorders for its messages, statuses and log lines. */
function open(userId: string, options: Partial<WebSocketTransportOptions> = {}) {
  const logs = new Recorder<LogLine>();
  const statuses = new Recorder<StatusEvent>();
  const inbox = new Recorder<Incoming>();
  const transport = new WebSocketTransport({
    url: wsUrl,
    userId,
    logger: createLogger('verbose', (severity, message) => logs.push({ severity, message })),
    backoff: FAST_BACKOFF,
    ...options,
  });
  transport.onStatus((status, detail) => statuses.push({ status, reason: detail?.reason }));
  transport.onMessage((from, msg) => inbox.push({ from, msg }));
  transports.push(transport);
  const waitStatus = (status: TransportStatus) => statuses.next((e) => e.status === status, `status ${status}`);
  const waitLog = (text: string) => logs.next((l) => l.message.includes(text), `log "${text}"`);
  const waitMessage = (sessionID?: string) =>
    inbox.next((m) => sessionID === undefined || (m.msg as SignalMessage).sessionID === sessionID, `message ${sessionID ?? ''}`);
  return { transport, userId, logs, statuses, inbox, waitStatus, waitLog, waitMessage };
}

async function connected(name: string, options: Partial<WebSocketTransportOptions> = {}) {
  const user = open(uniqueUser(name), options);
  await user.transport.connect();
  return user;
}

const hangUp = (sessionID: string, callerID = 'alice', opponent = 'bob'): SignalMessage => ({
  version: 1,
  type: 'hangUp',
  sessionID,
  callerID,
  opponentsIDs: [opponent],
  reason: 'test',
});

describe('WebSocketTransport (real relay)', () => {
  before(async () => {
    wsUrl = String((await relay('')).wsUrl);
  });

  afterEach(() => {
    for (const t of transports) t.close();
    transports = [];
  });

  it('two users exchange messages; from is the relay-stamped user', async () => {
    const alice = await connected('alice');
    const bob = await connected('bob');
    expect(alice.transport.status).to.equal('open');

    alice.transport.send(bob.userId, hangUp('a-to-b'));
    const atBob = await bob.waitMessage('a-to-b');
    expect(atBob.from).to.equal(alice.userId);
    expect(atBob.msg).to.deep.equal(hangUp('a-to-b'));

    bob.transport.send(alice.userId, hangUp('b-to-a'));
    expect((await alice.waitMessage('b-to-a')).from).to.equal(bob.userId);
  });

  it('the relay, not the sender, decides from', async () => {
    const bob = await connected('bob');
    const mallory = uniqueUser('mallory');
    const url = new URL(wsUrl);
    url.searchParams.set('user', mallory);
    const raw = new WebSocket(url);
    try {
      await new Promise((resolve, reject) => {
        raw.addEventListener('open', resolve, { once: true });
        raw.addEventListener('error', reject, { once: true });
      });
      raw.send(JSON.stringify({ from: 'alice', to: bob.userId, msg: hangUp('forged') }));
      expect((await bob.waitMessage('forged')).from).to.equal(mallory);
    } finally {
      raw.close();
    }
  });

  it('encodes the user ID and token in the query string', async () => {
    const odd = open(uniqueUser('odd.user@example.com:1'), { token: 'a b&user=mallory+/=' });
    await odd.transport.connect();
    const bob = await connected('bob');
    odd.transport.send(bob.userId, hangUp('odd'));
    expect((await bob.waitMessage('odd')).from).to.equal(odd.userId);
  });

  it('an error frame from the relay is logged and does not break the transport', async () => {
    const alice = await connected('alice');
    const bob = await connected('bob');

    alice.transport.send('nobody-here', hangUp('lost'));
    const notConnected = await alice.waitLog('nobody-here is not connected');
    expect(notConnected.severity).to.equal('info');

    alice.transport.send('not a valid id!', hangUp('bad'));
    const badFrame = await alice.waitLog('relay error bad-frame');
    expect(badFrame.severity).to.equal('warn');

    alice.transport.send(bob.userId, hangUp('still-works'));
    expect((await bob.waitMessage('still-works')).from).to.equal(alice.userId);
    expect(alice.statuses.items.map((e) => e.status)).to.deep.equal(['connecting', 'open']);
  });

  it('after a network drop it reconnects by itself and flushes, in order, what was sent meanwhile', async () => {
    const alice = await connected('alice');
    const bob = await connected('bob');
    await alice.waitStatus('open');

    const { kicked } = await relay(`/kick?user=${encodeURIComponent(alice.userId)}`, { method: 'POST' });
    expect(kicked).to.equal(1);
    const lost = await alice.waitStatus('connecting');
    expect(lost.reason).to.contain('connection lost');

    for (const id of ['gap-1', 'gap-2', 'gap-3']) alice.transport.send(bob.userId, hangUp(id));
    await alice.waitStatus('open');
    const order = [];
    for (let i = 0; i < 3; i++) order.push(((await bob.waitMessage()).msg as SignalMessage).sessionID);
    expect(order).to.deep.equal(['gap-1', 'gap-2', 'gap-3']);
    expect((await alice.waitLog('sending 3 queued')).severity).to.equal('info');

    // And it still receives.
    bob.transport.send(alice.userId, hangUp('welcome-back'));
    expect((await alice.waitMessage('welcome-back')).from).to.equal(bob.userId);
  });

  it('reconnects after the relay restarts', async () => {
    const alice = await connected('alice');
    const bob = await connected('bob');
    await alice.waitStatus('open');
    await bob.waitStatus('open');
    await relay('/restart', { method: 'POST' });
    await alice.waitStatus('connecting');
    await alice.waitStatus('open');
    await bob.waitStatus('open');
    alice.transport.send(bob.userId, hangUp('after-restart'));
    expect((await bob.waitMessage('after-restart')).from).to.equal(alice.userId);
  });

  it('a second connection of the same user closes the first with code replaced, and it stays closed', async () => {
    const first = await connected('alice');
    await first.waitStatus('open');
    const second = open(first.userId);
    await second.transport.connect();
    const closed = await first.waitStatus('closed');
    expect(closed.reason).to.equal('replaced');
    expect(first.transport.status).to.equal('closed');

    let error: unknown;
    await first.transport.connect().catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(TransportError);
    expect((error as TransportError).code).to.equal('replaced');

    // Had the first reconnected, it would have replaced the second in turn.
    expect(await first.statuses.during(QUIET_MS)).to.deep.equal([]);
    expect(second.transport.status).to.equal('open');
    const bob = await connected('bob');
    bob.transport.send(first.userId, hangUp('to-second'));
    expect((await second.waitMessage('to-second')).from).to.equal(bob.userId);
    expect(second.statuses.items.map((e) => e.status)).to.deep.equal(['connecting', 'open']);
  });

  it('close() while reconnecting leaves no reconnect timer: the status stays closed', async () => {
    const alice = await connected('alice');
    const bob = await connected('bob');
    await alice.waitStatus('open');
    await relay(`/kick?user=${encodeURIComponent(alice.userId)}`, { method: 'POST' });
    await alice.waitStatus('connecting');
    alice.transport.close();
    expect((await alice.waitStatus('closed')).reason).to.equal('closed');

    expect(await alice.statuses.during(QUIET_MS)).to.deep.equal([]);
    // The relay agrees that alice is gone.
    bob.transport.send(alice.userId, hangUp('anyone-there'));
    await bob.waitLog(`${alice.userId} is not connected`);
    expect(alice.inbox.items).to.have.length(0);
  });

  it('close() while open closes the socket; later sends are dropped with a log line, never thrown', async () => {
    const alice = await connected('alice');
    const bob = await connected('bob');
    alice.transport.close();
    expect((await alice.waitStatus('closed')).reason).to.equal('closed');
    expect(() => alice.transport.send(bob.userId, hangUp('after-close'))).to.not.throw();
    expect((await alice.waitLog('is closed')).severity).to.equal('warn');
    expect(await alice.statuses.during(QUIET_MS)).to.deep.equal([]);
    bob.transport.send(alice.userId, hangUp('anyone-there'));
    await bob.waitLog(`${alice.userId} is not connected`);
  });

  it('connect() rejects with connect-failed when the first attempt fails, and does not retry', async () => {
    const refused = open(uniqueUser('alice'), { url: 'ws://127.0.0.1:9/signal' });
    let error: unknown;
    await refused.transport.connect().catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(TransportError);
    expect((error as TransportError).code).to.equal('connect-failed');
    expect(refused.statuses.items).to.deep.equal([
      { status: 'connecting', reason: undefined },
      { status: 'closed', reason: 'connect-failed' },
    ]);
    expect(await refused.statuses.during(QUIET_MS)).to.deep.equal([]);
  });

  it('connect() rejects when the relay refuses the user ID', async () => {
    const invalid = open('not valid!');
    let error: unknown;
    await invalid.transport.connect().catch((e: unknown) => (error = e));
    expect((error as TransportError).code).to.equal('connect-failed');
  });

  it('bounds the queue: past maxQueue the oldest message is dropped with a warning', async () => {
    const bob = await connected('bob');
    const alice = open(uniqueUser('alice'), { maxQueue: 2 });
    for (const id of ['q-1', 'q-2', 'q-3']) alice.transport.send(bob.userId, hangUp(id));
    expect((await alice.waitLog('send queue full')).severity).to.equal('warn');
    await alice.transport.connect();
    const got = [];
    for (let i = 0; i < 2; i++) got.push(((await bob.waitMessage()).msg as SignalMessage).sessionID);
    expect(got).to.deep.equal(['q-2', 'q-3']);
  });

  it('passes msg on unvalidated (CallClient validates)', async () => {
    const alice = await connected('alice');
    const bob = await connected('bob');
    const url = new URL(wsUrl);
    url.searchParams.set('user', uniqueUser('raw'));
    const raw = new WebSocket(url);
    try {
      await new Promise((resolve) => raw.addEventListener('open', resolve, { once: true }));
      raw.send(JSON.stringify({ to: alice.userId, msg: { anything: true } }));
      expect((await alice.waitMessage()).msg).to.deep.equal({ anything: true });
    } finally {
      raw.close();
    }
    bob.transport.send(alice.userId, hangUp('normal'));
    await alice.waitMessage('normal');
  });
});

/** Stands in for `WebSocket` where the relay cannot produce a case (frames it never sends). */
class FakeSocket extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  static last: FakeSocket | undefined;
  readonly url: string;
  readyState = FakeSocket.CONNECTING;
  readonly sent: string[] = [];

  constructor(url: string | URL) {
    super();
    this.url = String(url);
    FakeSocket.last = this;
  }
  send(data: string): void {
    this.sent.push(data);
  }
  close(): void {
    this.readyState = FakeSocket.CLOSED;
  }
  serverOpen(): void {
    this.readyState = FakeSocket.OPEN;
    this.dispatchEvent(new Event('open'));
  }
  serverSend(data: unknown): void {
    this.dispatchEvent(new MessageEvent('message', { data }));
  }
  serverClose(code: number, reason = ''): void {
    this.readyState = FakeSocket.CLOSED;
    this.dispatchEvent(new CloseEvent('close', { code, reason }));
  }
}

describe('WebSocketTransport (fake socket)', () => {
  const RealWebSocket = globalThis.WebSocket;
  beforeEach(() => {
    globalThis.WebSocket = FakeSocket as unknown as typeof WebSocket;
  });
  afterEach(() => {
    globalThis.WebSocket = RealWebSocket;
    for (const t of transports) t.close();
    transports = [];
  });

  async function openFake(options: Partial<WebSocketTransportOptions> = {}) {
    const user = open('alice', { url: 'ws://relay.test/signal', ...options });
    const connecting = user.transport.connect();
    const socket = FakeSocket.last;
    if (!socket) throw new Error('no socket');
    socket.serverOpen();
    await connecting;
    return { ...user, socket };
  }

  it('drops frames it cannot use with a warning, and keeps going', async () => {
    const alice = await openFake();
    const junk: unknown[] = ['not json', '[1,2]', 'null', '{"msg":{}}', '{"from":7,"msg":{}}', '{"from":"bob"}', new Blob(['binary'])];
    for (const frame of junk) alice.socket.serverSend(frame);
    alice.socket.serverSend('{"error":{"code":"rate-limited","message":"slow down"}}');
    alice.socket.serverSend('{"from":"bob","msg":{"ok":true}}');
    expect(await alice.waitMessage()).to.deep.equal({ from: 'bob', msg: { ok: true } });
    const warnings = alice.logs.items.filter((l) => l.severity === 'warn').map((l) => l.message);
    expect(warnings).to.have.length(junk.length + 1);
    expect(warnings.at(-1)).to.contain('relay error rate-limited: slow down');
    expect(alice.inbox.items).to.have.length(1);
  });

  it('puts user and token in the query string, URL-encoded', async () => {
    const alice = await openFake({ url: 'ws://relay.test/signal?room=1', token: 'a b&c=d' });
    const url = new URL(alice.socket.url);
    expect(url.searchParams.get('user')).to.equal('alice');
    expect(url.searchParams.get('token')).to.equal('a b&c=d');
    expect(url.searchParams.get('room')).to.equal('1');
  });

  it('close code 4000 (replaced) ends it without a reconnect', async () => {
    const alice = await openFake();
    const socket = alice.socket;
    socket.serverClose(4000, 'replaced');
    expect((await alice.waitStatus('closed')).reason).to.equal('replaced');
    expect(FakeSocket.last).to.equal(socket); // no new socket
    expect(await alice.statuses.during(FAST_BACKOFF.maxMs * 4)).to.deep.equal([]);
    expect(FakeSocket.last).to.equal(socket);
  });

  it('sends while reconnecting are queued and flushed in order on the new socket', async () => {
    const alice = await openFake();
    alice.transport.send('bob', hangUp('live'));
    expect(alice.socket.sent).to.have.length(1);
    alice.socket.serverClose(1006);
    await alice.waitStatus('connecting');
    alice.transport.send('bob', hangUp('q1'));
    alice.transport.send('bob', hangUp('q2'));
    // The reconnect timer creates a new socket.
    await alice.logs.next((l) => l.message.includes('reconnecting in'), 'reconnect log');
    const second = await new Promise<FakeSocket>((resolve, reject) => {
      const started = Date.now();
      const poll = () => {
        if (FakeSocket.last && FakeSocket.last !== alice.socket) resolve(FakeSocket.last);
        else if (Date.now() - started > TIMEOUT_MS) reject(new Error('no reconnect'));
        else setTimeout(poll, 5);
      };
      poll();
    });
    expect(second.sent).to.deep.equal([]);
    second.serverOpen();
    await alice.waitStatus('open');
    expect(second.sent.map((f) => (JSON.parse(f) as { msg: SignalMessage }).msg.sessionID)).to.deep.equal(['q1', 'q2']);
  });
});

describe('backoffDelay', () => {
  const backoff = { initialMs: 250, maxMs: 5000, factor: 2 };

  it('grows the ceiling exponentially up to maxMs (full jitter below it)', () => {
    const ceilings = [0, 1, 2, 3, 4, 5, 10].map((attempt) => backoffDelay(attempt, backoff, () => 1));
    expect(ceilings).to.deep.equal([250, 500, 1000, 2000, 4000, 5000, 5000]);
    expect(backoffDelay(3, backoff, () => 0)).to.equal(0);
    expect(backoffDelay(3, backoff, () => 0.5)).to.equal(1000);
  });
});
