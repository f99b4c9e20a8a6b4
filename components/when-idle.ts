/**
 * Runs `fn` once the page is idle, and within `timeoutMs` at the latest (`requestIdleCallback`;
 * where a browser has none, a short timeout). For UI work that can wait — a focus move, a
 * device count — so it does not sit on a call's critical path.
 */
export function whenIdle(fn: () => void, timeoutMs: number): void {
  if (typeof globalThis.requestIdleCallback === 'function') requestIdleCallback(() => fn(), { timeout: timeoutMs });
  else setTimeout(fn, Math.min(50, timeoutMs));
}
