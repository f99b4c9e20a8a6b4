/**
 * Connection quality as 0–4 bars, from the numbers the kit's stats reports already carry.
 * Pure functions: data in, a level out (no timers, no getStats), so they are unit-tested.
 */
import type { StatsReport } from '../../src/stats/stats-report.js';

/** 0 = no media arriving, 1 poor, 2 fair, 3 good, 4 excellent. */
export type NetworkLevel = 0 | 1 | 2 | 3 | 4;

/** What the level is computed from; a missing number does not count either way. */
export interface NetworkSample {
  /** Round trip of the selected candidate pair. */
  rttMs?: number;
  /** Share of media lost over the last interval, 0–100. */
  lossPercent?: number;
  /** The worse of the audio and video receive jitter. */
  jitterMs?: number;
  /** Everything received from the peer over the last interval. */
  receiveKbps?: number;
  /** Whether the peer says its camera (or screen) is on, so video bitrate is expected. */
  videoExpected?: boolean;
}

/** Upper bounds: a value below `limits[i]` scores `4 - i`; at or above the last, `floor`. */
function byLimits(value: number | undefined, limits: readonly [number, number, number, number], floor: NetworkLevel): NetworkLevel {
  if (value === undefined || !Number.isFinite(value)) return 4;
  const index = limits.findIndex((limit) => value < limit);
  return index < 0 ? floor : ((4 - index) as NetworkLevel);
}

const RTT_MS = [150, 300, 500, 1000] as const;
const LOSS_PERCENT = [1, 3, 8, 25] as const;
const JITTER_MS = [30, 50, 100, 250] as const;
/** Below this nothing is really arriving (audio alone is ~30 kbps, a black video frame stream more). */
const STALLED_KBPS = 8;

/**
 * The number of bars for one sample: the worst of its RTT, loss, jitter and bitrate scores.
 * RTT and jitter alone never go below 1 bar (slow is not broken); loss of a quarter or more,
 * or media stopping altogether, is 0. `undefined` when the sample has no numbers at all.
 */
export function networkLevel(sample: NetworkSample): NetworkLevel | undefined {
  const { rttMs, lossPercent, jitterMs, receiveKbps, videoExpected } = sample;
  if ([rttMs, lossPercent, jitterMs, receiveKbps].every((v) => v === undefined || !Number.isFinite(v))) return undefined;
  let bitrate: NetworkLevel = 4;
  if (receiveKbps !== undefined && Number.isFinite(receiveKbps)) {
    if (receiveKbps < STALLED_KBPS) bitrate = 0;
    else if (videoExpected) bitrate = receiveKbps < 100 ? 2 : receiveKbps < 250 ? 3 : 4;
  }
  return Math.min(byLimits(rttMs, RTT_MS, 1), byLimits(lossPercent, LOSS_PERCENT, 0), byLimits(jitterMs, JITTER_MS, 1), bitrate) as NetworkLevel;
}

/** Opus sends a packet every 20 ms; video packets are at most ~1200 bytes. */
const AUDIO_PACKETS_PER_S = 50;
const VIDEO_BYTES_PER_PACKET = 1100;

/**
 * The sample for one report. Loss is the larger of the audio concealment over the interval
 * (`expandRate`: the share of sound the receiver had to make up) and the packets reported
 * lost since `previous` against an estimate of the packets that arrived (reports carry no
 * packet counts: audio at 50 packets/s, video at ~1100 bytes a packet).
 */
export function sampleFromReport(report: StatsReport, previous: StatsReport | undefined, options: { videoExpected?: boolean } = {}): NetworkSample {
  const sample: NetworkSample = { videoExpected: options.videoExpected ?? !!report.videoReceived };
  if (report.connection.rttMs !== undefined) sample.rttMs = report.connection.rttMs;
  if (report.connection.receiveBitrateKbps !== undefined) sample.receiveKbps = report.connection.receiveBitrateKbps;
  const jitters = [report.audioReceived?.jitterMs, report.videoReceived?.jitterMs].filter((v): v is number => v !== undefined);
  if (jitters.length) sample.jitterMs = Math.max(...jitters);

  const losses: number[] = [];
  if (report.audioReceived?.expandRate !== undefined) losses.push(report.audioReceived.expandRate * 100);
  const lost = (r: StatsReport) => (r.audioReceived?.packetsLost ?? 0) + (r.videoReceived?.packetsLost ?? 0);
  const seconds = previous ? (report.timestamp - previous.timestamp) / 1000 : 0;
  if (previous && seconds > 0) {
    const lostNow = Math.max(0, lost(report) - lost(previous));
    const videoBytes = (report.samples?.videoBytesReceived ?? 0) - (previous.samples?.videoBytesReceived ?? 0);
    const arrived = (report.audioReceived ? AUDIO_PACKETS_PER_S * seconds : 0) + Math.max(0, videoBytes) / VIDEO_BYTES_PER_PACKET;
    if (lostNow + arrived > 0) losses.push((100 * lostNow) / (lostNow + arrived));
  }
  if (losses.length) sample.lossPercent = Math.max(...losses);
  return sample;
}
