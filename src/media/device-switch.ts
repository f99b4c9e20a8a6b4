/**
 * Moving a call to another camera or microphone, or to another camera format: the steps
 * behind `switchCamera()`, `setInputDevice()` (also when a device goes away mid-call) and
 * `setVideoFormat()`. A module of its own, loaded by the first of them: a call that never
 * switches never downloads it. It works on its `LocalMediaController` through `SwitchTarget`;
 * the controller runs one step at a time.
 */
import type { VideoFormat } from '../config.js';
import { CallError } from '../errors.js';
import { camerasAfter, listDevices, type InputKind } from './devices.js';
import { deliversFrames, FRAME_CHECK_MS } from './frame-check.js';
import { getInputTrack, type InputTrackRequest } from './local-media.js';
import type { LocalMediaHost } from './local-media-controller.js';

/** What a switch reads and changes of its controller. */
export interface SwitchTarget {
  readonly host: LocalMediaHost;
  stream(): MediaStream | undefined;
  /** The screen is shared: a new camera waits behind it (`cameraBehindShare`). */
  sharing(): boolean;
  /** The format set with setVideoFormat, else the config's: cameras opened later get it. */
  format(): VideoFormat;
  setFormat(format: VideoFormat): void;
  /** The camera (also while hidden behind a screen share) or the microphone in use. */
  currentTrack(kind: 'audio' | 'video'): MediaStreamTrack | undefined;
  /** While sharing: the camera that comes back when sharing stops. */
  cameraBehindShare(track: MediaStreamTrack): void;
  /** Replaces `old` by `next` in the local stream (a new MediaStream object) and says so. */
  swap(old: MediaStreamTrack | undefined, next: MediaStreamTrack | undefined): void;
  /** What every peer is sent for `kind` from now on; failures are reported, not thrown. */
  send(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void>;
  watchTrack(track: MediaStreamTrack): void;
  unwatchTrack(track: MediaStreamTrack): void;
}

/**
 * The other camera (front/back, else the next in the list), confirmed: the new camera goes
 * out and must deliver frames within `FRAME_CHECK_MS` (encoded for the peers, or read
 * locally while nothing is sent), else the call goes back to the old camera at once and
 * the next one is tried. When none works: `error` and a rejection, on the old camera.
 */
export async function switchCamera(target: SwitchTarget): Promise<void> {
  const { host } = target;
  const current = target.currentTrack('video');
  if (!current) throw new CallError('invalid-state', 'switchCamera() needs a running camera (start or accept a video call first).');
  const settings = current.getSettings();
  const facing = settings.facingMode;
  const cameras = (await listDevices()).cameras;
  const requests: Omit<InputTrackRequest, 'format'>[] = [
    ...(facing === 'user' || facing === 'environment'
      ? [{ kind: 'videoinput' as const, facingMode: facing === 'user' ? ('environment' as const) : ('user' as const) }]
      : []),
    ...camerasAfter(cameras, settings.deviceId).map((deviceId) => ({ kind: 'videoinput' as const, deviceId })),
  ];
  const failures: string[] = [];
  for (const request of requests) {
    const name = request.facingMode ? `the ${request.facingMode} camera` : cameras.find((c) => c.deviceId === request.deviceId)?.label || 'a camera';
    let track: MediaStreamTrack | undefined;
    try {
      track = await openInput(target, request, current);
    } catch (error) {
      failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    if (!track) return; // the call ended meanwhile
    if (await tryCamera(target, track, current)) return;
    failures.push(`${name} delivered no picture within ${FRAME_CHECK_MS / 1000} s`);
    if (host.isClosed() || current.readyState !== 'live') break;
  }
  const error = new CallError(
    'no-device',
    `switchCamera: no other camera works (${failures.join('; ')}); staying on ${current.label || 'the current camera'}.`,
  );
  host.logger.warn(error.message);
  host.onError(error);
  throw error;
}

/**
 * Sends `track` instead of `old` and keeps it if it delivers frames; otherwise puts `old`
 * back (before anything else is tried, so the peers' picture stops only briefly) and
 * stops `track`. While the screen is shared, the camera is checked locally and waits.
 */
async function tryCamera(target: SwitchTarget, track: MediaStreamTrack, old: MediaStreamTrack): Promise<boolean> {
  const { host } = target;
  track.enabled = old.enabled;
  if (target.sharing()) {
    const works = await deliversFrames(track, []);
    if (works && !host.isClosed()) await useInputTrack(target, 'video', track);
    else track.stop();
    return works;
  }
  target.swap(old, track);
  await target.send('video', track);
  const works = await deliversFrames(track, host.peerConnections());
  if (works || host.isClosed() || old.readyState !== 'live') {
    // Kept (or, with the old camera already closed for it, nothing better to go back to).
    target.watchTrack(track);
    target.unwatchTrack(old);
    old.stop();
    return works || host.isClosed();
  }
  target.swap(track, old);
  await target.send('video', old);
  track.stop();
  return false;
}

/**
 * Changes the camera's size/frame rate in the call (`applyConstraints`: no new track, no
 * renegotiation; the peers decode the new size). Later cameras open in it too.
 */
export async function setVideoFormat(target: SwitchTarget, format: VideoFormat): Promise<void> {
  const wanted = checkVideoFormat(format);
  const camera = target.currentTrack('video');
  if (!camera || camera.readyState !== 'live')
    throw new CallError('invalid-state', 'setVideoFormat() needs a running camera (start or accept a video call first).');
  try {
    await camera.applyConstraints(formatConstraints(wanted));
  } catch (error) {
    const what = `${wanted.width}x${wanted.height}@${wanted.frameRate}fps`;
    throw new CallError('not-supported', `This camera cannot give ${what}: ${String(error)}`, { cause: error });
  }
  target.setFormat(wanted);
}

export async function setInputDevice(target: SwitchTarget, kind: InputKind, deviceId: string): Promise<void> {
  if (kind !== 'videoinput' && kind !== 'audioinput') {
    throw new CallError('invalid-argument', `setInputDevice: kind must be "videoinput" or "audioinput", got ${String(kind)}`);
  }
  if (typeof deviceId !== 'string' || !deviceId) throw new CallError('invalid-argument', 'setInputDevice: deviceId must be a non-empty string');
  if (!target.stream()) throw new CallError('invalid-state', 'setInputDevice() needs an open camera/microphone (start or accept first).');
  const media = kind === 'videoinput' ? 'video' : 'audio';
  const track = await openInput(target, { kind, deviceId }, target.currentTrack(media));
  if (track) await useInputTrack(target, media, track);
}

/**
 * Opens a camera/mic for a switch. Phones often cannot open a second camera while one
 * runs: on `device-busy` the current track is stopped first and the open retried.
 * Resolves `undefined` (and releases the track) if the call ended meanwhile.
 */
async function openInput(
  target: SwitchTarget,
  request: Omit<InputTrackRequest, 'format'>,
  current: MediaStreamTrack | undefined,
): Promise<MediaStreamTrack | undefined> {
  if (target.host.isClosed()) return undefined;
  const full = { ...request, format: target.format() };
  let track: MediaStreamTrack;
  try {
    track = await getInputTrack(full);
  } catch (error) {
    if (!(error instanceof CallError) || error.code !== 'device-busy' || !current) throw error;
    current.stop();
    track = await getInputTrack(full);
  }
  if (target.host.isClosed()) {
    track.stop();
    return undefined;
  }
  return track;
}

/** Puts a freshly opened camera/mic track into the call and stops the one it replaces. */
async function useInputTrack(target: SwitchTarget, kind: 'audio' | 'video', track: MediaStreamTrack): Promise<void> {
  if (!target.stream() || target.host.isClosed()) {
    track.stop();
    return;
  }
  const old = target.currentTrack(kind);
  track.enabled = old ? old.enabled : true;
  target.watchTrack(track);
  if (old) target.unwatchTrack(old);
  if (kind === 'video' && target.sharing()) {
    // Sharing the screen: the new camera waits for stopScreenShare().
    target.cameraBehindShare(track);
    old?.stop();
    return;
  }
  target.swap(old, track);
  await target.send(kind, track);
  old?.stop();
}

/** Checks a format from the app: positive whole sizes and a positive frame rate. */
export function checkVideoFormat(format: unknown): VideoFormat {
  const f = format as Partial<Record<keyof VideoFormat, unknown>> | null;
  const ok = (v: unknown, max: number) => typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= max;
  if (!f || typeof f !== 'object' || !ok(f.width, 7680) || !ok(f.height, 4320) || !ok(f.frameRate, 240)) {
    throw new CallError('invalid-argument', `setVideoFormat: expected { width, height, frameRate } with positive numbers, got ${JSON.stringify(format)}`);
  }
  return { width: Math.round(f.width as number), height: Math.round(f.height as number), frameRate: f.frameRate as number };
}

/** What `applyConstraints` gets for `format`: that size (scaled or cropped from the camera's), at most that frame rate. */
export function formatConstraints(format: VideoFormat): MediaTrackConstraints {
  return {
    // `max` too: with `ideal` alone Chromium keeps a native mode it finds close enough.
    width: { ideal: format.width, max: format.width },
    height: { ideal: format.height, max: format.height },
    frameRate: { ideal: format.frameRate, max: format.frameRate },
  };
}
