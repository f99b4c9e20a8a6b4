/**
 * Time comes into the core only through a `Clock`, so the machine can be driven by a
 * manual clock in tests with no real waiting.
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

/** A clock that only moves when told to: `advance(ms)` fires due timers in time order. */
export class ManualClock implements Clock {
  #now = 0;
  #next = 1;
  #timers = new Map<TimerHandle, { at: number; callback: () => void }>();

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const handle = this.#next++;
    this.#timers.set(handle, { at: this.#now + Math.max(0, ms), callback });
    return handle;
  }

  clearTimeout(handle: TimerHandle): void {
    this.#timers.delete(handle);
  }

  /** Timers not yet fired or cleared. */
  get pending(): number {
    return this.#timers.size;
  }

  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      let due: [TimerHandle, { at: number; callback: () => void }] | undefined;
      for (const entry of this.#timers) {
        if (entry[1].at <= end && (!due || entry[1].at < due[1].at)) due = entry;
      }
      if (!due) break;
      this.#timers.delete(due[0]);
      this.#now = due[1].at;
      due[1].callback();
    }
    this.#now = end;
  }
}

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
