// The bars of <network-quality>: a pure score of RTT, loss, jitter and bitrate, and the
// sample a stats report gives it.
import { expect } from '@open-wc/testing';
import { networkLevel, sampleFromReport } from '../../components/network-quality/network-score.js';
import type { StatsReport } from '../../src/stats/stats-report.js';

describe('networkLevel', () => {
  it('a clean LAN call is 4 bars', () => {
    expect(networkLevel({ rttMs: 2, lossPercent: 0, jitterMs: 3, receiveKbps: 900, videoExpected: true })).to.equal(4);
  });

  it('no numbers at all is unknown, not a score', () => {
    expect(networkLevel({})).to.equal(undefined);
    expect(networkLevel({ rttMs: Number.NaN })).to.equal(undefined);
  });

  it('each measure on its own lowers the bars step by step', () => {
    expect([100, 200, 400, 800, 3000].map((rttMs) => networkLevel({ rttMs }))).to.deep.equal([4, 3, 2, 1, 1]);
    expect([0, 2, 5, 12, 40].map((lossPercent) => networkLevel({ lossPercent }))).to.deep.equal([4, 3, 2, 1, 0]);
    expect([10, 40, 80, 200, 400].map((jitterMs) => networkLevel({ jitterMs }))).to.deep.equal([4, 3, 2, 1, 1]);
    expect([600, 200, 50].map((receiveKbps) => networkLevel({ receiveKbps, videoExpected: true }))).to.deep.equal([4, 3, 2]);
  });

  it('the worst measure wins', () => {
    expect(networkLevel({ rttMs: 20, lossPercent: 10, jitterMs: 5, receiveKbps: 800 })).to.equal(1);
    expect(networkLevel({ rttMs: 400, lossPercent: 0, jitterMs: 5 })).to.equal(2);
  });

  it('media that stops arriving is 0 bars, however good the RTT', () => {
    expect(networkLevel({ rttMs: 5, receiveKbps: 0 })).to.equal(0);
    expect(networkLevel({ rttMs: 5, receiveKbps: 2, videoExpected: false })).to.equal(0);
  });

  it('a low bitrate without video (camera off, audio only) is not poor', () => {
    expect(networkLevel({ rttMs: 10, receiveKbps: 35, videoExpected: false })).to.equal(4);
    expect(networkLevel({ rttMs: 10, receiveKbps: 35, videoExpected: true })).to.equal(2);
  });
});

function report(timestamp: number, fields: Partial<StatsReport> = {}): StatsReport {
  return { userId: 'bob', timestamp, connection: {}, ...fields };
}

describe('sampleFromReport', () => {
  it('takes RTT, receive bitrate and the worse jitter', () => {
    const sample = sampleFromReport(
      report(1000, { connection: { rttMs: 12, receiveBitrateKbps: 700 }, audioReceived: { jitterMs: 4 }, videoReceived: { jitterMs: 9 } }),
      undefined,
    );
    expect(sample).to.deep.equal({ videoExpected: true, rttMs: 12, receiveKbps: 700, jitterMs: 9 });
  });

  it('loss is the audio concealment, or the lost packets against those that arrived, whichever is worse', () => {
    const before = report(0, { audioReceived: { packetsLost: 10 }, videoReceived: { packetsLost: 0 }, samples: { timestamp: 0, videoBytesReceived: 0 } });
    // 1 s: 50 audio packets and 1100 kB / 1100 B = 1000 video packets arrived, 50 more lost.
    const now = report(1000, {
      audioReceived: { packetsLost: 20, expandRate: 0.01 },
      videoReceived: { packetsLost: 40 },
      samples: { timestamp: 1000, videoBytesReceived: 1_100_000 },
    });
    expect(sampleFromReport(now, before).lossPercent).to.be.closeTo((100 * 50) / 1100, 0.01);
    const concealed = report(1000, { ...now, audioReceived: { packetsLost: 10, expandRate: 0.2 }, videoReceived: { packetsLost: 0 } });
    expect(sampleFromReport(concealed, before).lossPercent).to.be.closeTo(20, 0.001);
  });

  it('the first report has no packet-loss rate yet; the peer’s camera state overrides the guess', () => {
    const first = sampleFromReport(report(0, { videoReceived: { packetsLost: 3 } }), undefined, { videoExpected: false });
    expect(first.lossPercent).to.equal(undefined);
    expect(first.videoExpected).to.equal(false);
  });
});
