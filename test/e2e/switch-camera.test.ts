// switchCamera never leaves the peer without a picture. Chromium's fake cameras are three:
// fake_device_1 gives Y16 depth frames that no encoder takes (like an IR/depth "camera" on
// a laptop), and a canvas nobody draws on stands in for a camera that hangs.
import { expect } from '@open-wc/testing';
import type { CallError } from '../../src/errors.js';
import { useConnectedCall, waitForEvent } from '../helpers/call-harness.js';
import { deadCamera, queueFakeMedia, removeFakeMedia } from '../helpers/fake-media.js';
import { waitForMoreFrames } from '../helpers/media-probes.js';

describe('switchCamera checks that the new camera delivers a picture', () => {
  const errors: CallError[] = [];

  const live = useConnectedCall();
  before(() => {
    live.caller.addEventListener('error', (e) => errors.push(e.detail.error));
  });

  after(() => removeFakeMedia());

  const sentTrack = () =>
    live.caller
      .peerConnection(live.bobId)!
      .getSenders()
      .find((s) => s.track?.kind === 'video')?.track;
  const labelOf = async (deviceId: string | undefined) => (await live.caller.listDevices()).cameras.find((c) => c.deviceId === deviceId)?.label;

  it('skips a camera whose frames the encoder cannot take (fake_device_1) and lands on the next that works', async () => {
    expect(await labelOf(live.caller.localStream!.getVideoTracks()[0]!.getSettings().deviceId)).to.equal('fake_device_0');
    const before = live.caller.localStream!.getVideoTracks()[0]!;
    await live.caller.switchCamera();
    const after = live.caller.localStream!.getVideoTracks()[0]!;
    expect(await labelOf(after.getSettings().deviceId)).to.equal('fake_device_2');
    expect(sentTrack()).to.equal(after);
    expect(before.readyState).to.equal('ended');
    expect(live.caller.localStream!.getVideoTracks()).to.have.length(1);
    expect(errors).to.deep.equal([]);
    await waitForMoreFrames(live.callee, live.aliceId, 10, 'frames from the camera that works');
  });

  it('when no other camera works: `error` with the reason, a rejection, and the call stays on the old camera', async () => {
    const camera = live.caller.localStream!.getVideoTracks()[0]!;
    // The next camera in the list (fake_device_0) now hangs; fake_device_1 gives depth frames.
    queueFakeMedia(deadCamera());
    const reported = waitForEvent<{ error: CallError }>(live.caller, 'error');
    const rejected = await live.caller.switchCamera().then(
      () => undefined,
      (e: unknown) => e as CallError,
    );
    const { error } = await reported;
    expect(rejected).to.equal(error);
    expect(error.code).to.equal('no-device');
    expect(error.message).to.match(/no other camera works/);
    expect(error.message).to.match(/fake_device_1 delivered no picture/);
    expect(live.caller.localStream!.getVideoTracks()).to.deep.equal([camera]);
    expect(camera.readyState).to.equal('live');
    expect(sentTrack()).to.equal(camera);
    await waitForMoreFrames(live.callee, live.aliceId, 10, 'frames from the old camera after the failed switch');
  });
});
