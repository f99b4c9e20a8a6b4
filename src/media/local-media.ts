/** Getting the camera and microphone, with failures turned into typed, explained errors. */
import { adapterReady, ensureAdapter } from '../adapter.js';
import type { VideoFormat } from '../config.js';
import { CallError } from '../errors.js';

export interface MediaRequest {
  audio: boolean;
  video: boolean;
  format: VideoFormat;
  audioDeviceId?: string;
  videoDeviceId?: string;
}

export function mediaConstraints(request: MediaRequest): MediaStreamConstraints {
  const { format } = request;
  return {
    audio: request.audio ? (request.audioDeviceId ? { deviceId: { exact: request.audioDeviceId } } : true) : false,
    video: request.video
      ? {
          width: { ideal: format.width },
          height: { ideal: format.height },
          frameRate: { ideal: format.frameRate, max: format.frameRate },
          ...(request.videoDeviceId ? { deviceId: { exact: request.videoDeviceId } } : {}),
        }
      : false,
  };
}

/** Opens the camera/microphone. Throws `CallError` with a code and a reason a person can act on. */
export async function getLocalMedia(request: MediaRequest): Promise<MediaStream> {
  if (!request.audio && !request.video) return new MediaStream();
  if (!globalThis.navigator?.mediaDevices?.getUserMedia) {
    throw new CallError('media-unavailable', 'This page cannot use a camera or microphone (it needs https or localhost).');
  }
  // No await when there is nothing to wait for: the request leaves in this task, before the
  // caller's connection and offer work (start() asks for the camera first).
  if (!adapterReady()) await ensureAdapter();
  try {
    return await navigator.mediaDevices.getUserMedia(mediaConstraints(request));
  } catch (error) {
    throw mediaError(error);
  }
}

export function mediaError(error: unknown): CallError {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return new CallError('permission-denied', 'Camera or microphone permission was denied.', { cause: error });
    case 'NotFoundError':
    case 'OverconstrainedError':
      return new CallError('no-device', 'No camera or microphone matches the request.', { cause: error });
    case 'NotReadableError':
    case 'AbortError':
      return new CallError('device-busy', 'The camera or microphone is in use by another program.', { cause: error });
    default:
      return new CallError('media-error', `Could not open the camera or microphone: ${String(error)}`, { cause: error });
  }
}

export function stopStream(stream: MediaStream | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

export interface InputTrackRequest {
  kind: 'videoinput' | 'audioinput';
  format: VideoFormat;
  deviceId?: string;
  facingMode?: 'user' | 'environment';
}

/** Opens one camera or microphone track (for switching devices mid-call). Throws `CallError`. */
export async function getInputTrack(request: InputTrackRequest): Promise<MediaStreamTrack> {
  if (!globalThis.navigator?.mediaDevices?.getUserMedia) {
    throw new CallError('media-unavailable', 'This page cannot use a camera or microphone (it needs https or localhost).');
  }
  const video = request.kind === 'videoinput';
  const base = mediaConstraints({
    audio: !video,
    video,
    format: request.format,
    ...(request.deviceId ? (video ? { videoDeviceId: request.deviceId } : { audioDeviceId: request.deviceId }) : {}),
  });
  const constraints: MediaStreamConstraints =
    video && request.facingMode ? { video: { ...(base.video as MediaTrackConstraints), facingMode: { exact: request.facingMode } } } : base;
  let stream: MediaStream;
  await ensureAdapter();
  try {
    stream = await navigator.mediaDevices.getUserMedia(constraints);
  } catch (error) {
    throw mediaError(error);
  }
  const [track, ...extra] = video ? stream.getVideoTracks() : stream.getAudioTracks();
  for (const t of extra) t.stop();
  if (!track) throw new CallError('no-device', `The browser returned no ${video ? 'camera' : 'microphone'} track.`);
  return track;
}
