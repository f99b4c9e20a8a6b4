// statsString prints the seed's lines (its example, value for value) and bitrates in the seed's units.
import { expect } from '@open-wc/testing';
import { formatBitrate, statsString, type StatsReport } from '../../src/stats/stats-report.js';

describe('statsString: the seed’s format', () => {
  it('reproduces the seed’s example lines from a report with its numbers', () => {
    const report: StatsReport = {
      userId: 'bob',
      timestamp: 0,
      connection: {
        rttMs: 565,
        localCandidateType: 'host',
        remoteCandidateType: 'host',
        protocol: 'udp',
        sendBitrateKbps: 248,
        receiveBitrateKbps: 869,
        availableSendKbps: 292,
      },
      videoSent: {
        codec: 'H264',
        inputWidth: 640,
        inputHeight: 480,
        inputFps: 30,
        width: 640,
        height: 480,
        fps: 30,
        bitrateKbps: 279,
        targetBitrateKbps: 260,
        transmitKbps: 200,
        encodeMs: 8,
        qpAverage: 36,
        qpFrames: 30,
        packetsLost: 17,
      },
      videoReceived: { width: 640, height: 480, receivedFps: 26, fps: 27, decodedFps: 27, bitrateKbps: 827, decodeMs: 4, packetsLost: 0 },
      audioSent: { codec: 'opus', bitrateKbps: 38, packetsLost: 3 },
      audioReceived: { codec: 'opus', bitrateKbps: 37, jitterBufferMs: 168, expandRate: 0.190002, packetsLost: 0 },
    };
    expect(statsString(report).split('\n')).to.deep.equal([
      'CN 565ms | local->local/udp | (s)248Kbps | (r)869Kbps',
      'VS (input) 640x480@30fps | (sent) 640x480@30fps',
      'VS (enc) 279Kbps/260Kbps | (sent) 200Kbps/292Kbps | 8ms | H264',
      'AvgQP (past 30 encoded frames) = 36',
      'VR (recv) 640x480@26fps | (decoded)27 | (output)27fps | 827Kbps/0bps | 4ms',
      'AS 38Kbps | opus',
      'AR 37Kbps | opus | 168ms | (expandrate)0.190002',
      'Packets lost: VS 17 | VR 0 | AS 3 | AR 0',
    ]);
  });

  it('VR shows the receiver’s bandwidth estimate second when the browser has one', () => {
    const line = statsString({ userId: 'x', timestamp: 0, connection: { availableReceiveKbps: 1500 }, videoReceived: { bitrateKbps: 827 } }).split('\n')[4]!;
    expect(line).to.contain('| 827Kbps/1.50Mbps |');
  });

  it('bitrates in the seed’s units: bps under 1 kbps, Kbps, Mbps with two decimals; - when unknown', () => {
    expect(formatBitrate(0)).to.equal('0bps');
    expect(formatBitrate(0.5)).to.equal('500bps');
    expect(formatBitrate(827.4)).to.equal('827Kbps');
    expect(formatBitrate(1250)).to.equal('1.25Mbps');
    expect(formatBitrate(undefined)).to.equal('-');
  });
});
