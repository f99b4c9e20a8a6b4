// Mute state, device listing and device errors on one real call, in every engine the suite
// runs (Chromium's fake devices, Firefox's one fake camera and microphone), through the relay.
// Switching between several cameras and screen sharing: media-devices.test.ts (Chromium).
import { expect } from '@open-wc/testing';
import type { CallSession, LocalMediaState } from '../../src/call-session.js';
import { CallError } from '../../src/errors.js';
import { fallbackDevice, listDevices, nextCamera } from '../../src/media/devices.js';
import type { MediaState } from '../../src/signaling/protocol.js';
import { connectedCall, disconnectAll, waitForEvent, waitUntil } from '../helpers/call-harness.js';
import { waitForMoreFrames } from '../helpers/media-probes.js';

describe('media: mute state and devices on a live call', () => {
  let caller: CallSession;
  let callee: CallSession;
  let aliceId: string;
  let bobId: string;

  before(async () => {
    const call = await connectedCall();
    ({ caller, callee } = call);
    aliceId = call.alice.userId;
    bobId = call.bob.userId;
  });

  after(() => {
    caller?.hangUp();
    disconnectAll();
  });

  it('lists the cameras and microphones with labels once media is allowed (standalone and on the session)', async () => {
    const devices = await caller.listDevices();
    expect(devices.cameras.length).to.be.greaterThan(0);
    expect(devices.microphones.length).to.be.greaterThan(0);
    expect(devices.cameras.every((d) => d.kind === 'videoinput' && d.label !== '')).to.equal(true);
    expect(devices.microphones.every((d) => d.kind === 'audioinput' && d.label !== '')).to.equal(true);
    expect((await listDevices()).cameras.map((d) => d.deviceId)).to.deep.equal(devices.cameras.map((d) => d.deviceId));
    const camera = caller.localStream!.getVideoTracks()[0]!;
    expect(devices.cameras.map((d) => d.deviceId)).to.include(camera.getSettings().deviceId);
  });

  it('mute/unmute: local-media-change here, remote-media-change at the peer, call stays up', async () => {
    const local = waitForEvent<LocalMediaState>(caller, 'local-media-change');
    const remote = waitForEvent<{ userId: string; media: MediaState }>(callee, 'remote-media-change', (d) => !d.media.audio);
    caller.setAudioEnabled(false);
    expect(await local).to.deep.equal({ audio: false, video: true, screen: false });
    expect((await remote).media).to.deep.equal({ audio: false, video: true, screen: false });
    expect(caller.localStream!.getAudioTracks()[0]!.enabled).to.equal(false);

    const video = waitForEvent<LocalMediaState>(caller, 'local-media-change');
    caller.setVideoEnabled(false);
    expect(await video).to.deep.equal({ audio: false, video: false, screen: false });
    caller.setAudioEnabled(true);
    caller.setVideoEnabled(true);
    await waitForEvent(callee, 'remote-media-change', (d: { media: MediaState }) => d.media.audio && d.media.video);
    expect(caller.connectionState(bobId)).to.equal('connected');
    await waitForMoreFrames(callee, aliceId);
  });

  it('setInputDevice rejects bad input and unknown devices with a CallError, keeping the call as it was', async () => {
    const camera = caller.localStream!.getVideoTracks()[0]!;
    const bad = await caller.setInputDevice('speaker' as 'audioinput', 'x').catch((e: unknown) => e);
    expect(bad).to.be.instanceOf(CallError);
    expect((bad as CallError).code).to.equal('invalid-argument');
    const missing = await caller.setInputDevice('videoinput', 'no-such-camera').catch((e: unknown) => e);
    expect((missing as CallError).code).to.equal('no-device');
    expect(caller.localStream!.getVideoTracks()[0]).to.equal(camera);
    expect(camera.readyState).to.equal('live');
  });

  it('switchCamera moves to the next camera, or with only one is a no-device CallError that keeps the call', async () => {
    const { cameras } = await caller.listDevices();
    const before = caller.localStream!.getVideoTracks()[0]!;
    const switched = await caller.switchCamera().then(
      () => undefined,
      (e: unknown) => e,
    );
    if (cameras.length > 1) {
      expect(switched).to.equal(undefined);
      const now = caller.localStream!.getVideoTracks()[0]!;
      expect(now).to.not.equal(before);
      expect(before.readyState).to.equal('ended');
      // (Frames from the next camera: media-devices.test.ts; Chromium's second fake camera
      // gives depth frames no encoder takes.)
      await waitUntil(
        () =>
          caller
            .peerConnection(bobId)!
            .getSenders()
            .some((s) => s.track === now),
        'the new camera is sent',
      );
    } else {
      expect(switched).to.be.instanceOf(CallError);
      expect((switched as CallError).code).to.equal('no-device');
      expect(caller.localStream!.getVideoTracks()[0]).to.equal(before);
      expect(before.readyState).to.equal('live');
      await waitForMoreFrames(callee, aliceId);
    }
    expect(caller.connectionState(bobId)).to.equal('connected');
  });
});

describe('media: device choice helpers', () => {
  const list = (...ids: string[]) => ids.map((deviceId) => ({ deviceId }));

  it('falls back to the default device, else the first, only when the current one is gone', () => {
    expect(fallbackDevice(list('default', 'a', 'b'), 'a')).to.equal(undefined);
    expect(fallbackDevice(list('default', 'b'), 'a')).to.equal('default');
    expect(fallbackDevice(list('b', 'c'), 'a')).to.equal('b');
    expect(fallbackDevice(list(), 'a')).to.equal(undefined);
  });

  it('next camera wraps around; a single camera is a no-device error', () => {
    expect(nextCamera(list('a', 'b', 'c'), 'b')).to.equal('c');
    expect(nextCamera(list('a', 'b', 'c'), 'c')).to.equal('a');
    expect(nextCamera(list('a', 'b'), 'gone')).to.equal('a');
    expect(() => nextCamera(list('a'), 'a')).to.throw(CallError);
  });
});
