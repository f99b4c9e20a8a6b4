// The seed's log levels, counted in a real 1:1 call (real peer connections, the real relay
// over WebSockets): each side's LogSink collects every line; what actually crossed the wire
// is read from a TapTransport under the client's reliable transport, and the state changes
// from the session's own events.
import { expect } from '@open-wc/testing';
import { CallClient } from '../../src/call-client.js';
import type { CallSession } from '../../src/call-session.js';
import type { LogLevel } from '../../src/log.js';
import type { WirePayload } from '../../src/signaling/protocol.js';
import { WebSocketTransport } from '../../src/signaling/websocket-transport.js';
import { nextIncoming, relayUrl, uid, waitForRemoteVideo, waitForState, waitUntil } from '../helpers/call-harness.js';
import { TapTransport } from '../helpers/tap-transport.js';

interface Side {
  client: CallClient;
  tap: TapTransport;
  /** Each line as printed: the message and its data. */
  lines: string[];
  /** `state-change` / `connection-state-change` events seen on the session. */
  states: string[];
}

const clients: CallClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.disconnect();
});

async function side(name: string, logLevel: LogLevel): Promise<Side> {
  const userId = uid(name);
  const tap = new TapTransport(new WebSocketTransport({ url: await relayUrl(), userId }));
  const lines: string[] = [];
  const client = new CallClient({
    userId,
    transport: tap,
    config: { logLevel },
    logSink: (_severity, message, data) => lines.push(data === undefined ? message : `${message} ${typeof data === 'string' ? data : JSON.stringify(data)}`),
  });
  await client.connect();
  clients.push(client);
  return { client, tap, lines, states: [] };
}

function followStates(session: CallSession, into: Side): void {
  session.addEventListener('state-change', (e) => into.states.push(`state ${e.detail.state}`));
  session.addEventListener('connection-state-change', (e) => into.states.push(`connection to ${e.detail.userId} ${e.detail.state}`));
}

/** Signaling messages that crossed this side's wire, each once (re-sent frames and acks left out). */
function wireMessages(tap: TapTransport): string[] {
  const seen = new Set<string>();
  const add = (direction: string, peer: string, msg: WirePayload | unknown) => {
    const m = msg as WirePayload;
    if (m.type === 'ack') return;
    if (m.type === 'frame') seen.add(`${direction} ${peer} ${m.stream} #${m.seq} ${m.msg.type}`);
    else seen.add(`${direction} ${peer} ${m.sessionID} unframed ${m.type}`);
  };
  for (const { to, msg } of tap.sent) add('sent', to, msg);
  for (const { from, msg } of tap.received) add('received', from, msg);
  return [...seen];
}

/** Alice calls Bob, Bob accepts, both see video, Alice hangs up. */
async function oneCall(logLevel: LogLevel): Promise<[Side, Side]> {
  const alice = await side('alice', logLevel);
  const bob = await side('bob', logLevel);
  const incoming = nextIncoming(bob.client);
  const out = alice.client.createSession([bob.client.userId]);
  followStates(out, alice);
  await out.start();
  const inc = await incoming;
  followStates(inc, bob);
  await inc.accept();
  await waitForRemoteVideo(out, [bob.client.userId]);
  await waitForRemoteVideo(inc, [alice.client.userId]);
  out.hangUp();
  await Promise.all([waitForState(out, 'closed'), waitForState(inc, 'closed')]);
  // Every frame is acknowledged: nothing is still on its way.
  await waitUntil(() => alice.client.transport.unacknowledged === 0 && bob.client.transport.unacknowledged === 0, 'every message acknowledged');
  return [alice, bob];
}

const SDP = /v=0/;
const CANDIDATE = /candidate:/;

describe('log levels in a real call', () => {
  it('nothing: not a single line on either side', async () => {
    const [alice, bob] = await oneCall('nothing');
    expect(wireMessages(alice.tap).length).to.be.greaterThan(5);
    expect(alice.lines).to.deep.equal([]);
    expect(bob.lines).to.deep.equal([]);
  });

  it('verbose (the default): a line per state change and per message sent or received, never SDP or candidates', async () => {
    const [alice, bob] = await oneCall('verbose');
    for (const s of [alice, bob]) {
      const stateLines = s.lines.filter((l) => /: (state|connection to) /.test(l));
      for (const change of s.states)
        expect(
          stateLines.some((l) => l.endsWith(change)),
          `a line for "${change}"`,
        ).to.equal(true);
      expect(stateLines.length).to.be.at.least(s.states.length);
      const messageLines = s.lines.filter((l) => l.startsWith('signaling sent') || l.startsWith('signaling received'));
      const wire = wireMessages(s.tap);
      expect(messageLines.length, `${messageLines.length} message lines for ${wire.length} messages`).to.be.at.least(wire.length);
      for (const type of ['call', 'accept', 'iceCandidates', 'hangUp'])
        expect(
          messageLines.some((l) => l.includes(`"${type}"`)),
          type,
        ).to.equal(true);
      expect(s.lines.filter((l) => SDP.test(l) || CANDIDATE.test(l))).to.deep.equal([]);
    }
    // A call ends: both sides logged the session closing.
    expect(alice.lines.some((l) => l.endsWith(': state closed'))).to.equal(true);
    expect(bob.lines.some((l) => l.endsWith(': state closed'))).to.equal(true);
  });

  it('verboseWithWebRTC: the same lines plus the SDP and the ICE candidates', async () => {
    const [alice, bob] = await oneCall('verboseWithWebRTC');
    for (const s of [alice, bob]) {
      const messageLines = s.lines.filter((l) => l.startsWith('signaling sent') || l.startsWith('signaling received'));
      const plain = messageLines.filter((l) => !SDP.test(l) && !CANDIDATE.test(l));
      expect(plain.length).to.be.at.least(wireMessages(s.tap).length);
      expect(s.lines.filter((l) => SDP.test(l)).length, 'lines with SDP').to.be.at.least(2);
      expect(s.lines.filter((l) => CANDIDATE.test(l)).length, 'lines with candidates').to.be.at.least(1);
    }
  });
});
