// Mute state, device listing and device errors on one real call, in every engine the suite
// runs (Chromium's fake devices, Firefox's one fake camera and microphone), through the relay.
// Switching between several cameras and screen sharing: media-devices.test.ts (Chromium).
import { expect } from '@open-wc/testing';
import type { LocalMediaState } from '../../src/call-session.js';
import { CallError } from '../../src/errors.js';
import { fallbackDevice, listDevices, nextCamera } from '../../src/media/devices.js';
import type { MediaState } from '../../src/signaling/protocol.js';
import { useConnectedCall, waitForEvent, waitUntil } from '../helpers/call-harness.js';
import { waitForMoreFrames } from '../helpers/media-probes.js';

describe('media: mute state and devices on a live call', () => {
  const live = useConnectedCall();

  it('lists the cameras and microphones with labels once media is allowed (standalone and on the session)', async () => {
    const devices = await live.caller.listDevices();
    expect(devices.cameras.length).to.be.greaterThan(0);
    expect(devices.microphones.length).to.be.greaterThan(0);
    expect(devices.cameras.every((d) => d.kind === 'videoinput' && d.label !== '')).to.equal(true);
    expect(devices.microphones.every((d) => d.kind === 'audioinput' && d.label !== '')).to.equal(true);
    expect((await listDevices()).cameras.map((d) => d.deviceId)).to.deep.equal(devices.cameras.map((d) => d.deviceId));
    const camera = live.caller.localStream!.getVideoTracks()[0]!;
    expect(devices.cameras.map((d) => d.deviceId)).to.include(camera.getSettings().deviceId);
  });

  it('mute/unmute: local-media-change here, remote-media-change at the peer, call stays up', async () => {
    const local = waitForEvent<LocalMediaState>(live.caller, 'local-media-change');
    const remote = waitForEvent<{ userId: string; media: MediaState }>(live.callee, 'remote-media-change', (d) => !d.media.audio);
    live.caller.setAudioEnabled(false);
    expect(await local).to.deep.equal({ audio: false, video: true, screen: false });
    expect((await remote).media).to.deep.equal({ audio: false, video: true, screen: false });
    expect(live.caller.localStream!.getAudioTracks()[0]!.enabled).to.equal(false);

    const video = waitForEvent<LocalMediaState>(live.caller, 'local-media-change');
    live.caller.setVideoEnabled(false);
    expect(await video).to.deep.equal({ audio: false, video: false, screen: false });
    live.caller.setAudioEnabled(true);
    live.caller.setVideoEnabled(true);
    await waitForEvent(live.callee, 'remote-media-change', (d: { media: MediaState }) => d.media.audio && d.media.video);
    expect(live.caller.connectionState(live.bobId)).to.equal('connected');
    await waitForMoreFrames(live.callee, live.aliceId);
  });

  it('setInputDevice rejects bad input and unknown devices with a CallError, keeping the call as it was', async () => {
    const camera = live.caller.localStream!.getVideoTracks()[0]!;
    const bad = await live.caller.setInputDevice('speaker' as 'audioinput', 'x').catch((e: unknown) => e);
    expect(bad).to.be.instanceOf(CallError);
    expect((bad as CallError).code).to.equal('invalid-argument');
    const missing = await live.caller.setInputDevice('videoinput', 'no-such-camera').catch((e: unknown) => e);
    expect((missing as CallError).code).to.equal('no-device');
    expect(live.caller.localStream!.getVideoTracks()[0]).to.equal(camera);
    expect(camera.readyState).to.equal('live');
  });

  it('switchCamera moves to the next camera, or with only one is a no-device CallError that keeps the call', async () => {
    const { cameras } = await live.caller.listDevices();
    const before = live.caller.localStream!.getVideoTracks()[0]!;
    const switched = await live.caller.switchCamera().then(
      () => undefined,
      (e: unknown) => e,
    );
    if (cameras.length > 1) {
      expect(switched).to.equal(undefined);
      const now = live.caller.localStream!.getVideoTracks()[0]!;
      expect(now).to.not.equal(before);
      expect(before.readyState).to.equal('ended');
      // (Frames from the next camera: media-devices.test.ts; Chromium's second fake camera
      // gives depth frames no encoder takes.)
      await waitUntil(
        () =>
          live.caller
            .peerConnection(live.bobId)!
            .getSenders()
            .some((s) => s.track === now),
        'the new camera is sent',
      );
    } else {
      expect(switched).to.be.instanceOf(CallError);
      expect((switched as CallError).code).to.equal('no-device');
      expect(live.caller.localStream!.getVideoTracks()[0]).to.equal(before);
      expect(before.readyState).to.equal('live');
      await waitForMoreFrames(live.callee, live.aliceId);
    }
    expect(live.caller.connectionState(live.bobId)).to.equal('connected');
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
