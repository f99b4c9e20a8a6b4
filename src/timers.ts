/**
 * Time comes into the core only through a `Clock`, so the machine can be driven by a
 * manual clock in tests with no real waiting (`ManualClock`, manual-clock.ts: a module of
 * its own, so a call never downloads it).
 */
export type TimerHandle = number;

export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms) as unknown as TimerHandle,
  clearTimeout: (handle) => globalThis.clearTimeout(handle),
};

/**
 * Named timers on a clock: starting a name that is running restarts it, and
 * `cancelAll()` is the one teardown a session needs.
 */
export class TimerSet {
  #handles = new Map<string, TimerHandle>();
  constructor(private readonly clock: Clock) {}

  start(id: string, ms: number, onFire: (id: string) => void): void {
    this.cancel(id);
    const handle = this.clock.setTimeout(() => {
      this.#handles.delete(id);
      onFire(id);
    }, ms);
    this.#handles.set(id, handle);
  }

  cancel(id: string): void {
    const handle = this.#handles.get(id);
    if (handle === undefined) return;
    this.clock.clearTimeout(handle);
    this.#handles.delete(id);
  }

  cancelAll(): void {
    for (const handle of this.#handles.values()) this.clock.clearTimeout(handle);
    this.#handles.clear();
  }

  get size(): number {
    return this.#handles.size;
  }
}
