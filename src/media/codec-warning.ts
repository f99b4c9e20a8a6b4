/**
 * What a codec preference warning says: the codec used instead of the one asked for, as a
 * person reads it. A module of its own, loaded by `applyCodecPreferences` only when this
 * browser cannot meet the video preference exactly (a call that gets its codec never loads it).
 */
import type { VideoCodec } from '../config.js';
import { h264Profile, VIDEO_RANKS } from './codec-preferences.js';

type Codec = RTCRtpCodec;

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
