/**
 * Call recording (the seed's CYBCallRecorder) with `MediaRecorder`. Composed mode draws
 * the remote picture with the local one as picture-in-picture on a canvas
 * (`captureStream`) and mixes both voices with Web Audio; plain mode records the remote
 * user's stream as it arrives. `rotation` turns the recorded picture (a canvas either way).
 * A WebM file gets its duration written in (MediaRecorder leaves it out, so players would
 * show no seek bar) by `fix-webm-duration`, loaded only when a recording stops.
 */
import { CallError } from '../errors.js';
import { keepRemoteAudioFlowing } from './remote-audio-tap.js';

export interface RecordingOptions {
  /** Whose call to record; defaults to the only peer (recording is 1:1 only, like the seed). */
  userId?: string;
  /** Remote + local picture-in-picture and both voices (default true); false = the remote stream only. */
  composed?: boolean;
  /** A type `MediaRecorder.isTypeSupported` accepts; default: WebM (VP8/Opus) where available. */
  mimeType?: string;
  /** Canvas size of a composed recording (default 640x480, the seed's). */
  width?: number;
  height?: number;
  /** Default 636528, the seed's. */
  videoBitsPerSecond?: number;
  /** Frames drawn per second in a composed or rotated recording (default 30, max 60). */
  frameRate?: number;
  /** Audio bitrate (default: the browser's, 128000 in Chromium). */
  audioBitsPerSecond?: number;
  /**
   * Clockwise turn of the recorded picture, fixed for the whole recording (default 0): a
   * portrait call records upright with 90 or 270. With 90/270 the file is `height`×`width`
   * (a 640×480 picture gives a 480×640 file).
   */
  rotation?: RecordingRotation;
}

export type RecordingRotation = 0 | 90 | 180 | 270;
const ROTATIONS: readonly number[] = [0, 90, 180, 270];

/** What the recorder reads from the session. */
export interface RecorderSources {
  remote: MediaStream;
  local(): MediaStream | undefined;
  /** Called with the new local stream after a camera/screen switch; returns the unsubscribe. */
  onLocalStreamChange(listener: (stream: MediaStream) => void): () => void;
}

export interface CallRecorderEventMap {
  error: CustomEvent<{ error: CallError }>;
  stop: CustomEvent<{ blob: Blob }>;
}

const DEFAULTS = { width: 640, height: 480, videoBitsPerSecond: 636_528, frameRate: 30 } as const;
const PREFERRED_TYPES = ['video/webm;codecs=vp8,opus', 'video/webm', 'video/mp4'];
const PREFERRED_AUDIO_TYPES = ['audio/webm;codecs=opus', 'audio/webm', 'audio/mp4'];

function positiveOr(value: number | undefined, fallback: number, max = Infinity): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.min(Math.round(value), max) : fallback;
}

function pickMimeType(requested: string | undefined, hasVideo: boolean): string | undefined {
  if (requested !== undefined) {
    if (!MediaRecorder.isTypeSupported(requested)) {
      throw new CallError('not-supported', `This browser cannot record ${requested}; try ${PREFERRED_TYPES.join(' or ')}.`);
    }
    return requested;
  }
  return (hasVideo ? PREFERRED_TYPES : PREFERRED_AUDIO_TYPES).find((t) => MediaRecorder.isTypeSupported(t));
}

function playingVideo(stream: MediaStream | undefined): HTMLVideoElement {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream ?? null;
  video.play().catch(() => {});
  return video;
}

/** Calls `listener` when one of `tracks` ends by itself (`ended` never fires for our own stop()). Returns the unsubscribe. */
function onTrackEnded(tracks: readonly MediaStreamTrack[], listener: (track: MediaStreamTrack) => void): () => void {
  const unsubscribes = tracks.map((track) => {
    const onEnded = () => listener(track);
    track.addEventListener('ended', onEnded, { once: true });
    return () => track.removeEventListener('ended', onEnded);
  });
  return () => unsubscribes.forEach((unsubscribe) => unsubscribe());
}

/** The file with its duration written into the WebM header; any other file, or a failure, as it is. */
async function withDuration(blob: Blob, durationMs: number): Promise<Blob> {
  if (!/webm/i.test(blob.type) || blob.size === 0 || !(durationMs > 0)) return blob;
  try {
    const { default: fixWebmDuration } = await import('fix-webm-duration');
    return await fixWebmDuration(blob, durationMs, { logger: false });
  } catch {
    return blob;
  }
}

