import { createLogger } from '../log.js';
import type { Logger } from '../log.js';
import type { WirePayload } from './protocol.js';
import type { Transport, TransportStatus } from './transport.js';
import { Listeners } from './listeners.js';
import { isRecord } from '../is-record.js';

export type TransportErrorCode = 'connect-failed' | 'replaced' | 'closed';

/** Why a transport could not connect, or stopped for good. */
export class TransportError extends Error {
  readonly code: TransportErrorCode;

  constructor(code: TransportErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TransportError';
    this.code = code;
  }
}

export interface BackoffOptions {
  /** Ceiling of the first retry delay. Default 250. */
  initialMs?: number;
  /** Largest ceiling. Default 5000. */
  maxMs?: number;
  /** Growth of the ceiling per failed attempt. Default 2. */
  factor?: number;
}

export interface WebSocketTransportOptions {
  /** The relay endpoint, e.g. `wss://example.com/signal`; relative and http(s) URLs are resolved against the page. */
  url: string;
  userId: string;
  /** Relay access token (optional for a relay in dev mode). */
  token?: string;
  logger?: Logger;
  backoff?: BackoffOptions;
  /** Most outgoing messages kept while not connected; the oldest is dropped past it. Default 256. */
  maxQueue?: number;
}

/** Close code the relay sends to an older connection when the same user connects again. */
export const CLOSE_REPLACED = 4000;

/**
 * Exponential backoff with full jitter: a random delay in [0, min(maxMs, initialMs · factor^attempt)].
 * Written here rather than taken from npm: the small backoff packages there are unmaintained
 * CommonJS (backo2, 2015) or retry-a-promise helpers, and this is three lines.
 */
export function backoffDelay(attempt: number, backoff: Required<BackoffOptions>, random: () => number = Math.random): number {
  const ceiling = Math.min(backoff.maxMs, backoff.initialMs * backoff.factor ** attempt);
  return Math.round(random() * ceiling);
}

type MessageListener = (from: string, msg: unknown) => void;
type StatusListener = (status: TransportStatus, detail?: { reason?: string }) => void;

/**
 * - `idle`: never connected, or the first attempt failed (`connect()` may try again);
 * - `connecting`: a socket is opening; `waiting`: a reconnect timer is pending;
 * - `open`; `ended`: closed by `close()` or replaced by another connection of the user (final).
 */
type Phase = 'idle' | 'connecting' | 'waiting' | 'open' | 'ended';

/**
 * The relay transport: JSON frames over one WebSocket, `{to, msg}` out and `{from, msg}`
 * in, with `from` stamped by the relay. After the first successful open it reconnects by
 * itself (exponential backoff with full jitter) and queues outgoing messages meanwhile,
 * flushing them in order on reopen. Delivery is at most once: a message the socket had
 * accepted just before a drop may be lost.
 */
export class WebSocketTransport implements Transport {
  readonly userId: string;
  readonly #url: string;
  readonly #token: string | undefined;
  readonly #logger: Logger;
  readonly #backoff: Required<BackoffOptions>;
  readonly #maxQueue: number;

  readonly #messageListeners = new Listeners<Parameters<MessageListener>>((error) => this.#logger.error(`${this.#describe()}: message listener threw`, error));
  readonly #statusListeners = new Listeners<Parameters<StatusListener>>((error) => this.#logger.error(`${this.#describe()}: status listener threw`, error));
  #waiters: Array<{ resolve: () => void; reject: (error: TransportError) => void }> = [];
  #queue: string[] = [];

  #phase: Phase = 'idle';
  #status: TransportStatus = 'closed';
  #socket: WebSocket | undefined;
  /** Removes the current socket's listeners. */
  #detachSocket: (() => void) | undefined;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #endCode: 'closed' | 'replaced' = 'closed';
  #everOpened = false;
  #openedAt = 0;
  /** Failed attempts since the last stable connection; drives the backoff. */
  #attempt = 0;

