// Prepare while ringing (config `prepareWhileRinging`), in real calls through the relay:
// 'local' makes the callee's connection and answer while it rings but sends nothing until
// accept; 'connect' also finishes ICE/DTLS while it rings. Neither opens the camera before
// accept, and a reject closes what was prepared on both sides.
import { expect } from '@esm-bundle/chai';
import type { CallSession } from '../../src/call-session.js';
import { WebSocketTransport } from '../../src/signaling/websocket-transport.js';
import { allEnded, connectClient, disconnectAll, nextIncoming, relayUrl, uid, waitForRemoteVideo, waitForState, waitUntil } from '../helpers/call-harness.js';
import { countGetUserMedia } from '../helpers/fake-media.js';
import { TapTransport } from '../helpers/tap-transport.js';

afterEach(() => disconnectAll());

/** The signaling messages `tap` delivered from `from`, unwrapped from the reliable-delivery frames. */
function messagesFrom(tap: TapTransport, from: string): { type?: string }[] {
  return tap.received
    .filter((r) => r.from === from && typeof r.msg === 'object' && r.msg !== null)
    .map((r) => r.msg as { type?: string; msg?: { type?: string } })
    .map((m) => (m.type === 'frame' ? (m.msg ?? {}) : m));
}

/** Alice (her messages tapped) calls Bob; resolves once Bob's session rings. */
async function ring(bobConfig: { prepareWhileRinging?: 'local' | 'connect' } = {}) {
  const aliceId = uid('alice');
  const tap = new TapTransport(new WebSocketTransport({ url: await relayUrl(), userId: aliceId }));
  const alice = await connectClient(aliceId, { transport: tap });
  const bob = await connectClient(uid('bob'), { config: bobConfig });
  const incoming = nextIncoming(bob);
  const caller = alice.createSession([bob.userId]);
  await caller.start();
  const callee: CallSession = await incoming;
  return { alice, bob, caller, callee, tap };
}

function liveTracks(pc: RTCPeerConnection): MediaStreamTrack[] {
  return [...pc.getReceivers(), ...pc.getSenders()].map((x) => x.track).filter((t): t is MediaStreamTrack => t !== null && t.readyState === 'live');
}

describe("prepareWhileRinging: 'local' (the default)", () => {
  it('makes the answer and gathers candidates while ringing, sends nothing before accept, and connects with video after', async function () {
    this.timeout(60_000);
    const { alice, bob, caller, callee, tap } = await ring();
    await waitUntil(() => callee.peerConnection(alice.userId)?.iceGatheringState === 'complete', "Bob's prepared connection gathered its candidates");
    const prepared = callee.peerConnection(alice.userId)!;
    expect(prepared.localDescription?.type).to.equal('answer');
    expect(callee.localStream, 'no camera before accept').to.equal(undefined);
    expect(callee.state).to.equal('pending');
    // Nothing reached Alice: no answer, no candidates; her connection has no remote side and no ICE checks.
    const early = messagesFrom(tap, bob.userId).filter((m) => m.type === 'accept' || m.type === 'update' || m.type === 'iceCandidates');
    expect(early).to.deep.equal([]);
    expect(caller.peerConnection(bob.userId)?.remoteDescription).to.equal(null);
    expect(prepared.iceConnectionState).to.equal('new');

    await callee.accept();
    await Promise.all([waitForState(caller, 'connected'), waitForState(callee, 'connected')]);
    await Promise.all([waitForRemoteVideo(caller, [bob.userId]), waitForRemoteVideo(callee, [alice.userId])]);
    expect(callee.peerConnection(alice.userId), 'the prepared connection carries the call').to.equal(prepared);
    const after = messagesFrom(tap, bob.userId).map((m) => m.type);
    expect(after).to.include.members(['accept', 'iceCandidates']);
  });
});

