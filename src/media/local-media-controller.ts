/**
 * The local side of a call's media for its whole life: the current local stream, mute
 * state, switching camera/microphone, screen sharing, and following device changes. What
 * goes to the peers changes with `RTCRtpSender.replaceTrack` only (no renegotiation).
 * `CallSession` owns one and tells it about the call through a `LocalMediaHost`.
 */
import type { VideoFormat } from '../config.js';
import { CallError, toCallError } from '../errors.js';
import type { Logger } from '../log.js';
import { loadPart } from '../load-part.js';
import { cameraFormats } from './camera-formats.js';
import type { SwitchTarget } from './device-switch.js';
import type { ScreenShare } from './screen-share.js';
import { devicesOfKind, fallbackDevice, listDevices, onDeviceChange, type DeviceList, type InputKind } from './devices.js';
import { stopStream } from './local-media.js';
import { replaceSentTrack } from './sender-tracks.js';

// Switching cameras, microphones or the camera format (device-switch.ts) and screen sharing
// are modules of their own, loaded by the first switch or share: a call that does neither
// never downloads them.
const switches = () => loadPart(() => import('./device-switch.js'), 'Device switching', 'media-error');

export interface LocalMediaState {
  audio: boolean;
  video: boolean;
  screen: boolean;
}

/** What the controller needs from its session. */
export interface LocalMediaHost {
  format: VideoFormat;
  logger: Logger;
  /** The call has ended: results of pending steps are released, not applied. */
  isClosed(): boolean;
  /** The live peer connections whose senders carry the local tracks. */
  peerConnections(): RTCPeerConnection[];
  /** A new local stream object (after a switch), for the preview. */
  onStream(stream: MediaStream): void;
  /** Mic/camera on-off or screen sharing changed. */
  onStateChange(state: LocalMediaState): void;
  onDevicesChange(devices: DeviceList): void;
  onError(error: CallError): void;
}

export class LocalMediaController {
  #host: LocalMediaHost;
  #stream: MediaStream | undefined;
  /** The screen share running now (its track, the camera it hides, its stop), made by screen-share.ts. */
  #share: ScreenShare | undefined;
  /** Bumped by stopScreenShare so a picker still open when it was called is discarded. */
  #screenRequest = 0;
  /** `ended` listeners on the camera/mic tracks (a device unplugged mid-call). */
  #trackWatchers = new Map<MediaStreamTrack, () => void>();
  #stopWatchingDevices: (() => void) | undefined;
  /** The format set with setVideoFormat (cameras opened later get it too); else the config's. */
  #format: VideoFormat | undefined;
  /** Device switches and screen-share steps run one at a time. */
  #ops: Promise<unknown> = Promise.resolve();
  /** What the switching steps (device-switch.ts) read and change here. */
  readonly #target: SwitchTarget;

