/**
 * A typed per-peer report distilled from `RTCPeerConnection.getStats()` (the seed's
 * CYBCallStatsReport), and the seed's `statsString` lines. Bitrates, rates and averages
 * need two samples: pass the previous report (its `samples`) to `collectStatsReport`.
 */
export interface StatsReport {
  userId: string;
  timestamp: number;
  connection: {
    rttMs?: number;
    localCandidateType?: string;
    remoteCandidateType?: string;
    protocol?: string;
    sendBitrateKbps?: number;
    receiveBitrateKbps?: number;
    /** The sender's bandwidth estimate (candidate pair `availableOutgoingBitrate`). */
    availableSendKbps?: number;
    /**
     * The receiver's bandwidth estimate (candidate pair `availableIncomingBitrate`). With
     * send-side estimation (transport-cc, Chromium) the receiver has none: `statsString`
     * then shows `0bps`, as in the seed's example.
     */
    availableReceiveKbps?: number;
  };
  videoSent?: {
    codec?: string;
    inputWidth?: number;
    inputHeight?: number;
    inputFps?: number;
    width?: number;
    height?: number;
    fps?: number;
    /** Encoder output: payload bytes sent per second (the seed's `VS (enc)` first value). */
    bitrateKbps?: number;
    targetBitrateKbps?: number;
    /** Video on the wire: payload and RTP headers per second (the seed's `VS (sent)` first value). */
    transmitKbps?: number;
    encodeMs?: number;
    /** Average QP over the frames encoded since the previous report (low = good quality). */
    qpAverage?: number;
    /** How many frames `qpAverage` covers. */
    qpFrames?: number;
    packetsLost?: number;
  };
  videoReceived?: {
    codec?: string;
    width?: number;
    height?: number;
    fps?: number;
    framesDecoded?: number;
    /** Frames received per second over the last interval (the seed's `VR (recv)` rate); `fps` is the output rate. */
    receivedFps?: number;
    /** Frames decoded per second over the last interval. */
    decodedFps?: number;
    bitrateKbps?: number;
    decodeMs?: number;
    jitterMs?: number;
    packetsLost?: number;
  };
  audioSent?: {
    codec?: string;
    bitrateKbps?: number;
    level?: number;
    packetsLost?: number;
  };
  audioReceived?: {
    codec?: string;
    bitrateKbps?: number;
    /** 0..1, from inbound-rtp audioLevel: what active-speaker detection uses. */
    level?: number;
    jitterMs?: number;
    jitterBufferMs?: number;
    expandRate?: number;
    packetsLost?: number;
  };
  /** Raw cumulative counters this report was computed from; the next report diffs against them. */
  samples?: StatsSamples;
}

/** Cumulative counters (as getStats reports them) at `timestamp` (ms). */
export interface StatsSamples {
  timestamp: number;
  bytesSent?: number;
  bytesReceived?: number;
  videoBytesSent?: number;
  videoBytesReceived?: number;
  audioBytesSent?: number;
  audioBytesReceived?: number;
  framesEncoded?: number;
  totalEncodeTime?: number;
  qpSum?: number;
  framesDecoded?: number;
  framesReceived?: number;
  /** Video payload plus RTP header bytes sent. */
  videoTransmitBytes?: number;
  totalDecodeTime?: number;
  concealedSamples?: number;
  totalSamplesReceived?: number;
}

const round = (n: number) => Math.round(n);

/** `640x480@30fps`, or `-` when unknown. */
function format(width?: number, height?: number, fps?: number): string {
  const size = width && height ? `${width}x${height}` : '-';
  return fps === undefined ? size : `${size}@${round(fps)}fps`;
}

/** A bitrate as the seed prints it: `0bps`, `827Kbps`, `1.25Mbps` (`-` when unknown). */
export function formatBitrate(kbps?: number): string {
  if (kbps === undefined || !Number.isFinite(kbps)) return '-';
  const bps = kbps * 1000;
  if (bps >= 1e6) return `${(bps / 1e6).toFixed(2)}Mbps`;
  if (bps >= 1e3) return `${round(bps / 1e3)}Kbps`;
  return `${round(bps)}bps`;
}

