/**
 * Whether this browser can use a video codec, for apps that pick `videoCodec` (the core
 * itself only orders what the browser has: codec-preferences.ts). A module of its own, so
 * the CDN's call part does not carry it.
 */
import type { VideoCodec } from '../config.js';
import { VIDEO_RANKS } from './codec-preferences.js';

/** Whether this browser can receive (and so negotiate) `codec`. */
export function isVideoCodecAvailable(codec: VideoCodec): boolean {
  const codecs = globalThis.RTCRtpReceiver?.getCapabilities?.('video')?.codecs ?? [];
  return codecs.some((c) => VIDEO_RANKS[codec][0]!(c));
}