  constructor(host: LocalMediaHost) {
    this.#host = host;
    this.#target = {
      host,
      stream: () => this.#stream,
      sharing: () => this.#share !== undefined,
      format: () => this.#format ?? host.format,
      setFormat: (format) => (this.#format = format),
      currentTrack: (kind) => this.#currentTrack(kind),
      cameraBehindShare: (track) => {
        if (this.#share) this.#share.camera = track;
      },
      swap: (old, next) => this.#swap(old, next),
      send: (kind, track) => this.#send(kind, track),
      watchTrack: (track) => this.#watchTrack(track),
      unwatchTrack: (track) => this.#unwatchTrack(track),
    };
  }

  get stream(): MediaStream | undefined {
    return this.#stream;
  }

  get audioEnabled(): boolean {
    return this.#stream?.getAudioTracks().some((t) => t.enabled) ?? false;
  }

  get videoEnabled(): boolean {
    return this.#stream?.getVideoTracks().some((t) => t.enabled) ?? false;
  }

  get screenSharing(): boolean {
    return this.#share !== undefined;
  }

  get state(): LocalMediaState {
    return { audio: this.audioEnabled, video: this.videoEnabled, screen: this.screenSharing };
  }

  /** Takes the opened camera/mic stream and starts following device changes. */
  attach(stream: MediaStream): void {
    this.#stream = stream;
    for (const track of stream.getTracks()) this.#watchTrack(track);
    this.#stopWatchingDevices = onDeviceChange(() => void this.#onDeviceChange());
  }

  /** Mute/unmute; returns whether the on/off state of `kind` changed. */
  setEnabled(kind: 'audio' | 'video', enabled: boolean): boolean {
    const before = kind === 'audio' ? this.audioEnabled : this.videoEnabled;
    const tracks = kind === 'audio' ? this.#stream?.getAudioTracks() : this.#stream?.getVideoTracks();
    for (const track of tracks ?? []) track.enabled = enabled;
    // The camera waiting behind a screen share follows too.
    const hidden = kind === 'video' ? this.#share?.camera : undefined;
    if (hidden) hidden.enabled = enabled;
    const changed = (kind === 'audio' ? this.audioEnabled : this.videoEnabled) !== before;
    if (changed) this.#host.onStateChange(this.state);
    return changed;
  }

  /**
   * The other camera (front/back, else the next in the list), confirmed: the new camera goes
   * out and must deliver frames (encoded for the peers, or read locally while nothing is
   * sent), else the call goes back to the old camera at once and the next one is tried.
   * When none works: `error` and a rejection, on the old camera.
   */
  switchCamera(): Promise<void> {
    return this.#serial(async () => (await switches()).switchCamera(this.#target));
  }

  /** The formats the camera in use offers (see `cameraFormats`). */
  cameraFormats(): VideoFormat[] {
    return cameraFormats(this.#currentTrack('video'));
  }

  /**
   * Changes the camera's size/frame rate in the call (`applyConstraints`: no new track, no
   * renegotiation; the peers decode the new size). Later cameras open in it too.
   */
  setVideoFormat(format: VideoFormat): Promise<void> {
    return this.#serial(async () => (await switches()).setVideoFormat(this.#target, format));
  }

  setInputDevice(kind: InputKind, deviceId: string): Promise<void> {
    return this.#serial(async () => (await switches()).setInputDevice(this.#target, kind, deviceId));
  }

  /**
   * Shares the screen instead of the camera (kept running, unsent) until `stopScreenShare()`
   * or the browser's own "Stop sharing". What it does is screen-share.ts, loaded by the first share.
   */
  startScreenShare(): Promise<void> {
    const request = ++this.#screenRequest;
    return this.#serial(async () => {
      if (this.#share) return;
      if (!this.#stream || this.#host.isClosed()) {
        throw new CallError('invalid-state', 'startScreenShare() needs a call in progress (start or accept first).');
      }
      const { shareScreen } = await loadPart(() => import('./screen-share.js'), 'Screen sharing', 'media-error');
      await shareScreen({
        ...this.#target,
        // Hung up or stopScreenShare() since it was asked for.
        stale: () => this.#host.isClosed() || request !== this.#screenRequest,
        setShare: (share) => (this.#share = share),
        changed: () => this.#host.onStateChange(this.state),
      });
    });
  }

  stopScreenShare(): void {
    this.#screenRequest++;
    this.#share?.stop();
  }

  /** Stops every local track (camera, mic, screen, the camera behind a share) and every watcher. */
  dispose(): void {
    this.stopScreenShare();
    this.#stopWatchingDevices?.();
    this.#stopWatchingDevices = undefined;
    for (const unwatch of this.#trackWatchers.values()) unwatch();
    this.#trackWatchers.clear();
    stopStream(this.#stream);
  }

  /** The camera (also while hidden behind a screen share) or the microphone in use. */
  #currentTrack(kind: 'audio' | 'video'): MediaStreamTrack | undefined {
    return kind === 'video' ? (this.#share?.camera ?? this.#stream?.getVideoTracks()[0]) : this.#stream?.getAudioTracks()[0];
  }

  #serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#ops.then(task, task);
    this.#ops = run.catch(() => {});
    return run;
  }

  /** Replaces `old` by `next` in the local stream (a new MediaStream object) and says so. */
  #swap(old: MediaStreamTrack | undefined, next: MediaStreamTrack | undefined): void {
    if (!this.#stream) return;
    const tracks = this.#stream.getTracks().filter((t) => t !== old);
    if (next && !tracks.includes(next)) tracks.push(next);
    this.#stream = new MediaStream(tracks);
    if (!this.#host.isClosed()) this.#host.onStream(this.#stream);
  }

  /** What every peer is sent for `kind` from now on; failures are reported, not thrown. */
  async #send(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void> {
    const failures = await replaceSentTrack(this.#host.peerConnections(), kind, track);
    for (const failure of failures) {
      const error = new CallError('media-error', `Could not switch the ${kind} sent to a peer: ${String(failure)}`, { cause: failure });
      this.#host.logger.warn(error.message);
      this.#host.onError(error);
    }
  }

  #watchTrack(track: MediaStreamTrack): void {
    if (this.#trackWatchers.has(track)) return;
    // Fires only when the device goes away (unplugged, revoked), never for our own stop().
    const onEnded = () => {
      this.#unwatchTrack(track);
      void this.#replaceLost(track.kind === 'video' ? 'videoinput' : 'audioinput', undefined);
    };
    track.addEventListener('ended', onEnded, { once: true });
    this.#trackWatchers.set(track, () => track.removeEventListener('ended', onEnded));
  }

  #unwatchTrack(track: MediaStreamTrack): void {
    this.#trackWatchers.get(track)?.();
    this.#trackWatchers.delete(track);
  }

  async #onDeviceChange(): Promise<void> {
    const devices = await listDevices();
    if (this.#host.isClosed()) return;
    this.#host.onDevicesChange(devices);
    const camera = this.#currentTrack('video');
    const mic = this.#currentTrack('audio');
    if (camera) await this.#replaceLost('videoinput', devices, camera.getSettings().deviceId);
    if (mic) await this.#replaceLost('audioinput', devices, mic.getSettings().deviceId);
  }

  /** Moves to another device of `kind` when `current` is gone from the list (or, undefined, its track ended). */
  async #replaceLost(kind: InputKind, known: DeviceList | undefined, current?: string): Promise<void> {
    const devices = known ?? (await listDevices());
    if (this.#host.isClosed()) return;
    const next = fallbackDevice(devicesOfKind(devices, kind), current);
    if (next === undefined) {
      if (current === undefined) {
        const what = kind === 'videoinput' ? 'camera' : 'microphone';
        this.#host.onError(new CallError('no-device', `The ${what} went away and there is no other ${what}.`));
      }
      return;
    }
    this.#host.logger.info(`${kind} ${current ?? '(ended)'} is gone; switching to ${next}`);
    try {
      await this.setInputDevice(kind, next);
    } catch (error) {
      this.#host.onError(toCallError(error, 'media-error'));
    }
  }
}
