import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CallSession } from '../src/call-session.js';

/**
 * Re-renders its host when the session it watches emits one of `events`, and calls
 * `onEvent` first. Subscribed while the host is connected; a new session replaces the old
 * subscription.
 */
export class SessionController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #events: readonly string[];
  readonly #onEvent: ((event: Event) => void) | undefined;
  #session: CallSession | undefined;
  #connected = false;
  #unsubscribe: (() => void) | undefined;

  constructor(host: ReactiveControllerHost, options: { events: readonly string[]; onEvent?: (event: Event) => void }) {
    this.#host = host;
    this.#events = options.events;
    this.#onEvent = options.onEvent;
    host.addController(this);
  }

  get session(): CallSession | undefined {
    return this.#session;
  }

  set session(session: CallSession | undefined) {
    if (session === this.#session) return;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#session = session;
    if (this.#connected) this.#subscribe();
    this.#host.requestUpdate();
  }

  hostConnected(): void {
    this.#connected = true;
    this.#subscribe();
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  #subscribe(): void {
    const session = this.#session;
    if (!session || this.#unsubscribe) return;
    const listener = (event: Event) => {
      this.#onEvent?.(event);
      this.#host.requestUpdate();
    };
    for (const type of this.#events) session.addEventListener(type, listener);
    this.#unsubscribe = () => {
      for (const type of this.#events) session.removeEventListener(type, listener);
    };
  }
}
