// switchCamera never leaves the peer without a picture. Chromium's fake cameras are three:
// fake_device_1 gives Y16 depth frames that no encoder takes (like an IR/depth "camera" on
// a laptop), and a canvas nobody draws on stands in for a camera that hangs.
import { expect } from '@open-wc/testing';
import type { CallSession } from '../../src/call-session.js';
import type { CallError } from '../../src/errors.js';
import { connectedCall, disconnectAll, waitForEvent } from '../helpers/call-harness.js';
import { deadCamera, queueFakeMedia, removeFakeMedia } from '../helpers/fake-media.js';
import { waitForMoreFrames } from '../helpers/media-probes.js';

describe('switchCamera checks that the new camera delivers a picture', () => {
  let caller: CallSession;
  let callee: CallSession;
  let aliceId: string;
  let bobId: string;
  const errors: CallError[] = [];

  before(async () => {
    const call = await connectedCall();
    ({ caller, callee } = call);
    aliceId = call.alice.userId;
    bobId = call.bob.userId;
    caller.addEventListener('error', (e) => errors.push(e.detail.error));
  });

  after(() => {
    caller?.hangUp();
    disconnectAll();
    removeFakeMedia();
  });

  const sentTrack = () =>
    caller
      .peerConnection(bobId)!
      .getSenders()
      .find((s) => s.track?.kind === 'video')?.track;
  const labelOf = async (deviceId: string | undefined) => (await caller.listDevices()).cameras.find((c) => c.deviceId === deviceId)?.label;

  it('skips a camera whose frames the encoder cannot take (fake_device_1) and lands on the next that works', async () => {
    expect(await labelOf(caller.localStream!.getVideoTracks()[0]!.getSettings().deviceId)).to.equal('fake_device_0');
    const before = caller.localStream!.getVideoTracks()[0]!;
    await caller.switchCamera();
    const after = caller.localStream!.getVideoTracks()[0]!;
    expect(await labelOf(after.getSettings().deviceId)).to.equal('fake_device_2');
    expect(sentTrack()).to.equal(after);
    expect(before.readyState).to.equal('ended');
    expect(caller.localStream!.getVideoTracks()).to.have.length(1);
    expect(errors).to.deep.equal([]);
    await waitForMoreFrames(callee, aliceId, 10, 'frames from the camera that works');
  });

  it('when no other camera works: `error` with the reason, a rejection, and the call stays on the old camera', async () => {
    const camera = caller.localStream!.getVideoTracks()[0]!;
    // The next camera in the list (fake_device_0) now hangs; fake_device_1 gives depth frames.
    queueFakeMedia(deadCamera());
    const reported = waitForEvent<{ error: CallError }>(caller, 'error');
    const rejected = await caller.switchCamera().then(
      () => undefined,
      (e: unknown) => e as CallError,
    );
    const { error } = await reported;
    expect(rejected).to.equal(error);
    expect(error.code).to.equal('no-device');
    expect(error.message).to.match(/no other camera works/);
    expect(error.message).to.match(/fake_device_1 delivered no picture/);
    expect(caller.localStream!.getVideoTracks()).to.deep.equal([camera]);
    expect(camera.readyState).to.equal('live');
    expect(sentTrack()).to.equal(camera);
    await waitForMoreFrames(callee, aliceId, 10, 'frames from the old camera after the failed switch');
  });
});
