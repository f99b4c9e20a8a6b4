import { expect } from '@open-wc/testing';
import { MemoryNetwork } from '../../src/signaling/memory-transport.js';
import { ReliableTransport } from '../../src/signaling/reliable-transport.js';
import type { SignalMessage } from '../../src/signaling/protocol.js';
import { createLogger, type LogSeverity } from '../../src/log.js';
import { ManualClock } from '../../src/manual-clock.js';
import { realClock } from '../../src/timers.js';
import type { Transport } from '../../src/signaling/transport.js';
import { ChaosTransport } from '../helpers/chaos-transport.js';
import { waitUntil } from '../helpers/call-harness.js';

const hangUp = (sessionID: string, n: number): SignalMessage => ({
  version: 1,
  type: 'hangUp',
  sessionID,
  callerID: 'alice',
  opponentsIDs: ['bob'],
  reason: `n${n}`,
});

function pair(chaos: { drop: number; duplicate: number; maxDelayMs: number; seed: number }) {
  const network = new MemoryNetwork();
  const logs: { severity: LogSeverity; message: string }[] = [];
  const logger = createLogger('verbose', (severity, message) => logs.push({ severity, message }));
  const retry = { initialMs: 30, maxMs: 120, maxAttempts: 12 };
  const aliceChaos = new ChaosTransport(network.transport('alice'), chaos);
  const bobChaos = new ChaosTransport(network.transport('bob'), { ...chaos, seed: chaos.seed + 1 });
  const alice = new ReliableTransport(aliceChaos, { clock: realClock, logger, retry });
  const bob = new ReliableTransport(bobChaos, { clock: realClock, logger, retry });
  const received: { from: string; msg: unknown }[] = [];
  bob.onMessage((from, msg) => received.push({ from, msg }));
  return { network, alice, bob, aliceChaos, received, logs };
}

describe('ReliableTransport', () => {
  it('delivers every message exactly once through 30% loss, duplicates and reordering', async () => {
    const { alice, bob, aliceChaos, received } = pair({ drop: 0.3, duplicate: 0.2, maxDelayMs: 20, seed: 7 });
    for (let i = 1; i <= 200; i++) alice.send('bob', hangUp('s1', i));
    await waitUntil(() => alice.unacknowledged === 0, 'every message is acknowledged', 15_000);
    const reasons = received.map((r) => (r.msg as SignalMessage & { reason: string }).reason);
    expect(new Set(reasons).size).to.equal(200);
    expect(reasons).to.have.length(200);
    expect(received.every((r) => r.from === 'alice')).to.equal(true);
    expect(aliceChaos.stats.dropped).to.be.greaterThan(30); // the channel really was lossy
    alice.close();
    bob.close();
  });

  it('keeps sequence numbers per session: two sessions never collide', async () => {
    const { alice, bob, received } = pair({ drop: 0, duplicate: 0.5, maxDelayMs: 5, seed: 3 });
    alice.send('bob', hangUp('s1', 1));
    alice.send('bob', hangUp('s2', 1));
    await waitUntil(() => alice.unacknowledged === 0, 'acknowledged');
    expect(received.map((r) => (r.msg as SignalMessage).sessionID).sort()).to.deep.equal(['s1', 's2']);
    alice.close();
    bob.close();
  });

  it('gives up on a peer that never answers, with a logged reason, and stops its timer', async () => {
    const network = new MemoryNetwork();
    const logs: string[] = [];
    const logger = createLogger('verbose', (_s, message) => logs.push(message));
    const alice = new ReliableTransport(network.transport('alice'), { clock: realClock, logger, retry: { initialMs: 10, maxMs: 20, maxAttempts: 3 } });
    alice.send('nobody', hangUp('s1', 1));
    await waitUntil(() => alice.unacknowledged === 0, 'given up');
    expect(logs.some((l) => l.includes('no ack from nobody after 3 sends of "hangUp"'))).to.equal(true);
    alice.close();
  });

  it('passes anything that is not a frame through unchanged, for validation', async () => {
    const network = new MemoryNetwork();
    const raw = network.transport('mallory');
    const bob = new ReliableTransport(network.transport('bob'), { clock: realClock, logger: createLogger('nothing') });
    const seen: unknown[] = [];
    bob.onMessage((_from, msg) => seen.push(msg));
    const junk = [{ type: 'frame', version: 1, stream: 's', seq: -1, msg: {} }, { hello: 'world' }];
    for (const item of junk) raw.send('bob', item as unknown as SignalMessage);
    await waitUntil(() => seen.length === 2, 'both delivered');
    expect(seen).to.deep.equal(junk);
    bob.close();
  });

  it('answers a stranger (acks and replies) a few times per second at most, peers of a live session freely', () => {
    const clock = new ManualClock();
    const sent: { to: string; type: string }[] = [];
    const listeners = new Set<(from: string, msg: unknown) => void>();
    const carrier: Transport = {
      send: (to, msg) => sent.push({ to, type: msg.type }),
      onMessage: (cb) => (listeners.add(cb), () => listeners.delete(cb)),
      close: () => listeners.clear(),
    };
    const bob = new ReliableTransport(carrier, {
      clock,
      logger: createLogger('nothing'),
      inSession: (from, sessionId) => from === 'alice' && sessionId === 'live',
    });
    const frame = (stream: string, seq: number) => ({ version: 1, type: 'frame', stream, seq, msg: hangUp(stream, seq) });
    // 10 s of a stranger sending 40 frames/s with distinct sessions, each answered with a reply too.
    for (let i = 0; i < 400; i++) {
      for (const cb of listeners) cb('mallory', frame(`s${i}`, 1));
      bob.reply('mallory', hangUp(`s${i}`, 1));
      clock.advance(25);
    }
    const toMallory = sent.filter((m) => m.to === 'mallory').length;
    expect(toMallory).to.be.at.most(5 + 3 * 10 + 1);
    expect(toMallory).to.be.at.least(20); // still answered, just not beyond the budget
    // A peer of a live session is acked every time, even right after the stranger's flood.
    for (let seq = 1; seq <= 50; seq++) for (const cb of listeners) cb('alice', frame('live', seq));
    expect(sent.filter((m) => m.to === 'alice' && m.type === 'ack')).to.have.length(50);
    bob.close();
  });
});