  constructor(options: WebSocketTransportOptions) {
    this.userId = options.userId;
    this.#url = options.url;
    this.#token = options.token;
    this.#logger = options.logger ?? createLogger();
    this.#backoff = {
      initialMs: Math.max(0, options.backoff?.initialMs ?? 250),
      maxMs: Math.max(0, options.backoff?.maxMs ?? 5000),
      factor: Math.max(1, options.backoff?.factor ?? 2),
    };
    this.#maxQueue = Math.max(0, Math.floor(options.maxQueue ?? 256));
  }

  /** 'closed' before the first `connect()`, after a failed first attempt, and after `close()`. */
  get status(): TransportStatus {
    return this.#status;
  }

  /**
   * Resolves once the socket is open. Rejects with `TransportError` code `connect-failed` if the
   * first attempt closes before opening (call again to retry), `replaced` or `closed` once ended.
   * While reconnecting, it waits for the reconnection (and makes it happen now rather than after the delay).
   */
  connect(): Promise<void> {
    if (this.#phase === 'open') return Promise.resolve();
    if (this.#phase === 'ended') {
      return Promise.reject(new TransportError(this.#endCode, `${this.#describe()} is closed (${this.#endCode})`));
    }
    const opened = new Promise<void>((resolve, reject) => this.#waiters.push({ resolve, reject }));
    if (this.#phase === 'waiting') this.#clearReconnectTimer();
    if (this.#phase !== 'connecting') this.#open();
    return opened;
  }

  send(to: string, msg: WirePayload): void {
    const what = `${String((msg as { type?: unknown } | null)?.type)} to ${to}`;
    if (this.#phase === 'ended') {
      this.#logger.warn(`${this.#describe()} is closed: ${what} dropped`);
      return;
    }
    let frame: string;
    try {
      frame = JSON.stringify({ to, msg });
    } catch (error) {
      this.#logger.warn(`${this.#describe()}: ${what} cannot be serialized, dropped`, error);
      return;
    }
    if (this.#phase === 'open' && this.#socket?.readyState === WebSocket.OPEN) {
      this.#socket.send(frame);
      return;
    }
    if (this.#maxQueue === 0) {
      this.#logger.warn(`${this.#describe()} is not open and queueing is off: ${what} dropped`);
      return;
    }
    if (this.#queue.length >= this.#maxQueue) {
      this.#queue.shift();
      this.#logger.warn(`${this.#describe()}: send queue full (${this.#maxQueue}), oldest message dropped`);
    }
    this.#queue.push(frame);
  }

  onMessage(cb: MessageListener): () => void {
    return this.#messageListeners.add(cb);
  }

  onStatus(cb: StatusListener): () => void {
    return this.#statusListeners.add(cb);
  }

  /** Stops for good: no reconnect, timers cleared, socket closed, queued messages dropped. */
  close(): void {
    if (this.#phase === 'ended') return;
    const socket = this.#socket;
    this.#releaseSocket();
    if (socket && socket.readyState !== WebSocket.CLOSING && socket.readyState !== WebSocket.CLOSED) {
      socket.close(1000, 'closed by client');
    }
    this.#end('closed', `${this.#describe()} closed`);
  }

  #open(): void {
    this.#phase = 'connecting';
    this.#setStatus('connecting');
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.#socketUrl());
    } catch (error) {
      // A malformed URL: no retry can fix that.
      this.#logger.error(`${this.#describe()}: cannot open a WebSocket to ${this.#url}`, error);
      this.#onClose(1006, 'invalid URL');
      return;
    }
    const listeners = new AbortController();
    const { signal } = listeners;
    socket.addEventListener('open', () => this.#onOpen(), { signal });
    socket.addEventListener('message', (event) => this.#onFrame(event.data), { signal });
    socket.addEventListener('error', () => this.#logger.info(`${this.#describe()}: socket error`), { signal });
    socket.addEventListener('close', (event) => this.#onClose(event.code, event.reason), { signal });
    this.#socket = socket;
    this.#detachSocket = () => listeners.abort();
  }

  #onOpen(): void {
    this.#phase = 'open';
    this.#everOpened = true;
    this.#openedAt = performance.now();
    const queued = this.#queue;
    this.#queue = [];
    if (queued.length > 0) this.#logger.info(`${this.#describe()}: open, sending ${queued.length} queued message(s)`);
    for (const frame of queued) this.#socket?.send(frame);
    this.#setStatus('open');
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) waiter.resolve();
  }

  #onClose(code: number, reason: string): void {
    const wasOpen = this.#phase === 'open';
    this.#releaseSocket();
    if (code === CLOSE_REPLACED) {
      this.#end('replaced', `${this.#describe()} was replaced by a newer connection of the same user`);
      return;
    }
    if (!this.#everOpened) {
      this.#phase = 'idle';
      this.#setStatus('closed', 'connect-failed');
      this.#rejectWaiters(new TransportError('connect-failed', `${this.#describe()} could not connect (code ${code})`));
      return;
    }
    // A connection that stayed up a while starts the backoff over; a flapping one keeps growing it.
    if (wasOpen && performance.now() - this.#openedAt >= this.#backoff.maxMs) this.#attempt = 0;
    const delay = backoffDelay(this.#attempt, this.#backoff);
    this.#attempt += 1;
    this.#phase = 'waiting';
    const why = `connection lost (code ${code}${reason ? `, ${reason}` : ''})`;
    this.#logger.info(`${this.#describe()}: ${why}, reconnecting in ${delay} ms`);
    this.#setStatus('connecting', why);
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined;
      if (this.#phase === 'waiting') this.#open();
    }, delay);
  }

  #onFrame(data: unknown): void {
    if (typeof data !== 'string') {
      this.#logger.warn(`${this.#describe()}: binary frame from the relay dropped`);
      return;
    }
    let frame: unknown;
    try {
      frame = JSON.parse(data);
    } catch {
      this.#logger.warn(`${this.#describe()}: frame from the relay is not JSON, dropped`);
      return;
    }
    if (!isRecord(frame)) {
      this.#logger.warn(`${this.#describe()}: unexpected frame from the relay, dropped`);
      return;
    }
    if ('error' in frame) {
      this.#onRelayError(frame.error);
      return;
    }
    const { from } = frame;
    if (typeof from !== 'string' || from === '' || !('msg' in frame)) {
      this.#logger.warn(`${this.#describe()}: unexpected frame from the relay, dropped`);
      return;
    }
    this.#messageListeners.emit(from, frame.msg);
  }

  #onRelayError(error: unknown): void {
    const notice = isRecord(error) ? error : {};
    const code = typeof notice.code === 'string' ? notice.code : 'unknown';
    const message = typeof notice.message === 'string' ? notice.message : '';
    if (code === 'not-connected') {
      const to = typeof notice.to === 'string' ? notice.to : 'the recipient';
      this.#logger.info(`${this.#describe()}: ${to} is not connected to the relay; message dropped`);
    } else {
      this.#logger.warn(`${this.#describe()}: relay error ${code}${message ? `: ${message}` : ''}`);
    }
  }

  #end(code: 'closed' | 'replaced', message: string): void {
    this.#phase = 'ended';
    this.#endCode = code;
    this.#clearReconnectTimer();
    if (this.#queue.length > 0) this.#logger.warn(`${this.#describe()}: ${this.#queue.length} queued message(s) dropped`);
    this.#queue = [];
    if (code === 'replaced') this.#logger.warn(message);
    this.#setStatus('closed', code);
    this.#rejectWaiters(new TransportError(code, message));
  }

  #releaseSocket(): void {
    this.#detachSocket?.();
    this.#detachSocket = undefined;
    this.#socket = undefined;
  }

  #clearReconnectTimer(): void {
    if (this.#reconnectTimer !== undefined) clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = undefined;
  }

  #rejectWaiters(error: TransportError): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) waiter.reject(error);
  }

  #setStatus(status: TransportStatus, reason?: string): void {
    if (status === this.#status) return;
    this.#status = status;
    const detail = reason === undefined ? undefined : { reason };
    this.#statusListeners.emit(status, detail);
  }

  #socketUrl(): string {
    const base = typeof location === 'undefined' ? undefined : location.href;
    const url = new URL(this.#url, base);
    if (url.protocol === 'http:') url.protocol = 'ws:';
    else if (url.protocol === 'https:') url.protocol = 'wss:';
    url.searchParams.set('user', this.userId);
    if (this.#token !== undefined) url.searchParams.set('token', this.#token);
    return url.href;
  }

  #describe(): string {
    return `websocket transport (${this.userId})`;
  }
}
