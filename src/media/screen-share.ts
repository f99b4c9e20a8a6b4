/**
 * Screen sharing: capturing a screen, window or tab (the seed's 30 fps limit included), and
 * sending it instead of the camera until it stops. A module of its own, loaded by the first
 * share (`LocalMediaController.startScreenShare`).
 */
import { CallError } from '../errors.js';
import type { SwitchTarget } from './device-switch.js';

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

/** A share running: made by `shareScreen`, held by the controller. */
export interface ScreenShare {
  readonly track: MediaStreamTrack;
  /** The camera the share hides (running, unsent), sent again when it stops; a camera switch meanwhile replaces it. */
  camera: MediaStreamTrack | undefined;
  /** Sends the camera again (or nothing, when it ended) and stops the screen track. */
  readonly stop: () => void;
}

/** What a share reads and changes of its controller. */
export interface ShareTarget extends Pick<SwitchTarget, 'host' | 'stream' | 'swap' | 'send'> {
  /** The share is no longer wanted (hung up, or stopped while the picker was open). */
  stale(): boolean;
  setShare(share: ScreenShare | undefined): void;
  /** The local media state changed: the host is told. */
  changed(): void;
}

/** Asks for a screen and sends it instead of the camera; the browser's own "Stop sharing" ends it too. */
export async function shareScreen(target: ShareTarget): Promise<void> {
  const { host } = target;
  if (target.stale()) return;
  const track = await getScreenTrack();
  if (target.stale()) {
    track.stop();
    return;
  }
  const share: ScreenShare = {
    track,
    camera: target.stream()?.getVideoTracks()[0],
    stop: () => {
      track.removeEventListener('ended', share.stop);
      target.setShare(undefined);
      const camera = share.camera?.readyState === 'live' ? share.camera : undefined;
      target.swap(track, camera);
      track.stop();
      if (host.isClosed()) return;
      // Peers are told "screen off" once the camera is what they receive.
      void target.send('video', camera ?? null).then(() => {
        if (!host.isClosed()) target.changed();
      });
    },
  };
  track.addEventListener('ended', share.stop, { once: true });
  target.setShare(share);
  target.swap(share.camera, track);
  await target.send('video', track);
  target.changed();
}
