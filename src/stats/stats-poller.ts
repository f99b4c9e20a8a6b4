/**
 * Collects a `StatsReport` per peer every `intervalSeconds` (the seed's
 * statsReportTimeInterval). One timer at a time, chained after each round, so a slow
 * `getStats` never piles rounds up; `stop()` leaves no timer and drops a round in flight.
 */
import type { Clock, TimerHandle } from '../timers.js';
import type { StatsReport } from './stats-report.js';

export interface StatsPollerOptions {
  clock: Clock;
  /** The live peer connections (or an SFU backend's per-user view) right now, by user id. */
  peers(): Iterable<[string, Pick<RTCPeerConnection, 'getStats' | 'getTransceivers'>]>;
  /** One round's reports (only peers whose stats could be read). */
  onReports(reports: Map<string, StatsReport>): void;
  onError?(userId: string, error: unknown): void;
}

export class StatsPoller {
  #options: StatsPollerOptions;
  #intervalSeconds = 0;
  #timer: TimerHandle | undefined;
  #generation = 0;
  #previous = new Map<string, StatsReport>();

  constructor(options: StatsPollerOptions) {
    this.#options = options;
  }

  get intervalSeconds(): number {
    return this.#intervalSeconds;
  }

  /** Starts, re-times or (with 0) stops the polling. The first round comes one interval from now. */
  set intervalSeconds(seconds: number) {
    this.#intervalSeconds = Number.isFinite(seconds) && seconds > 0 ? seconds : 0;
    this.#cancel();
    if (this.#intervalSeconds > 0) this.#schedule();
  }

  get running(): boolean {
    return this.#timer !== undefined;
  }

  /** One round now: a report per live peer, diffed against this poller's previous one. */
  async collect(): Promise<Map<string, StatsReport>> {
    const peers = [...this.#options.peers()];
    // The reader is its own module, loaded with the first round (not with the page).
    const { collectStatsReport } = await import('./collect-stats.js');
    const results = await Promise.all(
      peers.map(async ([userId, pc]) => {
        try {
          return [userId, await collectStatsReport(pc, userId, this.#previous.get(userId))] as const;
        } catch (error) {
          this.#options.onError?.(userId, error);
          return undefined;
        }
      }),
    );
    const reports = new Map<string, StatsReport>();
    for (const entry of results) if (entry) reports.set(entry[0], entry[1]);
    // Peers that left are forgotten; a returning peer starts without a stale baseline.
    this.#previous = new Map(reports);
    return reports;
  }

  stop(): void {
    this.#intervalSeconds = 0;
    this.#cancel();
    this.#previous.clear();
  }

  #cancel(): void {
    this.#generation++;
    if (this.#timer !== undefined) this.#options.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(): void {
    const generation = this.#generation;
    this.#timer = this.#options.clock.setTimeout(() => void this.#tick(generation), this.#intervalSeconds * 1000);
  }

  async #tick(generation: number): Promise<void> {
    this.#timer = undefined;
    const reports = await this.collect();
    if (generation !== this.#generation) return; // stopped or re-timed meanwhile
    this.#options.onReports(reports);
    if (generation === this.#generation && this.#intervalSeconds > 0) this.#schedule();
  }
}
