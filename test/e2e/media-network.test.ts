// Config that shapes what goes over the network, checked at the receiver of a real call:
// video codec preference, bitrate caps, and a relay-only call through a real TURN server.
import { expect } from '@open-wc/testing';
import type { CallConfig, VideoCodec } from '../../src/config.js';
import { isVideoCodecAvailable } from '../../src/media/codec-availability.js';
import { collectStatsReport } from '../../src/stats/collect-stats.js';
import { connectedCall, disconnectAll, waitUntil } from '../helpers/call-harness.js';
import { receivedCodec, videoBytesReceived } from '../helpers/media-probes.js';

afterEach(() => disconnectAll());

/** A connected 1:1 call; each side gets its own config. */
async function call(callerConfig: Partial<CallConfig>, calleeConfig: Partial<CallConfig> = callerConfig) {
  const { alice, bob, caller, callee } = await connectedCall({ alice: { config: callerConfig }, bob: { config: calleeConfig } });
  return { caller, callee, aliceId: alice.userId, bobId: bob.userId, alice, bob };
}

const MIME: Record<VideoCodec, string> = { VP8: 'video/VP8', VP9: 'video/VP9', H264: 'video/H264', H264High: 'video/H264', AV1: 'video/AV1' };

describe('media: video codec preference (setCodecPreferences)', () => {
  for (const codec of ['VP8', 'VP9', 'H264', 'AV1'] as const) {
    // H264/AV1 depend on the browser build (Debian's Firefox has no H264): where the codec is
    // missing, the documented fallback is the browser's default, VP8, in both directions.
    const available = isVideoCodecAvailable(codec);
    const expected = available ? MIME[codec] : MIME.VP8;
    it(`${codec}: both directions decode ${available ? codec : `VP8 (no ${codec} in this browser)`}; audio is Opus`, async () => {
      const { caller, callee, aliceId, bobId } = await call({ videoCodec: codec });
      expect(await receivedCodec(callee, aliceId)).to.equal(expected);
      expect(await receivedCodec(caller, bobId)).to.equal(expected);
      expect(await receivedCodec(callee, aliceId, 'audio')).to.equal('audio/opus');
      caller.hangUp();
    });
  }

  it('the answerer’s preference counts too: only the callee asks for VP9, the caller sends VP9', async () => {
    // VP8 is Chromium's and Firefox's default first choice, so VP9 here can only come from the callee's answer.
    const { caller, callee, aliceId } = await call({}, { videoCodec: 'VP9' });
    expect(await receivedCodec(callee, aliceId)).to.equal('video/VP9');
    caller.hangUp();
  });

  it('without a preference the browser default (VP8 in Chromium and Firefox) is used', async () => {
    const { caller, callee, aliceId } = await call({});
    expect(await receivedCodec(callee, aliceId)).to.equal('video/VP8');
    caller.hangUp();
  });
});

/** Received video kbps over a window of `ms` of stats time. */
async function receivedKbps(session: Parameters<typeof videoBytesReceived>[0], userId: string, ms: number): Promise<number> {
  const start = await videoBytesReceived(session, userId);
  let end = start;
  await waitUntil(async () => {
    end = await videoBytesReceived(session, userId);
    return end.at - start.at >= ms;
  }, `${ms} ms of received video`);
  return ((end.bytes - start.bytes) * 8) / (end.at - start.at);
}

describe('media: bitrate cap (setParameters)', () => {
  it('maxVideoBitrate 100 kbps shows in encodings[0].maxBitrate and keeps the received bitrate far below an uncapped call', async () => {
    const capped = await call({ maxVideoBitrate: 100, maxAudioBitrate: 24 });
    const senders = capped.caller.peerConnection(capped.bobId)!.getSenders();
    await waitUntil(
      () => senders.find((s) => s.track?.kind === 'video')?.getParameters().encodings[0]?.maxBitrate === 100_000,
      'the video sender carries the cap',
    );
    expect(senders.find((s) => s.track?.kind === 'audio')?.getParameters().encodings[0]?.maxBitrate).to.equal(24_000);
    // The answerer caps what it sends as well.
    const calleeVideo = capped.callee
      .peerConnection(capped.aliceId)!
      .getSenders()
      .find((s) => s.track?.kind === 'video');
    await waitUntil(() => calleeVideo?.getParameters().encodings[0]?.maxBitrate === 100_000, 'the answerer’s video sender carries the cap');
    const cappedKbps = await receivedKbps(capped.callee, capped.aliceId, 3000);
    capped.caller.hangUp();
    expect(cappedKbps).to.be.greaterThan(0);
    expect(cappedKbps).to.be.lessThan(100 * 1.5);

    const free = await call({});
    expect(
      free.caller
        .peerConnection(free.bobId)!
        .getSenders()
        .find((s) => s.track?.kind === 'video')
        ?.getParameters().encodings[0]?.maxBitrate,
    ).to.equal(undefined);
    // Bandwidth estimation ramps up; wait (bounded) until the uncapped call clearly exceeds the cap.
    let freeKbps = 0;
    await waitUntil(
      async () => {
        freeKbps = await receivedKbps(free.callee, free.aliceId, 1500);
        return freeKbps > cappedKbps * 2;
      },
      `the uncapped call goes above twice the capped rate (${Math.round(cappedKbps)} kbps)`,
    );
    free.caller.hangUp();
  });
});

describe('media: relay-only call through a real TURN server (coturn)', () => {
  let turn: { urls: string[]; username: string; credential: string } | undefined;

  before(async () => {
    const response = await fetch('/__meshcall/turn', { method: 'POST' });
    const body = (await response.json()) as typeof turn & { error?: string };
    if (!response.ok) throw new Error(`could not start turnserver: ${body?.error}`);
    turn = body;
  });

  after(async () => {
    await fetch('/__meshcall/turn', { method: 'DELETE' });
  });

  it('iceTransportPolicy relay + TURN credentials: connects over a relay candidate pair and video flows', async () => {
    const config: Partial<CallConfig> = {
      iceServers: [{ urls: turn!.urls, username: turn!.username, credential: turn!.credential }],
      iceTransportPolicy: 'relay',
    };
    const { caller, callee, aliceId, bobId } = await call(config);
    for (const [session, peer] of [
      [caller, bobId],
      [callee, aliceId],
    ] as const) {
      const report = await collectStatsReport(session.peerConnection(peer)!, peer);
      expect(report.connection.localCandidateType).to.equal('relay');
      expect(report.connection.remoteCandidateType).to.equal('relay');
    }
    // No host candidate was even offered.
    expect(caller.peerConnection(bobId)!.localDescription!.sdp).to.not.match(/typ host/);
    caller.hangUp();
  });
});
