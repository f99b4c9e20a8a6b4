// setRemoteAudioEnabled: the listener stops hearing one peer (their level, as the listener's
// audio graph gets it, drops to 0) and hears them again, while that peer keeps sending.
import { expect } from '@open-wc/testing';
import type { AudioFrame } from '../../src/media/audio-sink.js';
import { connectClient, disconnectAll, nextIncoming, uid, waitForState, waitUntil } from '../helpers/call-harness.js';
import { queueFakeMedia, removeFakeMedia, toneMic } from '../helpers/fake-media.js';
import { audioPacketsReceived, waitForMoreAudio } from '../helpers/media-probes.js';

const rms = (frame: AudioFrame) => {
  const samples = frame.samples[0]!;
  return Math.sqrt(samples.reduce((sum, v) => sum + v * v, 0) / samples.length);
};

describe('remote-audio mute (setRemoteAudioEnabled)', () => {
  after(() => {
    disconnectAll();
    removeFakeMedia();
  });

  it('the listener’s level of that peer drops to 0 and comes back; the peer keeps sending throughout', async () => {
    queueFakeMedia(toneMic(0.5)); // Alice speaks steadily
    const alice = await connectClient(uid('alice'));
    const bob = await connectClient(uid('bob'));
    const incoming = nextIncoming(bob);
    const caller = alice.createSession([bob.userId], { video: false });
    await caller.start();
    const callee = await incoming;
    await callee.accept();
    await Promise.all([waitForState(caller, 'connected'), waitForState(callee, 'connected')]);

    let level = 0;
    const unsubscribe = callee.addAudioSink(alice.userId, (frame) => (level = rms(frame)));
    await waitUntil(() => level > 0.05, 'Bob hears Alice');

    callee.setRemoteAudioEnabled(alice.userId, false);
    expect(callee.remoteStream(alice.userId)!.getAudioTracks()[0]!.enabled).to.equal(false);
    await waitUntil(() => level === 0, 'Alice is silent at Bob');
    const packets = await audioPacketsReceived(callee, alice.userId);
    await waitForMoreAudio(callee, alice.userId); // still arriving: Alice keeps sending
    expect(await audioPacketsReceived(callee, alice.userId)).to.be.greaterThan(packets);
    expect(caller.audioEnabled).to.equal(true);
    expect(level).to.equal(0);

    callee.setRemoteAudioEnabled(alice.userId, true);
    await waitUntil(() => level > 0.05, 'Bob hears Alice again');
    unsubscribe();
    caller.hangUp();
  });
});
