/**
 * Collects, for one call, when each connection end reached `connected` and when each remote
 * video showed its first frame, and resolves once everything expected has happened. Kit and
 * baseline report into the same tracker, so both are timed by the same code.
 */

export interface CallTimes {
  /** ms from call() until every connection end was connected */
  connectedMs: number;
  /** ms from call() until the caller's first remote video frame (when frames were asked for) */
  firstFrameMs: number | undefined;
  /** ms from call() until every remote video had a frame (when frames were asked for) */
  allFramesMs: number | undefined;
}

export interface TrackerOptions {
  /** every user in the call; the first one is the caller */
  users: readonly string[];
  /** wait for a first frame on every remote video too */
  frames: boolean;
  timeoutMs: number;
  /** connection ends to wait for (default: every pair of `users`, both ends); one page of a call with a page per person: its own */
  ends?: number;
}

const VIDEO_CONTAINER_ID = 'bench-videos';

export class CallTracker {
  /** When the call was placed; set by `start()` right before the driver rings. */
  t0 = performance.now();
  readonly done: Promise<CallTimes>;
  #connected = new Map<string, number>();
  #frames = new Map<string, number>();
  #videos: HTMLVideoElement[] = [];
  #expected: number;
  #caller: string;
  #wantFrames: boolean;
  #resolve!: (times: CallTimes) => void;
  #reject!: (error: Error) => void;
  #timer: number;
  #finished = false;

  constructor(options: TrackerOptions) {
    const n = options.users.length;
    this.#expected = options.ends ?? n * (n - 1);
    this.#caller = options.users[0] ?? '';
    this.#wantFrames = options.frames;
    this.done = new Promise<CallTimes>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.#timer = window.setTimeout(() => {
      this.fail(
        `timed out after ${options.timeoutMs} ms: ${this.#connected.size}/${this.#expected} connection ends connected, ` +
          `${this.#frames.size}/${this.#wantFrames ? this.#expected : 0} remote videos with a frame`,
      );
    }, options.timeoutMs);
  }

  /** Marks "call()": every time is measured from here. */
  start(): void {
    this.t0 = performance.now();
  }

  /** `self`'s connection to `remote` is connected. */
  connected(self: string, remote: string): void {
    const key = `${self}<-${remote}`;
    if (!this.#connected.has(key)) this.#connected.set(key, performance.now());
    this.#check();
  }

  /** `self` received a video track from `remote` in `stream`: show it and time its first frame. */
  remoteVideo(self: string, remote: string, stream: MediaStream): void {
    if (!this.#wantFrames || this.#finished) return;
    const key = `${self}<-${remote}`;
    if (this.#videos.some((v) => v.dataset.key === key)) return;
    const video = document.createElement('video');
    video.dataset.key = key;
    video.muted = true;
    video.playsInline = true;
    video.autoplay = true;
    video.width = 160;
    video.height = 120;
    video.srcObject = stream;
    this.#videos.push(video);
    container().append(video);
    video.requestVideoFrameCallback(() => {
      if (!this.#frames.has(key)) this.#frames.set(key, performance.now());
      this.#check();
    });
    video.play().catch((error: unknown) => this.fail(`remote video ${key} does not play: ${String(error)}`));
  }

  fail(reason: string): void {
    if (this.#finished) return;
    this.#finish();
    this.#reject(new Error(reason));
  }

  /** Removes the videos this call made (call after hang-up). */
  dispose(): void {
    this.#finish();
    for (const video of this.#videos.splice(0)) {
      video.srcObject = null;
      video.remove();
    }
  }

  #finish(): void {
    this.#finished = true;
    window.clearTimeout(this.#timer);
  }

  #check(): void {
    if (this.#finished || this.#connected.size < this.#expected) return;
    if (this.#wantFrames && this.#frames.size < this.#expected) return;
    this.#finish();
    const since = (t: number) => t - this.t0;
    const callerFrames = [...this.#frames].filter(([key]) => key.startsWith(`${this.#caller}<-`)).map(([, t]) => t);
    this.#resolve({
      connectedMs: since(Math.max(...this.#connected.values())),
      firstFrameMs: this.#wantFrames ? since(Math.min(...callerFrames)) : undefined,
      allFramesMs: this.#wantFrames ? since(Math.max(...this.#frames.values())) : undefined,
    });
  }
}

function container(): HTMLElement {
  let element = document.getElementById(VIDEO_CONTAINER_ID);
  if (!element) {
    element = document.createElement('div');
    element.id = VIDEO_CONTAINER_ID;
    document.body.append(element);
  }
  return element;
}

/** Resolves when `check()` holds, testing after each `event` on `target`; rejects after `timeoutMs`. */
export function waitFor(target: EventTarget, event: string, check: () => boolean, what: string, timeoutMs: number): Promise<void> {
  if (check()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const listener = () => {
      if (!check()) return;
      cleanup();
      resolve();
    };
    const timer = window.setTimeout(() => {
      cleanup();
      reject(new Error(`timed out after ${timeoutMs} ms waiting until ${what}`));
    }, timeoutMs);
    const cleanup = () => {
      window.clearTimeout(timer);
      target.removeEventListener(event, listener);
    };
    target.addEventListener(event, listener);
  });
}