const kbps = formatBitrate;
const ms = (value?: number) => (value === undefined ? '-' : `${round(value)}ms`);
const num = (value?: number) => (value === undefined ? '-' : String(value));

/** libwebrtc's candidate-type names, which the seed's example shows (`local->local/udp`). */
function candidateName(type?: string): string {
  switch (type) {
    case 'host':
      return 'local';
    case 'srflx':
      return 'stun';
    case undefined:
      return '-';
    default:
      return type;
  }
}

/**
 * The seed's eight-line summary, e.g.
 * ```
 * CN 565ms | local->local/udp | (s)248Kbps | (r)869Kbps
 * VS (input) 640x480@30fps | (sent) 640x480@30fps
 * VS (enc) 279Kbps/260Kbps | (sent) 200Kbps/292Kbps | 8ms | H264
 * AvgQP (past 30 encoded frames) = 36
 * VR (recv) 640x480@26fps | (decoded)27 | (output)27fps | 827Kbps/0bps | 4ms
 * AS 38Kbps | opus
 * AR 37Kbps | opus | 168ms | (expandrate)0.190002
 * Packets lost: VS 17 | VR 0 | AS 3 | AR 0
 * ```
 * VS (enc) is encoder output/target; VS (sent) is video on the wire (payload and RTP
 * headers)/bandwidth estimate; VR (recv) is the rate frames arrive, (decoded) the rate they
 * are decoded, (output) the rate the decoder outputs (`framesPerSecond`); VR's two
 * bitrates are received/the receiver's bandwidth estimate (`0bps` where there is none);
 * bitrates print as the seed's do (`bps`, `Kbps`, `Mbps`); AvgQP is over the
 * frames encoded since the previous report; AR's ms is the jitter buffer delay. Unknown
 * values print as `-`; every line is always there.
 */
export function statsString(report: StatsReport): string {
  const { connection: cn, videoSent: vs = {}, videoReceived: vr = {}, audioSent: as = {}, audioReceived: ar = {} } = report;
  const route = `${candidateName(cn.localCandidateType)}->${candidateName(cn.remoteCandidateType)}/${cn.protocol ?? '-'}`;
  return [
    `CN ${ms(cn.rttMs)} | ${route} | (s)${kbps(cn.sendBitrateKbps)} | (r)${kbps(cn.receiveBitrateKbps)}`,
    `VS (input) ${format(vs.inputWidth, vs.inputHeight, vs.inputFps)} | (sent) ${format(vs.width, vs.height, vs.fps)}`,
    `VS (enc) ${kbps(vs.bitrateKbps)}/${kbps(vs.targetBitrateKbps)} | (sent) ${kbps(vs.transmitKbps)}/${kbps(cn.availableSendKbps)} | ${ms(vs.encodeMs)} | ${vs.codec ?? '-'}`,
    `AvgQP (past ${num(vs.qpFrames)} encoded frames) = ${vs.qpAverage === undefined ? '-' : round(vs.qpAverage)}`,
    `VR (recv) ${format(vr.width, vr.height, vr.receivedFps ?? vr.fps)} | (decoded)${vr.decodedFps === undefined ? '-' : round(vr.decodedFps)} | (output)${vr.fps === undefined ? '-' : `${round(vr.fps)}fps`} | ${kbps(vr.bitrateKbps)}/${kbps(cn.availableReceiveKbps ?? 0)} | ${ms(vr.decodeMs)}`,
    `AS ${kbps(as.bitrateKbps)} | ${as.codec ?? '-'}`,
    `AR ${kbps(ar.bitrateKbps)} | ${ar.codec ?? '-'} | ${ms(ar.jitterBufferMs)} | (expandrate)${ar.expandRate === undefined ? '-' : ar.expandRate.toFixed(6)}`,
    `Packets lost: VS ${num(vs.packetsLost)} | VR ${num(vr.packetsLost)} | AS ${num(as.packetsLost)} | AR ${num(ar.packetsLost)}`,
  ].join('\n');
}
