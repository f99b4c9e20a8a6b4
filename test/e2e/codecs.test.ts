// H.264 profiles as negotiated in a real Chromium call, and the warning when a requested
// codec/profile is not there (naming what is used instead).
import { expect } from '@open-wc/testing';
import type { CallSession } from '../../src/call-session.js';
import { describeCodec, videoCodecWarning } from '../../src/media/codec-warning.js';
import { connectedCall, disconnectAll } from '../helpers/call-harness.js';

afterEach(() => disconnectAll());

/** The `profile-level-id` of the H.264 stream `session` decodes from `userId` (from the codec stats). */
async function receivedProfile(session: CallSession, userId: string): Promise<string | undefined> {
  const stats = new Map<string, Record<string, unknown>>();
  (await session.peerConnection(userId)!.getStats()).forEach((s: Record<string, unknown> & { id: string }) => stats.set(s.id, s));
  const inbound = [...stats.values()].find((s) => s.type === 'inbound-rtp' && s.kind === 'video');
  const codec = stats.get(String(inbound?.codecId));
  expect(codec?.mimeType).to.equal('video/H264');
  return /profile-level-id=([0-9a-f]{6})/i.exec(String(codec?.sdpFmtpLine))?.[1]?.toLowerCase();
}

const small = { width: 320, height: 240, frameRate: 15 };

describe('codecs: H.264 profiles and unavailable preferences', () => {
  it('H264 negotiates Constrained Baseline, profile-level-id 42e01f, in both directions (no warning)', async () => {
    const config = { videoCodec: 'H264' as const, video: small };
    const { alice, bob, caller, callee } = await connectedCall({ alice: { config }, bob: { config } });
    expect(await receivedProfile(callee, alice.userId)).to.equal('42e01f');
    expect(await receivedProfile(caller, bob.userId)).to.equal('42e01f');
    expect(alice.logs.filter((l) => l.severity === 'warn' && /videoCodec/.test(l.message))).to.deep.equal([]);
    caller.hangUp();
  });

  it('H264High where the browser has no High profile: a warning names the profile used, and that is the one negotiated', async function () {
    const high = RTCRtpReceiver.getCapabilities('video')!.codecs.some((c) => /profile-level-id=64/i.test(c.sdpFmtpLine ?? ''));
    if (high) this.skip(); // a build with an H.264 High codec meets the preference
    const config = { videoCodec: 'H264High' as const, video: small };
    const { alice, bob, caller, callee } = await connectedCall({ alice: { config }, bob: { config } });
    const warning = alice.logs.find((l) => l.severity === 'warn' && /videoCodec: H264 High/.test(l.message));
    expect(warning?.message).to.match(/is not available in this browser; using H264 Main \(profile-level-id 4d001f\)/);
    expect(await receivedProfile(callee, alice.userId)).to.equal('4d001f');
    expect(await receivedProfile(caller, bob.userId)).to.equal('4d001f');
    caller.hangUp();
  });

  it('names codecs as people read them, and warns with the browser default when a codec is missing entirely', () => {
    const h264 = (id: string) => ({ mimeType: 'video/H264', clockRate: 90000, sdpFmtpLine: `packetization-mode=1;profile-level-id=${id}` });
    expect(describeCodec(h264('42e01f'))).to.equal('H264 Constrained Baseline (profile-level-id 42e01f)');
    expect(describeCodec(h264('42001f'))).to.equal('H264 Baseline (profile-level-id 42001f)');
    expect(describeCodec(h264('640c1f'))).to.equal('H264 High (profile-level-id 640c1f)');
    expect(describeCodec({ mimeType: 'video/VP9', clockRate: 90000, sdpFmtpLine: 'profile-id=2' })).to.equal('VP9 profile 2');
    const vp8Only = [
      { mimeType: 'video/VP8', clockRate: 90000 },
      { mimeType: 'video/rtx', clockRate: 90000 },
    ];
    expect(videoCodecWarning('AV1', vp8Only)).to.equal('videoCodec: AV1 is not available in this browser; using its default (VP8)');
    expect(videoCodecWarning('VP8', vp8Only)).to.equal(undefined);
    expect(videoCodecWarning('H264', [h264('42001f')])).to.match(/using H264 Baseline \(profile-level-id 42001f\)$/);
  });
});
