/**
 * Video/audio codec choice through `RTCRtpTransceiver.setCodecPreferences`. Preferences are
 * an order, not a filter: every codec the browser has stays in the list (so a peer without
 * the preferred one still connects, and rtx/red/fec keep working), the preferred ones first.
 */
import type { AudioCodec, VideoCodec } from '../config.js';
import type { Logger } from '../log.js';

type Codec = RTCRtpCodec;

/** `profile-level-id` of an H.264 codec entry, lower-case, or '' for other codecs. */
function h264Profile(codec: Codec): string {
  return /profile-level-id=([0-9a-f]{6})/i.exec(codec.sdpFmtpLine ?? '')?.[1]?.toLowerCase() ?? '';
}

function isMime(codec: Codec, name: string): boolean {
  return codec.mimeType.toLowerCase() === name.toLowerCase();
}

/**
 * Ranked matchers per preference: codecs matching an earlier matcher come first. H264
 * means constrained baseline (what the seed calls "baseline", best for calls); H264High
 * prefers the High profile (profile_idc 0x64), then Main, then any H.264.
 */
const VIDEO_RANKS: Record<VideoCodec, ((c: Codec) => boolean)[]> = {
  VP8: [(c) => isMime(c, 'video/VP8')],
  VP9: [(c) => isMime(c, 'video/VP9') && !/profile-id=[123]/.test(c.sdpFmtpLine ?? ''), (c) => isMime(c, 'video/VP9')],
  AV1: [(c) => isMime(c, 'video/AV1') && !/profile=[12]/.test(c.sdpFmtpLine ?? ''), (c) => isMime(c, 'video/AV1')],
  H264: [
    (c) => isMime(c, 'video/H264') && h264Profile(c).startsWith('42e0') && /packetization-mode=1/.test(c.sdpFmtpLine ?? ''),
    (c) => isMime(c, 'video/H264') && h264Profile(c).startsWith('42'),
    (c) => isMime(c, 'video/H264'),
  ],
  H264High: [
    (c) => isMime(c, 'video/H264') && h264Profile(c).startsWith('64'),
    (c) => isMime(c, 'video/H264') && h264Profile(c).startsWith('4d'),
    (c) => isMime(c, 'video/H264'),
  ],
};

const AUDIO_RANKS: Record<AudioCodec, ((c: Codec) => boolean)[]> = {
  opus: [(c) => isMime(c, 'audio/opus')],
  // Not in browsers; config.ts already warned and resolves these to opus.
  iSAC: [(c) => isMime(c, 'audio/opus')],
  iLBC: [(c) => isMime(c, 'audio/opus')],
};

/**
 * `codecs` reordered so the ranked matches come first (stable otherwise), or `undefined`
 * when nothing matches (the preference is not available in this browser).
 */
