import { expect } from '@open-wc/testing';
import { createLogger } from '../../src/log.js';
import type { LogSeverity } from '../../src/log.js';
import { MemoryNetwork } from '../../src/signaling/memory-transport.js';
import type { SignalMessage } from '../../src/signaling/protocol.js';
import type { Transport } from '../../src/signaling/transport.js';

const hangUp = (sessionID: string): SignalMessage => ({
  version: 1,
  type: 'hangUp',
  sessionID,
  callerID: 'alice',
  opponentsIDs: ['bob', 'carol'],
  userInfo: { name: 'Alice' },
});

interface Received {
  from: string;
  msg: unknown;
}

/** Collects what `transport` receives; `next()` resolves with the next message (or fails after a timeout). */
function inbox(transport: Transport) {
  const received: Received[] = [];
  const waiting: Array<(r: Received) => void> = [];
  const unsubscribe = transport.onMessage((from, msg) => {
    const item = { from, msg };
    received.push(item);
    waiting.shift()?.(item);
  });
  let read = 0;
  const next = (timeoutMs = 2000): Promise<Received> => {
    const ready = received[read];
    if (ready) {
      read += 1;
      return Promise.resolve(ready);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no message within ${timeoutMs} ms`)), timeoutMs);
      waiting.push((item) => {
        clearTimeout(timer);
        read += 1;
        resolve(item);
      });
    });
  };
  return { received, next, unsubscribe };
}

function logCollector() {
  const lines: Array<{ severity: LogSeverity; message: string }> = [];
  const logger = createLogger('verbose', (severity, message) => lines.push({ severity, message }));
  return { lines, logger };
}

describe('MemoryNetwork', () => {
  let network: MemoryNetwork;
  let log: ReturnType<typeof logCollector>;

  beforeEach(() => {
    log = logCollector();
    network = new MemoryNetwork({ logger: log.logger });
  });

  afterEach(() => network.close());

  it('delivers asynchronously, with from set to the sender', async () => {
    const alice = network.transport('alice');
    const bob = inbox(network.transport('bob'));
    await alice.connect?.();
    alice.send('bob', hangUp('s1'));
    expect(bob.received).to.have.length(0); // not synchronous
    await Promise.resolve();
    expect(bob.received).to.have.length(0); // not a microtask either
    const got = await bob.next();
    expect(got.from).to.equal('alice');
    expect(got.msg).to.deep.equal(hangUp('s1'));
  });

  it('keeps order between two users', async () => {
    const alice = network.transport('alice');
    const bob = inbox(network.transport('bob'));
    for (const id of ['s1', 's2', 's3']) alice.send('bob', hangUp(id));
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(((await bob.next()).msg as SignalMessage).sessionID);
    expect(ids).to.deep.equal(['s1', 's2', 's3']);
  });

  it('delivers only to the addressee', async () => {
    const alice = network.transport('alice');
    const bob = inbox(network.transport('bob'));
    const carol = inbox(network.transport('carol'));
    alice.send('bob', hangUp('for-bob'));
    await bob.next();
    alice.send('carol', hangUp('for-carol'));
    await carol.next();
    // Same sender, so carol would have had bob's message before her own.
    expect(carol.received.map((r) => (r.msg as SignalMessage).sessionID)).to.deep.equal(['for-carol']);
    expect(bob.received.map((r) => (r.msg as SignalMessage).sessionID)).to.deep.equal(['for-bob']);
  });

  it('deep-copies messages: sender and receiver never share objects', async () => {
    const alice = network.transport('alice');
    const bob = inbox(network.transport('bob'));
    const carol = inbox(network.transport('carol'));
    const sent = hangUp('s1');
    alice.send('bob', sent);
    alice.send('carol', sent);
    (sent.userInfo as Record<string, string>).name = 'changed after send';
    const toBob = (await bob.next()).msg as SignalMessage;
    const toCarol = (await carol.next()).msg as SignalMessage;
    expect(toBob).to.not.equal(sent);
    expect(toBob.userInfo).to.deep.equal({ name: 'Alice' });
    expect(toBob.opponentsIDs).to.not.equal(toCarol.opponentsIDs);
  });

  it('drops messages to unknown users with a log line', async () => {
    const alice = network.transport('alice');
    const bob = inbox(network.transport('bob'));
    alice.send('nobody', hangUp('lost'));
    alice.send('bob', hangUp('after'));
    await bob.next();
    expect(log.lines.some((l) => l.message.includes('nobody is not connected'))).to.equal(true);
  });

  it('close() unregisters: no more delivery to it, sends from it are dropped with a log line', async () => {
    const alice = network.transport('alice');
    const bobTransport = network.transport('bob');
    const bob = inbox(bobTransport);
    const statuses: string[] = [];
    bobTransport.onStatus?.((status, detail) => statuses.push(`${status}:${detail?.reason}`));
    bobTransport.close();
    expect(statuses).to.deep.equal(['closed:closed']);
    alice.send('bob', hangUp('too-late'));
    bobTransport.send('alice', hangUp('from-closed'));
    const aliceInbox = inbox(alice);
    const carol = inbox(network.transport('carol'));
    alice.send('carol', hangUp('marker'));
    await carol.next();
    expect(bob.received).to.have.length(0);
    expect(aliceInbox.received).to.have.length(0);
    expect(log.lines.some((l) => l.message.includes('bob is not connected'))).to.equal(true);
    expect(log.lines.some((l) => l.message.includes('bob is closed'))).to.equal(true);
    let rejected = false;
    await bobTransport.connect?.().catch(() => (rejected = true));
    expect(rejected).to.equal(true);
  });

  it('a message in flight to a user who closes meanwhile is dropped', async () => {
    const alice = network.transport('alice');
    const bobTransport = network.transport('bob');
    const bob = inbox(bobTransport);
    const carol = inbox(network.transport('carol'));
    alice.send('bob', hangUp('in-flight'));
    bobTransport.close();
    alice.send('carol', hangUp('marker'));
    await carol.next();
    expect(bob.received).to.have.length(0);
  });

  it('registering a user again replaces (and closes) the older transport, like the relay', async () => {
    const alice = network.transport('alice');
    const first = network.transport('bob');
    const firstInbox = inbox(first);
    const statuses: string[] = [];
    first.onStatus?.((status, detail) => statuses.push(`${status}:${detail?.reason}`));
    const second = inbox(network.transport('bob'));
    expect(statuses).to.deep.equal(['closed:replaced']);
    alice.send('bob', hangUp('s1'));
    expect((await second.next()).from).to.equal('alice');
    expect(firstInbox.received).to.have.length(0);
  });

  it('unsubscribe stops delivery to that listener only', async () => {
    const alice = network.transport('alice');
    const bobTransport = network.transport('bob');
    const a = inbox(bobTransport);
    const b = inbox(bobTransport);
    a.unsubscribe();
    alice.send('bob', hangUp('s1'));
    await b.next();
    expect(a.received).to.have.length(0);
  });

  it('a throwing listener does not keep the others from receiving', async () => {
    const alice = network.transport('alice');
    const bobTransport = network.transport('bob');
    bobTransport.onMessage(() => {
      throw new Error('listener bug');
    });
    const b = inbox(bobTransport);
    alice.send('bob', hangUp('s1'));
    await b.next();
    expect(log.lines.some((l) => l.severity === 'error')).to.equal(true);
  });

  it('network.close() drops in-flight messages and closes every transport', async () => {
    const alice = network.transport('alice');
    const bob = inbox(network.transport('bob'));
    alice.send('bob', hangUp('s1'));
    network.close();
    const fresh = new MemoryNetwork();
    const x = fresh.transport('x');
    const y = inbox(fresh.transport('y'));
    x.send('y', hangUp('marker')); // one macrotask later, any leftover timer would have fired
    await y.next();
    fresh.close();
    expect(bob.received).to.have.length(0);
  });
});