/** Draws `video` into the box, letterboxed (object-fit: contain). */
function drawContained(ctx: CanvasRenderingContext2D, video: HTMLVideoElement, x: number, y: number, w: number, h: number): void {
  if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || !video.videoWidth || !video.videoHeight) return;
  const scale = Math.min(w / video.videoWidth, h / video.videoHeight);
  const dw = video.videoWidth * scale;
  const dh = video.videoHeight * scale;
  ctx.drawImage(video, x + (w - dw) / 2, y + (h - dh) / 2, dw, dh);
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- the interface only adds typed event-listener overloads
export interface CallRecorder {
  addEventListener<K extends keyof CallRecorderEventMap>(
    type: K,
    listener: (event: CallRecorderEventMap[K]) => void,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof CallRecorderEventMap>(
    type: K,
    listener: (event: CallRecorderEventMap[K]) => void,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}

/**
 * A running recording. `stop()` resolves with the file (also after the session closed,
 * which stops it by itself). Failures arrive as `error` events; `stop()` then still
 * resolves with what was recorded until then.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- the interface only adds typed event-listener overloads
export class CallRecorder extends EventTarget {
  readonly mimeType: string;
  readonly composed: boolean;
  /** The clockwise turn of the picture, fixed when the recording starts. */
  readonly rotation: RecordingRotation;
  #recorder: MediaRecorder;
  #chunks: Blob[] = [];
  #bytes = 0;
  #teardown: (() => void)[] = [];
  #result: Promise<Blob>;
  #stopped = false;
  /** When start() was called: Chromium's file timestamps count from there (its `start` event can come seconds later). */
  #startedAt = 0;
  /** When stop() was called: the file's content ends there (the `stop` event comes after the last flush). */
  #stopCalledAt: number | undefined;

  /** @internal Made by `CallSession.startRecording`. */
  constructor(sources: RecorderSources, options: RecordingOptions = {}) {
    super();
    if (typeof MediaRecorder === 'undefined') throw new CallError('not-supported', 'This browser has no MediaRecorder.');
    this.composed = options.composed ?? true;
    const rotation = options.rotation ?? 0;
    if (!ROTATIONS.includes(rotation)) {
      throw new CallError('invalid-argument', `startRecording: rotation must be 0, 90, 180 or 270 (degrees clockwise), got ${String(rotation)}`);
    }
    this.rotation = rotation;
    const hasVideo = sources.remote.getVideoTracks().length > 0 || (sources.local()?.getVideoTracks().length ?? 0) > 0;
    const type = pickMimeType(options.mimeType, hasVideo);
    const videoBitsPerSecond = positiveOr(options.videoBitsPerSecond, DEFAULTS.videoBitsPerSecond);
    const audioBitsPerSecond = options.audioBitsPerSecond === undefined ? undefined : positiveOr(options.audioBitsPerSecond, 128_000);
    let stream: MediaStream;
    try {
      stream = this.composed || (rotation !== 0 && hasVideo) ? this.#compose(sources, options, hasVideo) : this.#plain(sources.remote);
      this.#recorder = new MediaRecorder(stream, {
        ...(type ? { mimeType: type } : {}),
        ...(hasVideo ? { videoBitsPerSecond } : {}),
        ...(audioBitsPerSecond ? { audioBitsPerSecond } : {}),
      });
    } catch (error) {
      this.#release();
      throw error instanceof CallError ? error : new CallError('media-error', `Could not start recording: ${String(error)}`, { cause: error });
    }
    this.mimeType = this.#recorder.mimeType || type || '';
    const recorder = this.#recorder;
    const onData = (event: BlobEvent) => {
      if (event.data.size === 0) return;
      this.#chunks.push(event.data);
      this.#bytes += event.data.size;
    };
    const onError = (event: Event) => {
      const cause = (event as Event & { error?: unknown }).error;
      this.#fail(new CallError('media-error', `Recording failed: ${String(cause ?? 'unknown error')}`, { cause }));
    };
    recorder.addEventListener('dataavailable', onData);
    recorder.addEventListener('error', onError);
    // A source that ends by itself (the peer's track, a camera unplugged) cannot be
    // recorded on: say so and close the file with what was recorded until then.
    // (A local camera or microphone that goes away is replaced by the session and followed.)
    this.#teardown.push(
      onTrackEnded(sources.remote.getTracks(), (track) => {
        this.#fail(new CallError('media-error', `Recording stopped: the recorded remote ${track.kind} track ended.`));
      }),
    );
    this.#result = new Promise<Blob>((resolve) => {
      recorder.addEventListener(
        'stop',
        () => {
          const durationMs = (this.#stopCalledAt ?? performance.now()) - this.#startedAt;
          recorder.removeEventListener('dataavailable', onData);
          recorder.removeEventListener('error', onError);
          this.#stopped = true;
          this.#release();
          const raw = new Blob(this.#chunks, { type: this.mimeType });
          this.#chunks = [];
          void withDuration(raw, durationMs).then((blob) => {
            this.dispatchEvent(new CustomEvent('stop', { detail: { blob } }));
            resolve(blob);
          });
        },
        { once: true },
      );
    });
    // A timeslice keeps data flowing in chunks, so a long call never sits in one buffer.
    this.#startedAt = performance.now();
    recorder.start(1000);
  }

  /** Reports `error` once and ends the recording (its file still comes through `stop`). */
  #fail(error: CallError): void {
    if (this.#stopped) return;
    this.dispatchEvent(new CustomEvent('error', { detail: { error } }));
    void this.stop();
  }

  /** Bytes recorded so far (grows about once a second), e.g. for a "recording… 1.2 MB" label. */
  get bytesRecorded(): number {
    return this.#bytes;
  }

  get state(): 'recording' | 'stopped' {
    return this.#stopped ? 'stopped' : 'recording';
  }

  /** Ends the recording; resolves with the file. Safe to call more than once. */
  stop(): Promise<Blob> {
    if (!this.#stopped) {
      this.#stopped = true;
      this.#stopCalledAt = performance.now();
      if (this.#recorder.state !== 'inactive') this.#recorder.stop();
    }
    return this.#result;
  }

  /**
   * Builds the canvas + mixed-audio stream (composed: both pictures and voices; a rotated
   * plain recording: the remote picture and voice only); every node/element/timer gets its teardown.
   */
  #compose(sources: RecorderSources, options: RecordingOptions, hasVideo: boolean): MediaStream {
    const tracks: MediaStreamTrack[] = [];
    if (hasVideo) {
      const width = positiveOr(options.width, DEFAULTS.width, 3840);
      const height = positiveOr(options.height, DEFAULTS.height, 2160);
      const frameRate = positiveOr(options.frameRate, DEFAULTS.frameRate, 60);
      const turned = this.rotation === 90 || this.rotation === 270;
      const canvas = document.createElement('canvas');
      canvas.width = turned ? height : width;
      canvas.height = turned ? width : height;
      const ctx = canvas.getContext('2d');
      if (!ctx) throw new CallError('not-supported', 'This browser cannot draw the recording (no 2D canvas).');
      // The picture is drawn upright in a width×height frame, then turned onto the canvas.
      ctx.translate(canvas.width / 2, canvas.height / 2);
      ctx.rotate((this.rotation * Math.PI) / 180);
      ctx.translate(-width / 2, -height / 2);
      const remoteVideo = playingVideo(sources.remote);
      const localVideo = playingVideo(this.composed ? sources.local() : undefined);
      const unsubscribe = sources.onLocalStreamChange((stream) => {
        if (!this.composed) return;
        localVideo.srcObject = stream;
        localVideo.play().catch(() => {});
      });
      // Picture-in-picture: a quarter of the width, bottom-right, with a small margin.
      const pipW = Math.round(width / 4);
      const pipH = Math.round(height / 4);
      const margin = Math.round(width / 40);
      const draw = () => {
        ctx.fillStyle = '#000';
        ctx.fillRect(0, 0, width, height);
        drawContained(ctx, remoteVideo, 0, 0, width, height);
        if (localVideo.videoWidth) {
          ctx.fillRect(width - pipW - margin, height - pipH - margin, pipW, pipH);
          drawContained(ctx, localVideo, width - pipW - margin, height - pipH - margin, pipW, pipH);
        }
      };
      draw();
      // A timer, not requestAnimationFrame: rAF stops in background tabs; timers only slow down.
      const timer = setInterval(draw, 1000 / frameRate);
      const canvasTrack = canvas.captureStream(frameRate).getVideoTracks()[0];
      if (canvasTrack) tracks.push(canvasTrack);
      this.#teardown.push(() => {
        clearInterval(timer);
        unsubscribe();
        canvasTrack?.stop();
        for (const video of [remoteVideo, localVideo]) {
          video.pause();
          video.srcObject = null;
        }
      });
    }
    const audioSources = [
      ...sources.remote.getAudioTracks().map((track) => ({ track, remote: true })),
      ...(this.composed ? (sources.local()?.getAudioTracks() ?? []) : []).map((track) => ({ track, remote: false })),
    ];
    if (audioSources.length > 0) {
      const context = new AudioContext();
      const mix = context.createMediaStreamDestination();
      for (const { track, remote } of audioSources) {
        const node = context.createMediaStreamSource(new MediaStream([track]));
        node.connect(mix);
        const release = remote ? keepRemoteAudioFlowing(track) : () => {};
        this.#teardown.push(() => {
          node.disconnect();
          release();
        });
      }
      if (context.state === 'suspended') context.resume().catch(() => {});
      tracks.push(...mix.stream.getAudioTracks());
      this.#teardown.push(() => {
        for (const track of mix.stream.getTracks()) track.stop();
        void context.close().catch(() => {});
      });
    }
    return new MediaStream(tracks);
  }

  /** The remote tracks as they are; their audio must play somewhere for Chromium to deliver it. */
  #plain(remote: MediaStream): MediaStream {
    for (const track of remote.getAudioTracks()) this.#teardown.push(keepRemoteAudioFlowing(track));
    return new MediaStream(remote.getTracks());
  }

  /** Releases canvas, timers, elements and audio nodes (never the call's own tracks). */
  #release(): void {
    for (const step of this.#teardown.splice(0).reverse()) step();
  }
}
