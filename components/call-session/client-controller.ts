import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { CallClient } from '../../src/call-client.js';
import type { CallConfig } from '../../src/config.js';
import { CallError } from '../../src/errors.js';
import { CLIENT_EVENTS } from '../events.js';

export interface ClientSettings {
  /** A client the app brought: used as is, never disconnected here. */
  external: CallClient | undefined;
  userId: string;
  signalingUrl: string;
  config: Partial<CallConfig>;
}

export interface ClientControllerOptions {
  /** Every client event (`incoming`, `missed-call`, `invalid-message`) of the active client. */
  onEvent(event: CustomEvent): void;
  /** The active client changed (before it connects). */
  onChange(client: CallClient | undefined): void;
  /** Making or connecting the client failed. */
  onError(error: CallError): void;
}

/**
 * The `CallClient` of a `<call-session>`: the app's own, or one made from `user-id` and
 * `signaling-url` (remade when they or the config change). Connects it, forwards its
 * events, and when the host leaves the page disconnects the one it made.
 */
export class ClientController implements ReactiveController {
  readonly #options: ClientControllerOptions;
  #active: CallClient | undefined;
  #owned: CallClient | undefined;
  #ownedKey = '';
  #detach: (() => void) | undefined;

  constructor(host: ReactiveControllerHost, options: ClientControllerOptions) {
    this.#options = options;
    host.addController(this);
  }

  get client(): CallClient | undefined {
    return this.#active;
  }

  /** Makes the active client match `settings`; call it before each render while connected. */
  sync(settings: ClientSettings): void {
    if (settings.external) this.#dropOwned();
    else {
      const key = JSON.stringify([settings.userId, settings.signalingUrl, settings.config]);
      if (key !== this.#ownedKey) {
        this.#dropOwned();
        this.#ownedKey = key;
        if (settings.userId && settings.signalingUrl) {
          try {
            this.#owned = new CallClient({ userId: settings.userId, signalingUrl: settings.signalingUrl, config: settings.config });
          } catch (error) {
            this.#options.onError(error instanceof CallError ? error : new CallError('invalid-argument', String(error), { cause: error }));
          }
        }
      }
    }
    const next = settings.external ?? this.#owned;
    if (next === this.#active) return;
    this.#use(next);
    if (next) void this.connect(next, settings.signalingUrl);
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

  hostDisconnected(): void {
    this.#use(undefined);
    this.#dropOwned();
  }

  #use(client: CallClient | undefined): void {
    this.#detach?.();
    this.#detach = undefined;
    this.#active = client;
    this.#options.onChange(client);
    if (!client) return;
    const listener = (event: Event) => this.#options.onEvent(event as CustomEvent);
    for (const type of CLIENT_EVENTS) client.addEventListener(type, listener);
    this.#detach = () => {
      for (const type of CLIENT_EVENTS) client.removeEventListener(type, listener);
    };
  }

  #dropOwned(): void {
    if (this.#owned === this.#active && this.#owned) this.#use(undefined);
    this.#owned?.disconnect();
    this.#owned = undefined;
    this.#ownedKey = '';
  }
}
