/**
 * The formats a camera offers (the seed's `formatsWithPosition`), in the seed's terms:
 * width, height, frame rate. Browsers describe a camera by ranges
 * (`MediaStreamTrack.getCapabilities()`), and scale its picture to any size inside them,
 * so the list is the common sizes and frame rates those ranges hold.
 */
import type { VideoFormat } from '../config.js';

/** Common camera sizes, largest first (16:9 and 4:3). */
const SIZES: readonly [number, number][] = [
  [3840, 2160],
  [1920, 1080],
  [1280, 720],
  [960, 540],
  [640, 480],
  [640, 360],
  [480, 360],
  [320, 240],
  [320, 180],
  [160, 120],
];
const FRAME_RATES: readonly number[] = [60, 30, 24, 15];

const within = (value: number, range: ULongRange | DoubleRange | undefined) =>
  range === undefined || ((range.min === undefined || value >= range.min) && (range.max === undefined || value <= range.max));

/**
 * The formats `track` (a camera) can be set to with `setVideoFormat`, largest and fastest
 * first. Empty for a track that is not a camera or a browser without `getCapabilities`
 * (Firefox before 132): then only the configured format is known to work.
 */
export function cameraFormats(track: MediaStreamTrack | undefined): VideoFormat[] {
  if (!track || track.kind !== 'video' || typeof track.getCapabilities !== 'function') return [];
  const caps = track.getCapabilities();
  if (!caps.width && !caps.height) return [];
  const rates = FRAME_RATES.filter((rate) => within(rate, caps.frameRate));
  // The camera's own top rate (a fake camera's 20, a webcam's 25) is a format too.
  const top = caps.frameRate?.max === undefined ? undefined : Math.floor(caps.frameRate.max);
  if (top !== undefined && top > 0 && top <= 240 && !rates.includes(top)) rates.push(top);
  rates.sort((a, b) => b - a);
  const formats: VideoFormat[] = [];
  for (const [width, height] of SIZES) {
    if (!within(width, caps.width) || !within(height, caps.height)) continue;
    for (const frameRate of rates) formats.push({ width, height, frameRate });
  }
  return formats;
}
