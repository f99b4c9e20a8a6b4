// Several devices and screen sharing on one real call (Chromium fake camera/mic, three fake
// cameras, fake speakers, getDisplayMedia auto-accepted by --use-fake-ui-for-media-stream),
// through the relay. Chromium only: Firefox's fake media is one camera and one microphone,
// and headless Firefox has no screen to share. What any engine does: media-mute.test.ts.
import { expect } from '@open-wc/testing';
import type { LocalMediaState } from '../../src/call-session.js';
import { CallError } from '../../src/errors.js';
import { setAudioOutput } from '../../src/media/audio-output.js';
import { listDevices } from '../../src/media/devices.js';
import type { MediaState } from '../../src/signaling/protocol.js';
import { useConnectedCall, waitForEvent, waitForState, waitUntil } from '../helpers/call-harness.js';
import { receivedSize, waitForMoreAudio, waitForMoreFrames } from '../helpers/media-probes.js';

describe('media: several devices and screen sharing on a live call', () => {
  const live = useConnectedCall();

  it('lists cameras, microphones and speakers (standalone and on the session)', async () => {
    const devices = await live.caller.listDevices();
    expect(devices.cameras.length).to.be.greaterThanOrEqual(3);
    expect(devices.microphones.length).to.be.greaterThan(0);
    expect(devices.speakers.length).to.be.greaterThan(0);
    expect(devices.cameras.every((d) => d.kind === 'videoinput' && d.label !== '')).to.equal(true);
    expect((await listDevices()).cameras.map((d) => d.deviceId)).to.deep.equal(devices.cameras.map((d) => d.deviceId));
  });

  it('setInputDevice(videoinput) then switchCamera: each camera goes out without renegotiation, the old track ends, frames keep decoding', async () => {
    // Fake cameras: fake_device_0 is in use; fake_device_2 is the other encodable one (see CHROMIUM_ARGS).
    const { cameras } = await live.caller.listDevices();
    const first = cameras.find((c) => c.label === 'fake_device_0')!;
    const other = cameras.find((c) => c.label === 'fake_device_2')!;
    const before = live.caller.localStream!.getVideoTracks()[0]!;
    expect(before.getSettings().deviceId).to.equal(first.deviceId);
    const sender = live.caller
      .peerConnection(live.bobId)!
      .getSenders()
      .find((s) => s.track?.kind === 'video')!;
    const sdpBefore = live.caller.peerConnection(live.bobId)!.localDescription?.sdp;
    const stream = waitForEvent<{ stream: MediaStream }>(live.caller, 'local-stream');
    await live.caller.setInputDevice('videoinput', other.deviceId);
    const after = live.caller.localStream!.getVideoTracks()[0]!;
    expect((await stream).stream).to.equal(live.caller.localStream);
    expect(after.getSettings().deviceId).to.equal(other.deviceId);
    expect(before.readyState).to.equal('ended');
    expect(after.readyState).to.equal('live');
    expect(sender.track).to.equal(after);
    expect(live.caller.peerConnection(live.bobId)!.localDescription?.sdp).to.equal(sdpBefore); // no renegotiation
    await waitForMoreFrames(live.callee, live.aliceId, 15, 'frames from the chosen camera');

    // The last camera in the list: switchCamera (no facingMode on desktop) wraps to the first.
    await live.caller.switchCamera();
    const back = live.caller.localStream!.getVideoTracks()[0]!;
    expect(back.getSettings().deviceId).to.equal(first.deviceId);
    expect(after.readyState).to.equal('ended');
    expect(sender.track).to.equal(back);
    expect(live.caller.peerConnection(live.bobId)!.localDescription?.sdp).to.equal(sdpBefore);
    await waitForMoreFrames(live.callee, live.aliceId, 15, 'frames after switchCamera');
  });

  it('setInputDevice(audioinput): the new microphone reaches the peer and the old track ends', async () => {
    const before = live.caller.localStream!.getAudioTracks()[0]!;
    const { microphones } = await live.caller.listDevices();
    const other = microphones.find((m) => m.deviceId !== before.getSettings().deviceId && m.deviceId !== 'default')!;
    live.caller.setAudioEnabled(false); // mute state carries over to the new microphone
    await live.caller.setInputDevice('audioinput', other.deviceId);
    const after = live.caller.localStream!.getAudioTracks()[0]!;
    expect(after.getSettings().deviceId).to.equal(other.deviceId);
    expect(after.enabled).to.equal(false);
    expect(before.readyState).to.equal('ended');
    expect(
      live.caller
        .peerConnection(live.bobId)!
        .getSenders()
        .some((s) => s.track === after),
    ).to.equal(true);
    live.caller.setAudioEnabled(true);
    await waitForMoreAudio(live.callee, live.aliceId);
    expect(live.callee.remoteStream(live.aliceId)!.getAudioTracks()[0]!.readyState).to.equal('live');
  });

  it('screen share: the peer gets screen frames and media.screen; stopScreenShare brings the camera back', async () => {
    const camera = live.caller.localStream!.getVideoTracks()[0]!;
    const cameraSize = await receivedSize(live.callee, live.aliceId);
    expect(cameraSize.width / cameraSize.height).to.be.closeTo(4 / 3, 0.05);
    const told = waitForEvent<{ media: MediaState }>(live.callee, 'remote-media-change', (d) => d.media.screen);
    const local = waitForEvent<LocalMediaState>(live.caller, 'local-media-change', (d) => d.screen);
    await live.caller.startScreenShare();
    expect(live.caller.screenSharing).to.equal(true);
    expect((await told).media.screen).to.equal(true);
    expect((await local).screen).to.equal(true);
    const screen = live.caller.localStream!.getVideoTracks()[0]!;
    expect(screen).to.not.equal(camera);
    expect(camera.readyState).to.equal('live'); // kept for when sharing stops
    // The fake screen is 16:9; the fake camera 4:3.
    await waitUntil(async () => {
      const { width, height } = await receivedSize(live.callee, live.aliceId);
      return height > 0 && Math.abs(width / height - 16 / 9) < 0.05;
    }, 'the peer decodes 16:9 screen frames');
    await waitForMoreFrames(live.callee, live.aliceId, 10, 'screen frames');

    const back = waitForEvent<{ media: MediaState }>(live.callee, 'remote-media-change', (d) => !d.media.screen);
    live.caller.stopScreenShare();
    expect(live.caller.screenSharing).to.equal(false);
    expect(screen.readyState).to.equal('ended');
    expect(live.caller.localStream!.getVideoTracks()[0]).to.equal(camera);
    await back;
    await waitUntil(async () => {
      const { width, height } = await receivedSize(live.callee, live.aliceId);
      return height > 0 && Math.abs(width / height - 4 / 3) < 0.05;
    }, 'the peer decodes 4:3 camera frames again');
    await waitForMoreFrames(live.callee, live.aliceId, 10, 'camera frames after sharing');
  });

  it('screen share ended by the browser (the display track ends): the camera comes back by itself', async () => {
    const camera = live.caller.localStream!.getVideoTracks()[0]!;
    await live.caller.startScreenShare();
    const screen = live.caller.localStream!.getVideoTracks()[0]!;
    const back = waitForEvent<{ media: MediaState }>(live.callee, 'remote-media-change', (d) => !d.media.screen);
    // What the browser's own "Stop sharing" button does: the capture stops and `ended` fires
    // (a page's own stop() does not fire it, so the test fires it after stopping).
    screen.stop();
    screen.dispatchEvent(new Event('ended'));
    await back;
    expect(live.caller.screenSharing).to.equal(false);
    expect(live.caller.localStream!.getVideoTracks()[0]).to.equal(camera);
    expect(
      live.caller
        .peerConnection(live.bobId)!
        .getSenders()
        .some((s) => s.track === camera),
    ).to.equal(true);
    await waitUntil(async () => {
      const { width, height } = await receivedSize(live.callee, live.aliceId);
      return height > 0 && Math.abs(width / height - 4 / 3) < 0.05;
    }, 'camera frames at the peer again');
  });

  it('setAudioOutput routes a media element to a chosen speaker; a browser without setSinkId gets not-supported', async () => {
    const { speakers } = await live.caller.listDevices();
    const speaker = speakers.find((s) => s.deviceId !== 'default')!;
    const audio = new Audio();
    await setAudioOutput(audio, speaker.deviceId);
    expect((audio as HTMLMediaElement & { sinkId: string }).sinkId).to.equal(speaker.deviceId);
    const unknown = await setAudioOutput(audio, 'no-such-speaker').catch((e: unknown) => e);
    expect((unknown as CallError).code).to.equal('no-device');
    // An element whose browser lacks setSinkId (Safari < 18): an own property hides the prototype's.
    const old = Object.assign(new Audio(), { setSinkId: undefined });
    const unsupported = await setAudioOutput(old, speaker.deviceId).catch((e: unknown) => e);
    expect((unsupported as CallError).code).to.equal('not-supported');
  });

  it('devicechange: `devices-change` carries fresh lists; a camera that goes away is replaced by another', async () => {
    const changed = waitForEvent<{ cameras: MediaDeviceInfo[] }>(live.caller, 'devices-change');
    // What the browser fires when a device is plugged in or out.
    navigator.mediaDevices.dispatchEvent(new Event('devicechange'));
    expect((await changed).cameras.length).to.be.greaterThanOrEqual(3);

    // Switch to fake_device_2, then "unplug" it: its track ends without the page stopping it.
    const { cameras } = await live.caller.listDevices();
    await live.caller.setInputDevice('videoinput', cameras.find((c) => c.label === 'fake_device_2')!.deviceId);
    const lost = live.caller.localStream!.getVideoTracks()[0]!;
    const replaced = waitForEvent<{ stream: MediaStream }>(live.caller, 'local-stream');
    lost.stop();
    lost.dispatchEvent(new Event('ended'));
    const { stream } = await replaced;
    const fallback = stream.getVideoTracks()[0]!;
    expect(fallback.readyState).to.equal('live');
    expect(fallback.getSettings().deviceId).to.equal(cameras[0]!.deviceId);
    await waitUntil(
      () =>
        live.caller
          .peerConnection(live.bobId)!
          .getSenders()
          .some((s) => s.track === fallback),
      'the fallback camera is sent',
    );
    await waitForMoreFrames(live.callee, live.aliceId, 10, 'frames from the fallback camera');
  });

  it('hang-up releases the camera kept behind a screen share and the screen itself', async () => {
    const camera = live.caller.localStream!.getVideoTracks()[0]!;
    await live.caller.startScreenShare();
    const screen = live.caller.localStream!.getVideoTracks()[0]!;
    live.caller.hangUp();
    await waitForState(live.callee, 'closed');
    expect(screen.readyState).to.equal('ended');
    expect(camera.readyState).to.equal('ended');
    expect(live.caller.localStream!.getTracks().every((t) => t.readyState === 'ended')).to.equal(true);
  });
});
