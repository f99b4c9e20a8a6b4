// Log lines that a client can provoke (bad frames, refused connections, accept errors) are
// rate-limited per kind, so that a hostile client cannot fill the disk or drown real errors.

/** Shortest gap between two lines of one kind. */
export const LOG_INTERVAL_MS = 10_000;

/**
 * Wraps `log` so that each `kind` prints at most once per `intervalMs`; the next line that
 * prints says how many of that kind were left out since.
 * @param {(...args: unknown[]) => void} log
 * @param {{ intervalMs?: number, now?: () => number }} [options]
 * @returns {(kind: string, message: string) => void}
 */
export function createLimitedLog(log, { intervalMs = LOG_INTERVAL_MS, now = Date.now } = {}) {
  /** @type {Map<string, { at: number, skipped: number }>} */
  const last = new Map();
  return (kind, message) => {
    const t = now();
    const entry = last.get(kind);
    if (entry && t - entry.at < intervalMs) {
      entry.skipped += 1;
      return;
    }
    const skipped = entry?.skipped ?? 0;
    last.set(kind, { at: t, skipped: 0 });
    log(skipped > 0 ? `${message} (${skipped} more like this in the last ${Math.round((t - (entry?.at ?? t)) / 1000)} s)` : message);
  };
}
