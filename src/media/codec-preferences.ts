/**
 * The video codec choice (`videoCodec`) through `RTCRtpTransceiver.setCodecPreferences`.
 * Preferences are an order, not a filter: every codec the browser has stays in the list (so
 * a peer without the preferred one still connects, and rtx/red/fec keep working), the
 * preferred ones first. Audio is left in the browser's order: opus, the one `audioCodec`
 * browsers have, comes first in every one of them. A module of its own, loaded only by a
 * call whose config sets `videoCodec` (mesh/peer-set.ts).
 */
import type { VideoCodec } from '../config.js';
import type { Logger } from '../log.js';

type Codec = RTCRtpCodec;

/** `profile-level-id` of an H.264 codec entry, lower-case, or '' for other codecs. */
export function h264Profile(codec: Codec): string {
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
export const VIDEO_RANKS: Record<VideoCodec, ((c: Codec) => boolean)[]> = {
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

export interface CodecChoice {
  videoCodec: VideoCodec | undefined;
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
 * Warns (once per message) when this browser cannot meet the video preference exactly. What
 * the warning says (the codec used instead, as a person reads it) is a module of its own,
 * loaded only for such a warning.
 */
function warnIfUnmet(logger: Logger, codec: VideoCodec, codecs: readonly Codec[]): void {
  if (codecs.some(VIDEO_RANKS[codec][0]!)) return;
  void import('./codec-warning.js').then(
    ({ videoCodecWarning }) => {
      const warning = videoCodecWarning(codec, codecs);
      if (warning) warnOnce(logger, warning);
    },
    () => warnOnce(logger, `videoCodec: ${codec} is not available in this browser`),
  );
}

/**
 * Applies the video preference to every video transceiver of `pc`: run before each offer or
 * answer is made (the answerer's transceivers come from the remote offer). Re-applying is
 * harmless. Without `setCodecPreferences` (old browsers) it logs and returns.
 */
export function applyCodecPreferences(pc: RTCPeerConnection, choice: CodecChoice, logger: Logger): void {
  const codec = choice.videoCodec;
  if (!codec || pc.signalingState === 'closed') return;
  const transceivers = pc.getTransceivers().filter((t) => t.receiver.track.kind === 'video' && t.direction !== 'stopped');
  if (transceivers.length === 0) return;
  if (typeof RTCRtpTransceiver === 'undefined' || !('setCodecPreferences' in RTCRtpTransceiver.prototype)) {
    warnOnce(logger, 'codec preferences: this browser has no setCodecPreferences; using its default codecs');
    return;
  }
  const available = RTCRtpReceiver.getCapabilities('video')?.codecs ?? [];
  warnIfUnmet(logger, codec, available);
  const codecs = orderCodecs(available, VIDEO_RANKS[codec]);
  if (!codecs) return;
  for (const transceiver of transceivers) {
    try {
      transceiver.setCodecPreferences(codecs);
    } catch (error) {
      warnOnce(logger, `codec preferences for video were refused: ${String(error)}`);
    }
  }
}
