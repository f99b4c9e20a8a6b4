// Per-socket message rate limit: a token bucket (sustained rate + burst) that decides, for
// each incoming frame, whether it passes, is dropped (telling the client at most once a
// second), or shows a flood that should close the socket.

/** Frames above this many times the sustained rate within one window mean a flood. */
export const FLOOD_FACTOR = 10;
/** Length of the window that flooding is counted in. */
export const FLOOD_WINDOW_MS = 5000;
/** Shortest gap between two `rate-limited` notices to one socket. */
export const NOTICE_INTERVAL_MS = 1000;

/**
 * @typedef {object} RateLimitOptions
 * @property {number} [perSecond] sustained messages per second (default 50)
 * @property {number} [burst] messages that may arrive at once after a quiet spell (default 100)
 *
 * @typedef {'pass' | 'drop' | 'notify' | 'close'} RateVerdict
 *   pass: handle the frame; drop: ignore it silently; notify: ignore it and tell the client;
 *   close: the socket is flooding (more than FLOOD_FACTOR × perSecond × the window's seconds
 *   frames within FLOOD_WINDOW_MS), close it.
 */

/**
 * Checks and fills in rate-limit options; throws a TypeError naming the bad value.
 * @param {RateLimitOptions} [options]
 * @returns {Required<RateLimitOptions>}
 */
export function resolveRateLimit(options = {}) {
  const { perSecond = 50, burst = 100 } = options;
  if (!(typeof perSecond === 'number' && perSecond > 0 && Number.isFinite(perSecond))) {
    throw new TypeError(`rateLimit.perSecond must be a positive number, got ${String(perSecond)}`);
  }
  if (!(typeof burst === 'number' && burst >= 1 && Number.isFinite(burst))) {
    throw new TypeError(`rateLimit.burst must be a number >= 1, got ${String(burst)}`);
  }
  return { perSecond, burst };
}

/** The rate limit of one socket. Time comes from `now` so the logic is testable on its own. */
export class RateLimiter {
  #perSecond;
  #burst;
  #now;
  #tokens;
  #refilledAt;
  #windowStart;
  #windowCount = 0;
  #lastNotice = -Infinity;

  /** @param {Required<RateLimitOptions>} limit @param {() => number} [now] milliseconds */
  constructor(limit, now = Date.now) {
    this.#perSecond = limit.perSecond;
    this.#burst = limit.burst;
    this.#now = now;
    this.#tokens = limit.burst;
    this.#refilledAt = now();
    this.#windowStart = this.#refilledAt;
  }

  /** Accounts for one incoming frame. @returns {RateVerdict} */
  check() {
    const now = this.#now();
    this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#refilledAt) / 1000) * this.#perSecond);
    this.#refilledAt = now;
    if (now - this.#windowStart >= FLOOD_WINDOW_MS) {
      this.#windowStart = now;
      this.#windowCount = 0;
    }
    this.#windowCount += 1;

    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return 'pass';
    }
    if (this.#windowCount > FLOOD_FACTOR * this.#perSecond * (FLOOD_WINDOW_MS / 1000)) return 'close';
    if (now - this.#lastNotice >= NOTICE_INTERVAL_MS) {
      this.#lastNotice = now;
      return 'notify';
    }
    return 'drop';
  }
}
