import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CallSession } from '../src/call-session.js';
import type { SessionEventDetail, SessionEventName } from '../src/session-events.js';

/** One session event as a discriminated pair: switch on `name` and `detail` has that event's type. */
export type SessionEventOf<K extends SessionEventName> = { [N in K]: { name: N; detail: SessionEventDetail[N] } }[K];

/**
 * Follows the session its host shows (read from `getSession` in `hostUpdate()`, so the host
 * never pushes it by hand): subscribes to `events` while the host is connected, hands each
 * one to `onEvent` typed, then re-renders the host (unless the event is `quiet`). A new session
 * replaces the subscription.
 */
export class SessionController<K extends SessionEventName> implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #getSession: () => CallSession | undefined;
  readonly #events: readonly K[];
  readonly #onEvent: ((event: SessionEventOf<K>) => void) | undefined;
  readonly #quiet: ReadonlySet<string>;
  #session: CallSession | undefined;
  #listener = (event: Event) => {
    // The one place a DOM event becomes a typed pair: `events` are session event names.
    this.#onEvent?.({ name: event.type, detail: (event as CustomEvent<unknown>).detail } as SessionEventOf<K>);
    if (!this.#quiet.has(event.type)) this.#host.requestUpdate();
  };

  /** `quiet`: events handed to `onEvent` that change nothing the host renders (no re-render for them). */
  constructor(
    host: ReactiveControllerHost,
    getSession: () => CallSession | undefined,
    options: { events: readonly K[]; quiet?: readonly K[]; onEvent?: (event: SessionEventOf<K>) => void },
  ) {
    this.#host = host;
    this.#getSession = getSession;
    this.#events = options.events;
    this.#quiet = new Set(options.quiet);
    this.#onEvent = options.onEvent;
    host.addController(this);
  }

  /** The session currently followed. */
  get session(): CallSession | undefined {
    return this.#session;
  }

  hostConnected(): void {
    this.#follow(this.#getSession());
  }

  hostUpdate(): void {
    this.#follow(this.#getSession());
  }

  hostDisconnected(): void {
    this.#follow(undefined);
  }

  #follow(session: CallSession | undefined): void {
    if (session === this.#session) return;
    for (const name of this.#events) this.#session?.removeEventListener(name, this.#listener);
    this.#session = session;
    for (const name of this.#events) session?.addEventListener(name, this.#listener);
  }
}
