/**
 * A typed per-peer report distilled from `RTCPeerConnection.getStats()` (the seed's
 * CYBCallStatsReport), and the seed's `statsString` lines. Bitrates need two samples:
 * pass the previous report's raw samples to get them.
 * CONTRACT ONLY: the implementation is being written (issue 5).
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
  };
  videoSent?: {
    codec?: string;
    inputWidth?: number;
    inputHeight?: number;
    inputFps?: number;
    width?: number;
    height?: number;
    fps?: number;
    bitrateKbps?: number;
    targetBitrateKbps?: number;
    encodeMs?: number;
    qpAverage?: number;
    packetsLost?: number;
  };
  videoReceived?: {
    codec?: string;
    width?: number;
    height?: number;
    fps?: number;
    framesDecoded?: number;
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
}
