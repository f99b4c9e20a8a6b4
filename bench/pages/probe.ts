/** What bench/pages/instrument.ts installs as `window.__benchProbe`, and what it reports. */
export interface TraceEvent {
  what: string;
  /** performance.now() of the first time `what` happened in this run */
  t: number;
}

export interface ProbeCounters {
  /** RTCPeerConnections not yet garbage-collected whose connectionState is not 'closed' */
  openPeerConnections: number;
  /** RTCPeerConnections (closed or not) still reachable after the last GC */
  retainedPeerConnections: number;
  peerConnectionsCreated: number;
  /** Tracks from getUserMedia or `track` events whose readyState is 'live' */
  liveTracks: number;
  tracksSeen: number;
  /** setTimeout not yet fired or cleared, plus setInterval not cleared */
  pendingTimers: number;
}

export interface PendingTimer {
  kind: 'timeout' | 'interval';
  delay: number;
  /** call sites that set it, when the page was opened with `timerSources` */
  source?: string;
}

export interface ProbeOptions {
  /** keep a short stack for each pending timer (costs a stack capture per setTimeout) */
  timerSources?: boolean;
}

export interface BenchProbe {
  /** Starts a new trace; `roles` names users in the trace (e.g. { 'kit-a-x1': 'A' }). */
  resetTrace(roles: Record<string, string>): void;
  /** Records a step by name (first occurrence per run). */
  mark(what: string): void;
  trace(): TraceEvent[];
  /** Relay frames sent since the last `resetTrace`, by message type. */
  sentFrames(): Record<string, number>;
  counters(): ProbeCounters;
  /** The page's RTCPeerConnections that are not closed (for upload byte counts). */
  openPeerConnections(): RTCPeerConnection[];
  pendingTimers(): PendingTimer[];
  /**
   * Resolves (with the ms waited) once no timer is pending, or after `maxMs`: timers that
   * finish their work shortly after a hang-up (e.g. a re-send waiting for its ack) are not leaks.
   */
  whenTimersIdle(maxMs: number): Promise<number>;
}

declare global {
  interface Window {
    __benchProbe?: BenchProbe;
    /** Set before the probe is installed (see openBenchPage). */
    __benchProbeOptions?: ProbeOptions;
  }
}