export function orderCodecs(codecs: readonly Codec[], ranks: readonly ((c: Codec) => boolean)[]): Codec[] | undefined {
  const rank = (c: Codec) => {
    const i = ranks.findIndex((match) => match(c));
    return i < 0 ? ranks.length : i;
  };
  if (!codecs.some((c) => rank(c) < ranks.length)) return undefined;
  return codecs
    .map((codec, index) => ({ codec, index, rank: rank(codec) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((entry) => entry.codec);
}

/** Whether this browser can receive (and so negotiate) `codec`. */
export function isVideoCodecAvailable(codec: VideoCodec): boolean {
  const codecs = globalThis.RTCRtpReceiver?.getCapabilities?.('video')?.codecs ?? [];
  return codecs.some((c) => VIDEO_RANKS[codec][0]!(c));
}

/** The H.264 profile names behind `profile_idc` (the first byte of profile-level-id). */
const H264_PROFILES: Record<string, string> = { '42': 'Baseline', '4d': 'Main', '58': 'Extended', '64': 'High', f4: 'High 4:4:4 Predictive' };

/** A codec as a person reads it: `H264 Constrained Baseline (profile-level-id 42e01f)`, `VP9 profile 2`, `VP8`. */
export function describeCodec(codec: Codec): string {
  const name = codec.mimeType.split('/')[1] ?? codec.mimeType;
  const fmtp = codec.sdpFmtpLine ?? '';
  if (/^h264$/i.test(name)) {
    const id = h264Profile(codec);
    const idc = id.slice(0, 2);
    const constrained = idc === '42' && (parseInt(id.slice(2, 4), 16) & 0x40) !== 0;
    return `H264 ${constrained ? 'Constrained ' : ''}${H264_PROFILES[idc] ?? `profile ${idc}`} (profile-level-id ${id})`;
  }
  const profile = /profile(?:-id)?=(\d+)/.exec(fmtp)?.[1];
  return profile ? `${name} profile ${profile}` : name;
}

/** What each preference asks for, as a person reads it. */
const WANTED: Record<VideoCodec, string> = {
  VP8: 'VP8',
  VP9: 'VP9 profile 0',
  AV1: 'AV1 main profile',
  H264: 'H264 Constrained Baseline (profile-level-id 42e01f, packetization-mode 1)',
  H264High: 'H264 High (profile-level-id 64…)',
};

/**
 * The warning for a video preference this browser cannot meet exactly, naming what is used
 * instead (a lesser variant, or the browser's default); undefined when it is met.
 */
export function videoCodecWarning(codec: VideoCodec, codecs: readonly Codec[]): string | undefined {
  const ranks = VIDEO_RANKS[codec];
  if (codecs.some(ranks[0]!)) return undefined;
  const fallback = ranks.map((match) => codecs.find(match)).find((c) => c !== undefined);
  if (fallback) return `videoCodec: ${WANTED[codec]} is not available in this browser; using ${describeCodec(fallback)}`;
  const first = codecs.find((c) => !/rtx|red|ulpfec|flexfec/i.test(c.mimeType));
  return `videoCodec: ${codec} is not available in this browser; using its default${first ? ` (${describeCodec(first)})` : ''}`;
}

export interface CodecChoice {
  videoCodec: VideoCodec | undefined;
  audioCodec: AudioCodec;
}

const warned = new WeakMap<Logger, Set<string>>();

function warnOnce(logger: Logger, message: string): void {
  const seen = warned.get(logger) ?? new Set<string>();
  warned.set(logger, seen);
  if (seen.has(message)) return;
  seen.add(message);
  logger.warn(message);
}

/**
 * Applies the preferences to every transceiver of `pc`. Call it before an offer or answer is
 * made: on the offerer after adding tracks (the offer is made in a later task), on the
 * answerer when the remote offer has created the transceivers (`have-remote-offer`).
 * Re-applying is harmless. Without `setCodecPreferences` (old browsers) it logs and returns.
 */
export function applyCodecPreferences(pc: RTCPeerConnection, choice: CodecChoice, logger: Logger): void {
  if (pc.signalingState === 'closed') return;
  const transceivers = pc.getTransceivers();
  if (transceivers.length === 0) return;
  if (typeof RTCRtpTransceiver === 'undefined' || !('setCodecPreferences' in RTCRtpTransceiver.prototype)) {
    warnOnce(logger, 'codec preferences: this browser has no setCodecPreferences; using its default codecs');
    return;
  }
  const plan = {
    video: choice.videoCodec ? orderCodecs(RTCRtpReceiver.getCapabilities('video')?.codecs ?? [], VIDEO_RANKS[choice.videoCodec]) : undefined,
    audio: orderCodecs(RTCRtpReceiver.getCapabilities('audio')?.codecs ?? [], AUDIO_RANKS[choice.audioCodec]),
  };
  const warning = choice.videoCodec ? videoCodecWarning(choice.videoCodec, RTCRtpReceiver.getCapabilities('video')?.codecs ?? []) : undefined;
  if (warning) warnOnce(logger, warning);
  for (const transceiver of transceivers) {
    const kind = transceiver.receiver.track.kind as 'audio' | 'video';
    const codecs = plan[kind];
    if (!codecs || transceiver.direction === 'stopped') continue;
    try {
      transceiver.setCodecPreferences(codecs);
    } catch (error) {
      warnOnce(logger, `codec preferences for ${kind} were refused: ${String(error)}`);
    }
  }
}
