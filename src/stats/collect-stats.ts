/** Turns one `RTCPeerConnection.getStats()` snapshot into a typed `StatsReport`. */
import type { StatsReport, StatsSamples } from './stats-report.js';

type Stat = Record<string, unknown> & { id: string; type: string; timestamp: number };

function num(stat: Stat | undefined, key: string): number | undefined {
  const value = stat?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function str(stat: Stat | undefined, key: string): string | undefined {
  const value = stat?.[key];
  return typeof value === 'string' ? value : undefined;
}

/** Drops the keys whose value is undefined, so reports compare and print cleanly. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** `video/VP8` → `VP8`. */
function codecName(stats: Map<string, Stat>, stat: Stat | undefined): string | undefined {
  const mime = str(stats.get(str(stat, 'codecId') ?? ''), 'mimeType');
  return mime?.split('/')[1];
}

/** The RTP stream of one kind and direction that carries the most bytes (the live one). */
function busiest(all: Stat[], type: string, kind: string, bytesKey: string): Stat | undefined {
  let best: Stat | undefined;
  for (const stat of all) {
    if (stat.type !== type || (stat.kind ?? stat.mediaType) !== kind) continue;
    if (!best || (num(stat, bytesKey) ?? 0) > (num(best, bytesKey) ?? 0)) best = stat;
  }
  return best;
}

/**
 * The media-source stats (the local track before encoding) behind one outbound stream.
 * Chromium links them (`mediaSourceId`); Firefox does not, so there the source is the one
 * whose `trackIdentifier` is the track of the sender on the stream's `mid`, or else the
 * only media source of that kind.
 */
function mediaSource(pc: Pick<RTCPeerConnection, 'getTransceivers'>, stats: Map<string, Stat>, all: Stat[], out: Stat | undefined): Stat | undefined {
  if (!out) return undefined;
  const linked = stats.get(str(out, 'mediaSourceId') ?? '');
  if (linked) return linked;
  const kind = str(out, 'kind') ?? str(out, 'mediaType');
  const sources = all.filter((s) => s.type === 'media-source' && s.kind === kind);
  const mid = str(out, 'mid');
  const trackId = mid === undefined ? undefined : pc.getTransceivers().find((t) => t.mid === mid)?.sender.track?.id;
  const byTrack = trackId === undefined ? undefined : sources.find((s) => s.trackIdentifier === trackId);
  return byTrack ?? (sources.length === 1 ? sources[0] : undefined);
}

/**
 * Round-trip time in seconds: the selected pair's STUN measurement, or where that is
 * missing or 0 (Firefox leaves it at 0), the RTCP one the peer's receiver reports give.
 */
function roundTrip(pair: Stat | undefined, remoteInbound: (Stat | undefined)[]): number | undefined {
  const stun = num(pair, 'currentRoundTripTime');
  if (stun !== undefined && stun > 0) return stun;
  const rtcp = remoteInbound.map((s) => num(s, 'roundTripTime')).find((v) => v !== undefined && v > 0);
  return rtcp ?? stun;
}

function selectedPair(stats: Map<string, Stat>, all: Stat[]): Stat | undefined {
  for (const stat of all) {
    if (stat.type !== 'transport') continue;
    const pair = stats.get(str(stat, 'selectedCandidatePairId') ?? '');
    if (pair) return pair;
  }
  return all.find((s) => s.type === 'candidate-pair' && (s.selected === true || (s.nominated === true && s.state === 'succeeded')));
}

/** Rate per second of a cumulative counter between two samples, or undefined. */
function perSecond(now: number | undefined, before: number | undefined, seconds: number): number | undefined {
  if (now === undefined || before === undefined || seconds <= 0 || now < before) return undefined;
  return (now - before) / seconds;
}

/** Payload plus header bytes; payload alone where the browser reports no header bytes. */
const sum = (payload: number | undefined, headers: number | undefined) => (payload === undefined ? undefined : payload + (headers ?? 0));

const scaled = (value: number | undefined, factor: number) => (value === undefined ? undefined : value * factor);

const toKbps = (bytesPerSecond: number | undefined) => (bytesPerSecond === undefined ? undefined : (bytesPerSecond * 8) / 1000);

/** `delta(a)/delta(b)`, when both moved forward. */
function ratio(a: [number | undefined, number | undefined], b: [number | undefined, number | undefined]): number | undefined {
  const [a1, a0] = a;
  const [b1, b0] = b;
  if (a1 === undefined || a0 === undefined || b1 === undefined || b0 === undefined || b1 <= b0 || a1 < a0) return undefined;
  return (a1 - a0) / (b1 - b0);
}

/**
 * One report for the peer behind `pc`. Sizes, codecs, levels, loss and RTT come from this
 * snapshot; bitrates, encode/decode times, average QP and the expand rate are over the time
 * since `previous` (leave it out for the first report: those stay undefined). Works with
 * any `RTCPeerConnection`, not only the kit's. Rejects only if `getStats` does.
 */
export async function collectStatsReport(
  pc: Pick<RTCPeerConnection, 'getStats' | 'getTransceivers'>,
  userId: string,
  previous?: StatsReport,
): Promise<StatsReport> {
  const raw = await pc.getStats();
  const stats = new Map<string, Stat>();
  raw.forEach((value: Stat) => stats.set(value.id, value));
  const all = [...stats.values()];
  const before = previous?.samples;
  const timestamp = all.reduce((t, s) => Math.max(t, s.timestamp ?? 0), 0) || Date.now();
  const seconds = before ? (timestamp - before.timestamp) / 1000 : 0;

  const pair = selectedPair(stats, all);
  const local = stats.get(str(pair, 'localCandidateId') ?? '');
  const remote = stats.get(str(pair, 'remoteCandidateId') ?? '');

  const vOut = busiest(all, 'outbound-rtp', 'video', 'bytesSent');
  const vIn = busiest(all, 'inbound-rtp', 'video', 'bytesReceived');
  const aOut = busiest(all, 'outbound-rtp', 'audio', 'bytesSent');
  const aIn = busiest(all, 'inbound-rtp', 'audio', 'bytesReceived');
  const vSource = mediaSource(pc, stats, all, vOut);
  const aSource = mediaSource(pc, stats, all, aOut);
  const remoteInbound = (out: Stat | undefined) => all.find((s) => s.type === 'remote-inbound-rtp' && out && s.localId === out.id);
  const vRemote = remoteInbound(vOut);
  const aRemote = remoteInbound(aOut);

  const samples: StatsSamples = defined({
    timestamp,
    bytesSent: num(pair, 'bytesSent'),
    bytesReceived: num(pair, 'bytesReceived'),
    videoBytesSent: num(vOut, 'bytesSent'),
    videoTransmitBytes: sum(num(vOut, 'bytesSent'), num(vOut, 'headerBytesSent')),
    videoBytesReceived: num(vIn, 'bytesReceived'),
    audioBytesSent: num(aOut, 'bytesSent'),
    audioBytesReceived: num(aIn, 'bytesReceived'),
    framesEncoded: num(vOut, 'framesEncoded'),
    totalEncodeTime: num(vOut, 'totalEncodeTime'),
    qpSum: num(vOut, 'qpSum'),
    framesDecoded: num(vIn, 'framesDecoded'),
    framesReceived: num(vIn, 'framesReceived'),
    totalDecodeTime: num(vIn, 'totalDecodeTime'),
    concealedSamples: num(aIn, 'concealedSamples'),
    totalSamplesReceived: num(aIn, 'totalSamplesReceived'),
  });
  const rate = (key: keyof StatsSamples) => toKbps(perSecond(samples[key], before?.[key], seconds));
  const over = (a: keyof StatsSamples, b: keyof StatsSamples) => ratio([samples[a], before?.[a]], [samples[b], before?.[b]]);
  const encodeSeconds = over('totalEncodeTime', 'framesEncoded');
  const decodeSeconds = over('totalDecodeTime', 'framesDecoded');
  const framesEncodedNow = samples.framesEncoded;
  const qpFrames = framesEncodedNow !== undefined && before?.framesEncoded !== undefined ? framesEncodedNow - before.framesEncoded : undefined;

  const report: StatsReport = {
    userId,
    timestamp,
    connection: defined({
      rttMs: scaled(roundTrip(pair, [vRemote, aRemote]), 1000),
      localCandidateType: str(local, 'candidateType'),
      remoteCandidateType: str(remote, 'candidateType'),
      protocol: str(local, 'protocol'),
      sendBitrateKbps: rate('bytesSent'),
      receiveBitrateKbps: rate('bytesReceived'),
      availableSendKbps: scaled(num(pair, 'availableOutgoingBitrate'), 1 / 1000),
      availableReceiveKbps: scaled(num(pair, 'availableIncomingBitrate'), 1 / 1000),
    }),
    samples,
  };
  if (vOut) {
    report.videoSent = defined({
      codec: codecName(stats, vOut),
      inputWidth: num(vSource, 'width'),
      inputHeight: num(vSource, 'height'),
      inputFps: num(vSource, 'framesPerSecond'),
      width: num(vOut, 'frameWidth'),
      height: num(vOut, 'frameHeight'),
      fps: num(vOut, 'framesPerSecond'),
      bitrateKbps: rate('videoBytesSent'),
      transmitKbps: rate('videoTransmitBytes'),
      targetBitrateKbps: scaled(num(vOut, 'targetBitrate'), 1 / 1000),
      encodeMs: scaled(encodeSeconds, 1000),
      qpAverage: over('qpSum', 'framesEncoded'),
      qpFrames: qpFrames !== undefined && qpFrames > 0 ? qpFrames : undefined,
      packetsLost: num(vRemote, 'packetsLost'),
    });
  }
  if (vIn) {
    report.videoReceived = defined({
      codec: codecName(stats, vIn),
      width: num(vIn, 'frameWidth'),
      height: num(vIn, 'frameHeight'),
      fps: num(vIn, 'framesPerSecond'),
      framesDecoded: num(vIn, 'framesDecoded'),
      receivedFps: perSecond(samples.framesReceived, before?.framesReceived, seconds),
      decodedFps: perSecond(samples.framesDecoded, before?.framesDecoded, seconds),
      bitrateKbps: rate('videoBytesReceived'),
      decodeMs: scaled(decodeSeconds, 1000),
      jitterMs: scaled(num(vIn, 'jitter'), 1000),
      packetsLost: num(vIn, 'packetsLost'),
    });
  }
  if (aOut) {
    report.audioSent = defined({
      codec: codecName(stats, aOut),
      bitrateKbps: rate('audioBytesSent'),
      level: num(aSource, 'audioLevel'),
      packetsLost: num(aRemote, 'packetsLost'),
    });
  }
  if (aIn) {
    const bufferSeconds = ratio([num(aIn, 'jitterBufferDelay'), 0], [num(aIn, 'jitterBufferEmittedCount'), 0]);
    report.audioReceived = defined({
      codec: codecName(stats, aIn),
      bitrateKbps: rate('audioBytesReceived'),
      level: num(aIn, 'audioLevel'),
      jitterMs: scaled(num(aIn, 'jitter'), 1000),
      jitterBufferMs: scaled(bufferSeconds, 1000),
      expandRate: over('concealedSamples', 'totalSamplesReceived'),
      packetsLost: num(aIn, 'packetsLost'),
    });
  }
  return report;
}
