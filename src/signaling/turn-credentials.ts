/**
 * Time-limited TURN credentials from the relay (server/turn.js, GET /turn?user=ID&token=T):
 * where the relay runs with MESHCALL_TURN_SECRET, a client fetches `iceServers` with the same
 * token it connects with, and fetches fresh ones before they expire during long calls.
 * A relay without TURN settings answers 404: then there is nothing to add (not an error).
 */

/** What GET /turn answers. */
export interface TurnCredentials {
  iceServers: RTCIceServer[];
  /** Seconds the credentials are valid from when they were issued. */
  ttl: number;
  /** Unix seconds. */
  expiresAt: number;
}

export interface TurnCredentialsOptions {
  /** The relay's signaling URL (`wss://relay.example.com/signal`, relative URLs work in a page). */
  signalingUrl: string;
  userId: string;
  token?: string;
  /** Injected for tests; default `globalThis.fetch`. */
  fetch?: typeof fetch;
}

/** The relay's /turn URL for a signaling URL: same host, http(s) instead of ws(s), path /turn. */
export function turnCredentialsUrl({ signalingUrl, userId, token }: TurnCredentialsOptions): string {
  const base = typeof location === 'undefined' ? undefined : location.href;
  const url = new URL(signalingUrl, base);
  if (url.protocol === 'ws:') url.protocol = 'http:';
  else if (url.protocol === 'wss:') url.protocol = 'https:';
  url.pathname = url.pathname.replace(/\/signal\/?$/, '') + '/turn';
  const fromUrl = url.searchParams.get('token');
  url.search = '';
  url.searchParams.set('user', userId);
  const effective = token ?? fromUrl ?? undefined;
  if (effective !== undefined) url.searchParams.set('token', effective);
  return url.href;
}

function isIceServer(value: unknown): value is RTCIceServer {
  if (typeof value !== 'object' || value === null) return false;
  const { urls, username, credential } = value as Record<string, unknown>;
  const urlsOk = typeof urls === 'string' || (Array.isArray(urls) && urls.every((u) => typeof u === 'string'));
  return urlsOk && typeof username === 'string' && typeof credential === 'string';
}

/**
 * Fetches credentials. Resolves `undefined` when the relay issues none (404); rejects with
 * an Error saying why for anything else (401 bad token, network failure, malformed answer).
 */
export async function fetchTurnCredentials(options: TurnCredentialsOptions): Promise<TurnCredentials | undefined> {
  const doFetch = options.fetch ?? globalThis.fetch;
  const response = await doFetch(turnCredentialsUrl(options), { cache: 'no-store' });
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`TURN credentials: the relay answered ${response.status}`);
  const body: unknown = await response.json();
  const { iceServers, ttl, expiresAt } = (body ?? {}) as Record<string, unknown>;
  if (!Array.isArray(iceServers) || !iceServers.every(isIceServer) || typeof ttl !== 'number' || typeof expiresAt !== 'number') {
    throw new Error('TURN credentials: the relay’s answer is malformed');
  }
  return { iceServers, ttl, expiresAt };
}

/** How long before expiry to fetch fresh credentials: a fifth of the lifetime, at least a minute. */
export function refreshDelayMs(credentials: TurnCredentials, nowMs: number): number {
  const margin = Math.max(60, credentials.ttl / 5) * 1000;
  return Math.max(1000, credentials.expiresAt * 1000 - margin - nowMs);
}

export interface TurnRefresherOptions extends TurnCredentialsOptions {
  /** Called with each new set (first fetch and every refresh). */
  onCredentials: (credentials: TurnCredentials) => void;
  /** Called when a fetch fails; the refresher tries again after `retryMs`. */
  onError?: (error: unknown) => void;
  /** Default 30 s. */
  retryMs?: number;
}

/**
 * Keeps credentials fresh: fetches on `start()`, again before each set expires, until `stop()`.
 * One timer at a time; `stop()` clears it and drops any fetch still in flight.
 */
export class TurnCredentialsRefresher {
  readonly #options: TurnRefresherOptions;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #generation = 0;
  #started: Promise<void> | undefined;

  constructor(options: TurnRefresherOptions) {
    this.#options = options;
  }

  /**
   * Starts fetching; resolves when the first fetch has settled (credentials, none, or an error
   * reported). Once started, it keeps its own schedule: starting again (every `connect()` of
   * a connected client) returns the same promise instead of fetching again.
   */
  start(): Promise<void> {
    return (this.#started ??= this.#fetch(this.#generation));
  }

  stop(): void {
    this.#started = undefined;
    this.#generation += 1;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  async #fetch(generation: number): Promise<void> {
    let delay: number;
    try {
      const credentials = await fetchTurnCredentials(this.#options);
      if (generation !== this.#generation) return; // stopped meanwhile: drop the stale answer
      if (credentials === undefined) return; // the relay issues none: nothing to refresh
      this.#options.onCredentials(credentials);
      delay = refreshDelayMs(credentials, Date.now());
    } catch (error) {
      if (generation !== this.#generation) return;
      this.#options.onError?.(error);
      delay = this.#options.retryMs ?? 30_000;
    }
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#fetch(generation);
    }, delay);
  }
}
