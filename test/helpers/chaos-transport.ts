// A transport wrapper that makes the network bad on purpose: drops, duplicates, delays
// (and so reorders) outgoing messages, with a seeded random source so a failure replays.
import type { WirePayload } from '../../src/signaling/protocol.js';
import type { Transport, TransportStatus } from '../../src/signaling/transport.js';

export interface ChaosSettings {
  drop: number;
  duplicate: number;
  /** Each copy waits a random time in [0, maxDelayMs]: later messages overtake earlier ones. */
  maxDelayMs: number;
  seed: number;
}

export interface ChaosStats {
  sent: number;
  dropped: number;
  duplicated: number;
}

/** mulberry32: a tiny seeded PRNG, enough for reproducible chaos. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class ChaosTransport implements Transport {
  readonly stats: ChaosStats = { sent: 0, dropped: 0, duplicated: 0 };
  #random: () => number;
  #timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(
    private readonly inner: Transport,
    private readonly settings: ChaosSettings,
  ) {
    this.#random = seededRandom(settings.seed);
  }

  send(to: string, msg: WirePayload): void {
    this.stats.sent += 1;
    if (this.#random() < this.settings.drop) {
      this.stats.dropped += 1;
      return;
    }
    const copies = this.#random() < this.settings.duplicate ? 2 : 1;
    if (copies === 2) this.stats.duplicated += 1;
    for (let i = 0; i < copies; i++) {
      const timer = setTimeout(
        () => {
          this.#timers.delete(timer);
          this.inner.send(to, msg);
        },
        Math.floor(this.#random() * this.settings.maxDelayMs),
      );
      this.#timers.add(timer);
    }
  }

  onMessage(cb: (from: string, msg: unknown) => void): () => void {
    return this.inner.onMessage(cb);
  }

  connect(): Promise<void> {
    return this.inner.connect?.() ?? Promise.resolve();
  }

  onStatus(cb: (status: TransportStatus, detail?: { reason?: string }) => void): () => void {
    return this.inner.onStatus?.(cb) ?? (() => {});
  }

  close(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.inner.close();
  }
}