describe("prepareWhileRinging: 'connect'", () => {
  it('reaches ICE connected on both sides before accept, without the camera; accept brings video', async function () {
    this.timeout(60_000);
    const { alice, bob, caller, callee } = await ring({ prepareWhileRinging: 'connect' });
    await waitUntil(
      () => callee.peerConnection(alice.userId)?.iceConnectionState === 'connected' && caller.peerConnection(bob.userId)?.iceConnectionState === 'connected',
      'ICE is connected at both ends while Bob rings',
    );
    expect(callee.state).to.equal('pending');
    expect(caller.state).to.equal('pending');
    expect(callee.localStream, 'no camera before accept').to.equal(undefined);

    await callee.accept();
    await Promise.all([waitForState(caller, 'connected'), waitForState(callee, 'connected')]);
    await Promise.all([waitForRemoteVideo(caller, [bob.userId]), waitForRemoteVideo(callee, [alice.userId])]);
  });

  it('a reject while prepared closes the connection on both sides and leaves no live track', async function () {
    this.timeout(60_000);
    const { alice, bob, caller, callee } = await ring({ prepareWhileRinging: 'connect' });
    await waitUntil(() => callee.peerConnection(alice.userId)?.iceConnectionState === 'connected', "Bob's prepared connection is up");
    const pcs = [callee.peerConnection(alice.userId)!, caller.peerConnection(bob.userId)!];
    const aliceLocal = caller.localStream;
    callee.reject();
    await Promise.all([waitForState(caller, 'closed'), waitForState(callee, 'closed')]);
    expect(pcs.map((pc) => pc.connectionState)).to.deep.equal(['closed', 'closed']);
    expect(pcs.flatMap(liveTracks)).to.deep.equal([]);
    expect(aliceLocal?.getTracks().every((t) => t.readyState === 'ended')).to.equal(true);
    expect(callee.localStream).to.equal(undefined);
    expect([caller.peerConnection(bob.userId), callee.peerConnection(alice.userId)]).to.deep.equal([undefined, undefined]);
  });
});

describe('accept({ stream }): calling with a camera that is already open (a pre-join self-view)', () => {
  it('takes the stream over: no second getUserMedia, its tracks reach the caller, and the end of the call stops them', async () => {
    const alice = await connectClient(uid('alice'));
    const bob = await connectClient(uid('bob'));
    const incoming = nextIncoming(bob);
    const caller = alice.createSession([bob.userId]);
    await caller.start();
    const callee = await incoming;
    const selfView = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    const opens = countGetUserMedia();
    try {
      await callee.accept({ stream: selfView });
    } finally {
      opens.stop();
    }
    expect(opens.count()).to.equal(0);
    expect(callee.localStream).to.equal(selfView);
    await Promise.all([waitForState(caller, 'connected'), waitForState(callee, 'connected')]);
    await waitForRemoteVideo(caller, [bob.userId]);
    caller.hangUp();
    await waitForState(callee, 'closed');
    expect(selfView.getTracks().map((t) => t.readyState)).to.deep.equal(['ended', 'ended']);
  });

  it('an audio-only call keeps only the microphone of it; a stream without a live camera is stopped and the devices are opened instead', async () => {
    const alice = await connectClient(uid('alice'));
    const bob = await connectClient(uid('bob'));
    // Audio only: the handed camera track is stopped, the microphone is used.
    let incoming = nextIncoming(bob);
    const audioCall = alice.createSession([bob.userId], { audio: true, video: false });
    await audioCall.start();
    let callee = await incoming;
    const both = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    const [camera] = both.getVideoTracks();
    await callee.accept({ stream: both });
    expect(camera!.readyState).to.equal('ended');
    expect(callee.localStream?.getTracks().map((t) => t.kind)).to.deep.equal(['audio']);
    audioCall.hangUp();
    await waitForState(callee, 'closed');
    expect(allEnded(both)).to.equal(true);

    // A video call handed a stream whose camera already ended: the session opens its own.
    incoming = nextIncoming(bob);
    const videoCall = alice.createSession([bob.userId]);
    await videoCall.start();
    callee = await incoming;
    const stale = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    stale.getVideoTracks()[0]!.stop();
    await callee.accept({ stream: stale });
    expect(allEnded(stale)).to.equal(true);
    expect(callee.localStream).to.not.equal(stale);
    expect(callee.localStream?.getVideoTracks()[0]?.readyState).to.equal('live');
    videoCall.hangUp();
    await waitForState(callee, 'closed');
  });
});
