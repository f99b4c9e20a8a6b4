import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Re-renders its host every `intervalMs` while running and connected (an elapsed-time display). */
export class TickController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #intervalMs: number;
  #running = false;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(host: ReactiveControllerHost, options: { intervalMs: number }) {
    this.#host = host;
    this.#intervalMs = options.intervalMs;
    host.addController(this);
  }

  /** Starts or stops ticking; a no-op when already in that state. */
  set running(running: boolean) {
    if (running === this.#running) return;
    this.#running = running;
    if (running) this.#schedule();
    else this.#clear();
  }

  get running(): boolean {
    return this.#running;
  }

  hostConnected(): void {
    if (this.#running) this.#schedule();
  }

  hostDisconnected(): void {
    this.#clear();
  }

  #schedule(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => this.#host.requestUpdate(), this.#intervalMs);
  }

  #clear(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
