/** Capturing a screen, window or tab for screen sharing (the seed's 30 fps limit included). */
import { CallError } from '../errors.js';

/** WebRTC sends at most 30 fps; the seed caps screen capture there too. */
export const SCREEN_MAX_FRAME_RATE = 30;

/**
 * Asks the browser for a screen/window/tab (the browser shows its own picker). The track
 * has `contentHint = 'detail'` so the encoder keeps text sharp rather than motion smooth.
 * Throws `CallError`: `not-supported` without `getDisplayMedia`, `permission-denied` when
 * the person cancels the picker or the page may not capture.
 */
export async function getScreenTrack(options: { frameRate?: number } = {}): Promise<MediaStreamTrack> {
  const mediaDevices = globalThis.navigator?.mediaDevices;
  if (!mediaDevices?.getDisplayMedia) {
    throw new CallError('not-supported', 'This browser cannot share the screen (no getDisplayMedia; desktop browsers over https only).');
  }
  const frameRate = Math.min(options.frameRate ?? SCREEN_MAX_FRAME_RATE, SCREEN_MAX_FRAME_RATE);
  let stream: MediaStream;
  try {
    stream = await mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: frameRate, max: frameRate } }, audio: false });
  } catch (error) {
    const name = error instanceof DOMException || error instanceof Error ? error.name : '';
    if (name === 'NotAllowedError' || name === 'AbortError') {
      throw new CallError('permission-denied', 'Screen sharing was cancelled or is not allowed on this page.', { cause: error });
    }
    if (name === 'NotSupportedError' || name === 'TypeError') {
      throw new CallError('not-supported', `This browser cannot share the screen here: ${String(error)}`, { cause: error });
    }
    throw new CallError('media-error', `Could not capture the screen: ${String(error)}`, { cause: error });
  }
  const [track, ...extra] = stream.getVideoTracks();
  for (const t of [...extra, ...stream.getAudioTracks()]) t.stop();
  if (!track) throw new CallError('media-error', 'The browser returned no screen track.');
  if ('contentHint' in track) track.contentHint = 'detail';
  return track;
}
