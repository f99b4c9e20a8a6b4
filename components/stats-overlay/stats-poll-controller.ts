import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { StatsReport } from '../../src/stats/stats-report.js';

export interface StatsPollTarget {
  pc: RTCPeerConnection;
  userId: string;
  intervalMs: number;
}

/**
 * Polls one `RTCPeerConnection` with `collectStatsReport` while the host is connected:
 * one report every `intervalMs` (never overlapping), each diffed against the previous.
 * Stops when the connection closes, the host disconnects or the target changes.
 */
export class StatsPollController implements ReactiveController {
  readonly #onReport: (report: StatsReport) => void;
  #target: StatsPollTarget | undefined;
  #connected = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped on every stop: a getStats() still running for an older target is dropped. */
  #generation = 0;

  constructor(host: ReactiveControllerHost, options: { onReport: (report: StatsReport) => void }) {
    this.#onReport = options.onReport;
    host.addController(this);
  }

  set target(target: StatsPollTarget | undefined) {
    const old = this.#target;
    if (old?.pc === target?.pc && old?.userId === target?.userId && old?.intervalMs === target?.intervalMs) return;
    this.#stop();
    this.#target = target;
    if (this.#connected) this.#start();
  }

  hostConnected(): void {
    this.#connected = true;
    this.#start();
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#stop();
  }

  #start(): void {
    const target = this.#target;
    if (!target || this.#timer !== undefined) return;
    const generation = this.#generation;
    let previous: StatsReport | undefined;
    const tick = async () => {
      this.#timer = undefined;
      if (target.pc.connectionState === 'closed') return;
      try {
        // The reader is its own module, loaded with the first round (not with the page).
        const { collectStatsReport } = await import('../../src/stats/collect-stats.js');
        if (generation !== this.#generation) return; // stopped while the module loaded: no getStats()
        previous = await collectStatsReport(target.pc, target.userId, previous);
      } catch {
        return; // getStats only rejects for a closed connection
      }
      if (generation !== this.#generation) return;
      this.#onReport(previous);
      this.#timer = setTimeout(() => void tick(), target.intervalMs);
    };
    this.#timer = setTimeout(() => void tick(), 0);
  }

  #stop(): void {
    this.#generation++;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
