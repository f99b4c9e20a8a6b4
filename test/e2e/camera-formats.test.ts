// The formats a camera offers and changing format mid-call: the peer decodes the new size.
import { expect } from '@open-wc/testing';
import { CallError } from '../../src/errors.js';
import { cameraFormats } from '../../src/media/camera-formats.js';
import { useConnectedCall, waitUntil } from '../helpers/call-harness.js';
import { receivedSize } from '../helpers/media-probes.js';

describe('camera formats on a live call', () => {
  const live = useConnectedCall();

  async function peerDecodes(width: number, height: number): Promise<void> {
    await waitUntil(
      async () => {
        const size = await receivedSize(live.callee, live.aliceId);
        return size.width === width && size.height === height;
      },
      `the peer decodes ${width}x${height} (now ${JSON.stringify(await receivedSize(live.callee, live.aliceId))})`,
    );
  }

  /** The peer decodes a picture of `w`:`h` (the encoder may still scale it down while its bandwidth estimate ramps up). */
  async function peerDecodesShape(w: number, h: number): Promise<void> {
    await waitUntil(
      async () => {
        const size = await receivedSize(live.callee, live.aliceId);
        return size.width > 0 && size.width * h === size.height * w;
      },
      `the peer decodes a ${w}:${h} picture (now ${JSON.stringify(await receivedSize(live.callee, live.aliceId))})`,
    );
  }

  it('lists the formats the camera offers as width, height and frame rate, inside its capabilities', () => {
    const formats = live.caller.cameraFormats();
    const camera = live.caller.localStream!.getVideoTracks()[0]!;
    const caps = camera.getCapabilities();
    expect(formats.length).to.be.greaterThan(0);
    // Chromium's fake cameras: up to 3840x2160 at up to 20 fps.
    expect(formats).to.deep.include({ width: 640, height: 480, frameRate: Math.floor(caps.frameRate!.max!) });
    expect(formats).to.deep.include({ width: 320, height: 180, frameRate: 15 });
    for (const f of formats) {
      expect(f.width).to.be.within(caps.width?.min ?? 0, caps.width?.max ?? Infinity);
      expect(f.height).to.be.within(caps.height?.min ?? 0, caps.height?.max ?? Infinity);
      expect(f.frameRate).to.be.within(caps.frameRate?.min ?? 0, caps.frameRate?.max ?? Infinity);
    }
    expect(cameraFormats(live.caller.localStream!.getAudioTracks()[0])).to.deep.equal([]); // not a camera
  });

  it('setVideoFormat mid-call: the camera and the peer’s decoded picture follow, without a new track', async () => {
    const camera = live.caller.localStream!.getVideoTracks()[0]!;
    await peerDecodes(640, 480);
    await live.caller.setVideoFormat({ width: 320, height: 180, frameRate: 15 });
    expect(camera.getSettings()).to.include({ width: 320, height: 180 });
    expect(camera.getSettings().frameRate).to.be.at.most(15);
    await peerDecodes(320, 180);
    await live.caller.setVideoFormat({ width: 640, height: 480, frameRate: 30 });
    expect(camera.getSettings()).to.include({ width: 640, height: 480 });
    // Back up from a small format the encoder starts low and climbs as its bandwidth estimate
    // does (on a busy machine longer than any wait here), so the shape is what must follow at once.
    await peerDecodesShape(4, 3);
    expect(live.caller.localStream!.getVideoTracks()[0]).to.equal(camera);
  });

  it('bad formats are CallErrors (invalid-argument) and change nothing', async () => {
    for (const bad of [{ width: 0, height: 480, frameRate: 30 }, { width: 640, height: 480 }, null]) {
      const error = await live.caller.setVideoFormat(bad as never).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(CallError);
      expect((error as CallError).code).to.equal('invalid-argument');
    }
    expect(live.caller.localStream!.getVideoTracks()[0]!.getSettings()).to.include({ width: 640, height: 480 });
  });
});
