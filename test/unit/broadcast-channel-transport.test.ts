import { expect } from '@open-wc/testing';
import { createLogger } from '../../src/log.js';
import { BroadcastChannelTransport } from '../../src/signaling/broadcast-channel-transport.js';
import type { SignalMessage } from '../../src/signaling/protocol.js';
import type { Transport } from '../../src/signaling/transport.js';

const reject = (sessionID: string): SignalMessage => ({
  version: 1,
  type: 'reject',
  sessionID,
  callerID: 'alice',
  opponentsIDs: ['bob', 'carol'],
  reason: 'busy',
});

/** Resolves with the next message `transport` receives, or fails after `timeoutMs`. */
function nextMessage(transport: Transport, timeoutMs = 2000): Promise<{ from: string; msg: unknown }> {
  return new Promise((resolve, rejectPromise) => {
    const timer = setTimeout(() => {
      unsubscribe();
      rejectPromise(new Error(`no message within ${timeoutMs} ms`));
    }, timeoutMs);
    const unsubscribe = transport.onMessage((from, msg) => {
      clearTimeout(timer);
      unsubscribe();
      resolve({ from, msg });
    });
  });
}

describe('BroadcastChannelTransport', () => {
  const lines: string[] = [];
  const logger = createLogger('verbose', (_severity, message) => lines.push(message));
  let open: BroadcastChannelTransport[] = [];
  let channelName = '';
  let counter = 0;

  const transport = (userId: string, name = channelName) => {
    const t = new BroadcastChannelTransport({ userId, channelName: name, logger });
    open.push(t);
    return t;
  };

  beforeEach(() => {
    // A fresh channel per test, so other tests (or tabs) cannot interfere.
    counter += 1;
    channelName = `meshcall-test-${Date.now()}-${counter}`;
    lines.length = 0;
  });

  afterEach(() => {
    for (const t of open) t.close();
    open = [];
  });

  it('delivers to the addressee only, with from set to the sender', async () => {
    const alice = transport('alice');
    const bob = transport('bob');
    const carol = transport('carol');
    const carolGot: string[] = [];
    carol.onMessage((_from, msg) => carolGot.push((msg as SignalMessage).sessionID));

    const toBob = nextMessage(bob);
    alice.send('bob', reject('for-bob'));
    const got = await toBob;
    expect(got.from).to.equal('alice');
    expect(got.msg).to.deep.equal(reject('for-bob'));

    // Frames from one sender arrive in order, so carol would have seen bob's before her own.
    const toCarol = nextMessage(carol);
    alice.send('carol', reject('for-carol'));
    await toCarol;
    expect(carolGot).to.deep.equal(['for-carol']);
  });

  it('works in both directions', async () => {
    const alice = transport('alice');
    const bob = transport('bob');
    const toAlice = nextMessage(alice);
    bob.send('alice', reject('back'));
    expect((await toAlice).from).to.equal('bob');
  });

  it('does not hear other channels', async () => {
    const alice = transport('alice');
    const otherBob = transport('bob', `${channelName}-other`);
    const bob = transport('bob');
    let heardElsewhere = false;
    otherBob.onMessage(() => (heardElsewhere = true));
    const toBob = nextMessage(bob);
    alice.send('bob', reject('s1'));
    await toBob;
    // Give the other channel the same chance: one more round trip on ours.
    const again = nextMessage(bob);
    alice.send('bob', reject('s2'));
    await again;
    expect(heardElsewhere).to.equal(false);
  });

  it('after close(): no delivery to it, sends are dropped with a log line, connect() rejects', async () => {
    const alice = transport('alice');
    const bob = transport('bob');
    const carol = transport('carol');
    const statuses: string[] = [];
    bob.onStatus((status) => statuses.push(status));
    let bobGot = 0;
    bob.onMessage(() => (bobGot += 1));
    bob.close();
    expect(statuses).to.deep.equal(['closed']);
    expect(bob.status).to.equal('closed');

    bob.send('alice', reject('from-closed'));
    expect(lines.some((l) => l.includes('closed'))).to.equal(true);

    const toCarol = nextMessage(carol);
    alice.send('bob', reject('to-closed'));
    alice.send('carol', reject('marker'));
    await toCarol;
    expect(bobGot).to.equal(0);

    let rejected = false;
    await bob.connect().catch(() => (rejected = true));
    expect(rejected).to.equal(true);
  });
});
