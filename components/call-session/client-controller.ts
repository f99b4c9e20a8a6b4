import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CallClient } from '../../src/call-client.js';
import { CLIENT_EVENTS, type CallClientEventMap } from '../../src/client-events.js';
import type { CallConfig, SessionSettings } from '../../src/config.js';
import { CallError, toCallError } from '../../src/errors.js';
import { loadedClient } from '../../src/loaded-client.js';

export interface ClientSettings {
  /** A client the app brought: used as is, never disconnected here. */
  external: CallClient | undefined;
  userId: string;
  signalingUrl: string;
  /** Settings for the client this controller makes (read when it is made: log level, limits). */
  config: Partial<CallConfig>;
  /** Per-call settings (attributes): the made client's defaults for incoming calls too. */
  session: SessionSettings;
}

type ClientEventName = keyof CallClientEventMap;
/** One client event as a discriminated pair. */
export type ClientEventOf = { [N in ClientEventName]: { name: N; detail: CallClientEventMap[N]['detail'] } }[ClientEventName];

export interface ClientControllerOptions {
  /** Every event of the active client, typed. */
  onEvent(event: ClientEventOf): void;
  /** The active client changed (before it connects). */
  onChange(client: CallClient | undefined): void;
  /** Making or connecting the client failed. */
  onError(error: CallError): void;
}

/**
 * The `CallClient` of a `<call-session>`: the app's own, or one made from `user-id` and
 * `signaling-url` (remade only when those change, so changing a setting never ends a
 * call). Reads what it should be from `getSettings` in `hostUpdate()`, connects it,
 * forwards its events, and when the host leaves the page disconnects the one it made.
 * The client's code (the whole call core) loads on demand the first time one is made, so
 * the element renders before it arrives (`loadedClient`: at once when already loaded).
 */
export class ClientController implements ReactiveController {
  readonly #getSettings: () => ClientSettings | undefined;
  readonly #options: ClientControllerOptions;
  #active: CallClient | undefined;
  #owned: CallClient | undefined;
  #ownedKey = '';
  #warned = '';
  #listener = (event: Event) => {
    // The one place a client DOM event becomes a typed pair: only CLIENT_EVENTS are subscribed.
    this.#options.onEvent({ name: event.type, detail: (event as CustomEvent<unknown>).detail } as ClientEventOf);
  };

  constructor(host: ReactiveControllerHost, getSettings: () => ClientSettings | undefined, options: ClientControllerOptions) {
    this.#getSettings = getSettings;
    this.#options = options;
    host.addController(this);
  }

  get client(): CallClient | undefined {
    return this.#active;
  }

  hostUpdate(): void {
    const settings = this.#getSettings();
    if (settings) this.#sync(settings);
  }

  hostDisconnected(): void {
    this.#use(undefined);
    this.#dropOwned();
  }

  /** Resolves true once `client` can signal; reports a failure through `onError` (once per attempt). */
  async connect(client: CallClient, where = ''): Promise<boolean> {
    try {
      await client.connect();
      return true;
    } catch (error) {
      if (client !== this.#active) return false;
      const reason = error instanceof Error ? error.message : String(error);
      this.#options.onError(
        new CallError('signaling-unavailable', `The signaling relay is unreachable (${where || 'custom transport'}): ${reason}`, { cause: error }),
      );
      return false;
    }
  }

  #sync(settings: ClientSettings): void {
    if (settings.external) {
      this.#dropOwned();
      this.#warnIgnored(settings);
    } else {
      const key = JSON.stringify([settings.userId, settings.signalingUrl]);
      if (key !== this.#ownedKey) {
        this.#dropOwned();
        this.#ownedKey = key;
        if (settings.userId && settings.signalingUrl) {
          if (!loadedClient.current) {
            void this.#loadClient(key);
            return;
          }
          try {
            this.#owned = new loadedClient.current({ userId: settings.userId, signalingUrl: settings.signalingUrl, config: settings.config });
          } catch (error) {
            this.#options.onError(toCallError(error, 'invalid-argument'));
          }
        }
      }
      // Live: the next call (outgoing or incoming) uses them; a running call keeps its own.
      if (this.#owned) this.#owned.sessionDefaults = settings.session;
    }
    const next = settings.external ?? this.#owned;
    if (next === this.#active) return;
    this.#use(next);
    if (next) void this.connect(next, settings.signalingUrl);
  }

  /** Loads the core, then makes the client if the settings still ask for the same one. */
  async #loadClient(key: string): Promise<void> {
    try {
      await import('../../src/call-client.js');
    } catch (error) {
      if (key === this.#ownedKey)
        this.#options.onError(new CallError('signaling-unavailable', `The call code did not load: ${String(error)}`, { cause: error }));
      return;
    }
    const settings = this.#getSettings();
    if (key !== this.#ownedKey || !settings) return; // changed or left the page meanwhile
    this.#ownedKey = '';
    this.#sync(settings);
  }

  /** Settings next to an app's own client only shape the calls the element starts: say so, once per change. */
  #warnIgnored(settings: ClientSettings): void {
    const given = Object.keys(settings.session).concat(Object.keys(settings.config).map((k) => `config.${k}`));
    const key = given.join(',');
    if (key === this.#warned) return;
    this.#warned = key;
    if (given.length === 0) return;
    console.warn(
      `<call-session> has its own client: ${given.join(', ')} apply only to calls this element starts; ` +
        'incoming calls use the client’s own config (set client.sessionDefaults to change them).',
    );
  }

  #use(client: CallClient | undefined): void {
    for (const name of CLIENT_EVENTS) this.#active?.removeEventListener(name, this.#listener);
    this.#active = client;
    this.#options.onChange(client);
    for (const name of CLIENT_EVENTS) client?.addEventListener(name, this.#listener);
  }

  #dropOwned(): void {
    if (this.#owned === this.#active && this.#owned) this.#use(undefined);
    this.#owned?.disconnect();
    this.#owned = undefined;
    this.#ownedKey = '';
  }
}
