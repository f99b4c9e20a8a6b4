import type { CallTimes } from './call-tracker.js';

export interface CallOptions {
  /** also wait for a first frame on every remote video */
  frames: boolean;
  timeoutMs: number;
  /**
   * Callees let the call ring this long before accepting, and times are taken from the accept
   * (acceptToFrame: what preparing while ringing saves). Without it they accept at once.
   */
  ringMs?: number;
}

export interface CallResult {
  times: CallTimes;
  /** performance.now() at call(), to place trace events */
  t0: number;
}

/** One way of making calls between `users` in this page: the kit, its elements, or raw WebRTC. */
export interface CallDriver {
  /** Everyone in the call; the first one rings the others, who answer at once. */
  readonly users: readonly string[];
  /** Opens signaling for every user (not timed). */
  connect(): Promise<void>;
  /** Places one call and resolves when every connection is up (and every remote video has a frame, if asked). */
  call(options: CallOptions): Promise<CallResult>;
  /** Ends the call and resolves once every side has closed its connections and released its camera. */
  hangUp(timeoutMs: number): Promise<void>;
  /** Closes signaling. */
  close(): void;
}
