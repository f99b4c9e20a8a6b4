// Every way a call can end leaves nothing behind: local tracks ended, no live peer
// connection, no pending timer, the session closed, and a new call can start at once.
import { expect } from '@open-wc/testing';
import type { CallClient } from '../../src/call-client.js';
import type { CallSession } from '../../src/call-session.js';
import {
  connectClient,
  CountingClock,
  disconnectAll,
  relayUrl,
  uid,
  waitForEvent,
  waitForRemoteVideo,
  waitForState,
  waitUntil,
} from '../helpers/call-harness.js';

afterEach(() => {
  disconnectAll();
  document.querySelectorAll('iframe').forEach((f) => f.remove());
});

interface Side {
  client: Awaited<ReturnType<typeof connectClient>>;
  clock: CountingClock;
}

async function side(name: string, config: Parameters<typeof connectClient>[1] = {}): Promise<Side> {
  const clock = new CountingClock();
  const client = await connectClient(uid(name), { clock, ...config });
  return { client, clock };
}

/** Peer connections of a session, captured while it is up. */
function connectionsOf(session: CallSession): RTCPeerConnection[] {
  return session.peers.map((id) => session.peerConnection(id)).filter((pc): pc is RTCPeerConnection => pc !== undefined);
}

async function expectCleanEnd({ client, clock }: Side, session: CallSession, connections: RTCPeerConnection[]): Promise<void> {
  await waitForState(session, 'closed');
  for (const track of session.localStream?.getTracks() ?? []) expect(track.readyState, `${track.kind} track`).to.equal('ended');
  for (const pc of connections) expect(pc.connectionState).to.equal('closed');
  expect(session.peers.map((id) => session.peerConnection(id)).filter(Boolean)).to.deep.equal([]);
  expect(client.sessions).to.deep.equal([]);
  // Timers left are only acks still in flight for the last messages; they settle.
  // (A message to a peer that vanished is re-sent for about 11 s before it is given up.)
  await waitUntil(() => clock.pending === 0, `no timer left (${clock.pending} pending)`, 20_000);
  await expectCanCallAgain(client);
}

/** "Already in a call" never sticks: a new call starts and is answered right after. */
async function expectCanCallAgain(client: CallClient): Promise<void> {
  const other = await connectClient(uid('zed'));
  const incoming = waitForEvent<{ session: CallSession }>(other, 'incoming');
  const again = client.createSession([other.userId]);
  const accepted = waitForEvent(again, 'accepted');
  await again.start();
  await (await incoming).session.accept();
  await accepted;
  again.hangUp();
}

async function call(caller: Side, callee: Side): Promise<{ out: CallSession; in: CallSession }> {
  const incoming = waitForEvent<{ session: CallSession }>(callee.client, 'incoming');
  const out = caller.client.createSession([callee.client.userId]);
  await out.start();
  return { out, in: (await incoming).session };
}

describe('every end path cleans up', () => {
  it('hang-up', async () => {
    const alice = await side('alice');
    const bob = await side('bob');
    const s = await call(alice, bob);
    await s.in.accept();
    await waitForRemoteVideo(s.out, [bob.client.userId]);
    const [a, b] = [connectionsOf(s.out), connectionsOf(s.in)];
    s.out.hangUp();
    await Promise.all([expectCleanEnd(alice, s.out, a), expectCleanEnd(bob, s.in, b)]);
  });

  it('reject', async () => {
    const alice = await side('alice');
    const bob = await side('bob');
    const s = await call(alice, bob);
    const a = connectionsOf(s.out);
    s.in.reject();
    expect(s.in.localStream).to.equal(undefined);
    await Promise.all([expectCleanEnd(alice, s.out, a), expectCleanEnd(bob, s.in, [])]);
  });

  it('no-answer (answer time 10 s): the caller gives up and the callee stops ringing', async function () {
    this.timeout(60_000);
    const alice = await side('alice', { config: { answerTimeInterval: 10 } });
    const bob = await side('bob', { config: { answerTimeInterval: 10 } });
    const s = await call(alice, bob);
    const a = connectionsOf(s.out);
    const notAnswered = waitForEvent<{ userId: string }>(s.out, 'user-not-answered', () => true, 20_000);
    expect((await notAnswered).userId).to.equal(bob.client.userId);
    expect(s.out.connectionState(bob.client.userId)).to.equal('no-answer');
    await Promise.all([expectCleanEnd(alice, s.out, a), expectCleanEnd(bob, s.in, [])]);
  });

  it('failed: a connection that can never come up ends `failed` instead of hanging', async function () {
    this.timeout(60_000);
    // Relay-only ICE with no TURN server: no candidate pair can ever form.
    const alice = await side('alice', { config: { iceTransportPolicy: 'relay', disconnectTimeInterval: 5 } });
    const bob = await side('bob', { config: { disconnectTimeInterval: 5 } });
    const s = await call(alice, bob);
    const failed = waitForEvent(s.out, 'connection-failed', () => true, 20_000);
    await s.in.accept();
    const [a, b] = [connectionsOf(s.out), connectionsOf(s.in)];
    await failed;
    expect(s.out.connectionState(bob.client.userId)).to.equal('failed');
    await Promise.all([expectCleanEnd(alice, s.out, a), expectCleanEnd(bob, s.in, b)]);
  });

  it('disconnect-timeout: the other side vanishes without a word', async function () {
    this.timeout(60_000);
    const alice = await side('alice', { config: { disconnectTimeInterval: 5 } });
    const bob = await side('bob');
    const s = await call(alice, bob);
    await s.in.accept();
    await waitForRemoteVideo(s.out, [bob.client.userId]);
    const a = connectionsOf(s.out);
    // Bob's machine dies: no signaling, no media, no hang-up.
    bob.client.transport.close();
    for (const pc of connectionsOf(s.in)) pc.close();
    const ended = waitForEvent<{ userId: string; state: string }>(s.out, 'connection-closed', () => true, 40_000);
    expect((await ended).state).to.equal('disconnect-timeout');
    await expectCleanEnd(alice, s.out, a);
  });

  it('peer tab closed: its pagehide hang-up reaches the other side at once', async function () {
    this.timeout(60_000);
    const alice = await side('alice');
    const bobId = uid('bob');
    const frame = document.createElement('iframe');
    const ready = new Promise<void>((resolve) => {
      const onMessage = (e: MessageEvent<{ peer: string; event: string }>) => {
        if (e.data?.peer === bobId && e.data.event === 'ready') {
          window.removeEventListener('message', onMessage);
          resolve();
        }
      };
      window.addEventListener('message', onMessage);
    });
    frame.src = `/test/e2e/fixtures/peer-page.html?user=${bobId}&relay=${encodeURIComponent(await relayUrl())}`;
    frame.allow = 'camera; microphone';
    document.body.append(frame);
    await ready;
    const session = alice.client.createSession([bobId]);
    await session.start();
    await waitForRemoteVideo(session, [bobId]);
    const a = connectionsOf(session);
    const hungUp = waitForEvent<{ reason?: string }>(session, 'hung-up', () => true, 10_000);
    frame.remove(); // the document unloads: pagehide, then it is gone
    expect((await hungUp).reason).to.equal('page-hide');
    await expectCleanEnd(alice, session, a);
  });
});
