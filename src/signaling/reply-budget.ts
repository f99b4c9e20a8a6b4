/**
 * How often this client answers by itself (acks, busy rejects, replies to ended sessions) to
 * someone it has no live session with. Those answers are traffic a stranger can provoke: the
 * relay counts them against *our* socket, so without a bound a stranger who keeps calling
 * could get our own signaling throttled or closed. Token buckets, one per sender plus one for
 * all senders together, on the injected clock.
 *
 * Hand-written: the npm token-bucket packages (`limiter`, `token-bucket`) are timer- or
 * Date.now-driven and not clock-injectable; this is a dozen lines.
 */
import type { Clock } from '../timers.js';

export interface ReplyBudgetOptions {
  /** Automatic answers per second to one sender. Default 3. */
  perSenderPerSecond?: number;
  /** Answers one sender may get at once after a quiet spell. Default 5. */
  perSenderBurst?: number;
  /** Automatic answers per second to all strangers together. Default 10. */
  totalPerSecond?: number;
  /** Default 20. */
  totalBurst?: number;
}

/** Senders tracked at once; the oldest is forgotten first (it then starts with a full bucket). */
const MAX_SENDERS = 256;

class TokenBucket {
  #tokens: number;
  #at: number;
  constructor(
    readonly perSecond: number,
    readonly burst: number,
    now: number,
  ) {
    this.#tokens = burst;
    this.#at = now;
  }

  /** Refills up to `now`; true if a token was left (and takes it only when `take`). */
  has(now: number, take: boolean): boolean {
    this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#at) / 1000) * this.perSecond);
    this.#at = now;
    if (this.#tokens < 1) return false;
    if (take) this.#tokens -= 1;
    return true;
  }
}

export class ReplyBudget {
  readonly #clock: Clock;
  readonly #options: Required<ReplyBudgetOptions>;
  readonly #senders = new Map<string, TokenBucket>();
  readonly #total: TokenBucket;
  /** Answers withheld since the budget last allowed one (for the log). */
  withheld = 0;

  constructor(clock: Clock, options: ReplyBudgetOptions = {}) {
    this.#clock = clock;
    this.#options = { perSenderPerSecond: 3, perSenderBurst: 5, totalPerSecond: 10, totalBurst: 20, ...options };
    this.#total = new TokenBucket(this.#options.totalPerSecond, this.#options.totalBurst, clock.now());
  }

  /** True (and one answer spent) if `to` may get one more automatic answer now. */
  take(to: string): boolean {
    const now = this.#clock.now();
    let bucket = this.#senders.get(to);
    if (bucket) this.#senders.delete(to); // re-inserted below: the map stays in least-recent order
    bucket ??= new TokenBucket(this.#options.perSenderPerSecond, this.#options.perSenderBurst, now);
    this.#senders.set(to, bucket);
    if (this.#senders.size > MAX_SENDERS) this.#senders.delete(this.#senders.keys().next().value!);
    const ok = bucket.has(now, false) && this.#total.has(now, true) && bucket.has(now, true);
    if (!ok) this.withheld += 1;
    return ok;
  }
}
