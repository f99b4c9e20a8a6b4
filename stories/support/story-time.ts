import { ManualClock } from '../../src/manual-clock.js';

/**
 * The time of one story: a `ManualClock` that every client of the story runs on. It follows
 * real time while the story drives its call into the state it shows, then `freeze()` stops
 * it there, so a state that would time out (ringing, dialing, reconnecting) holds for as long
 * as anyone looks at it. Acting in the story (any click inside it) lets time run again, so a
 * frozen call still works when you press its buttons.
 */
export class StoryTime {
  readonly clock = new ManualClock();
  #timer: ReturnType<typeof setInterval> | undefined;
  #last = 0;
  #stopWaking: (() => void) | undefined;

  /** Advances the clock with real time (every 20 ms) until `freeze()`. */
  follow(): void {
    this.#stopWaking?.();
    this.#stopWaking = undefined;
    if (this.#timer !== undefined) return;
    this.#last = performance.now();
    this.#timer = setInterval(() => {
      const now = performance.now();
      this.clock.advance(now - this.#last);
      this.#last = now;
    }, 20);
  }

  /** Stops the clock; a click inside `wakeOn` (the story's element) starts it again. */
  freeze(wakeOn?: EventTarget): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#stopWaking?.();
    this.#stopWaking = undefined;
    if (!wakeOn) return;
    const wake = () => this.follow();
    wakeOn.addEventListener('click', wake, { once: true });
    this.#stopWaking = () => wakeOn.removeEventListener('click', wake);
  }

  /** Jumps ahead by `ms`, firing every timer due on the way: a timeout comes at once. */
  advance(ms: number): void {
    this.clock.advance(ms);
  }

  get running(): boolean {
    return this.#timer !== undefined;
  }

  dispose(): void {
    this.freeze();
  }
}
