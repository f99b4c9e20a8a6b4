import { createLogger } from '../log.js';
import type { Logger } from '../log.js';
import type { WirePayload } from './protocol.js';
import type { Transport, TransportStatus } from './transport.js';
import { TransportError } from './websocket-transport.js';
import { Listeners } from './listeners.js';

export interface BroadcastChannelTransportOptions {
  userId: string;
  /** Tabs that use the same name talk to each other. Default `meshcall`. */
  channelName?: string;
  logger?: Logger;
}

type MessageListener = (from: string, msg: unknown) => void;
type StatusListener = (status: TransportStatus, detail?: { reason?: string }) => void;

/**
 * Signaling between tabs (and workers) of one browser profile, over `BroadcastChannel`:
 * no server, handy for demos and local tests. Every frame `{from, to, msg}` reaches every
 * transport on the channel; each keeps only those addressed to its own user.
 *
 * Trust: unlike the relay, nobody vouches for `from` here: it is whatever the sending tab
 * declared. That is only acceptable because every party is same-origin code in the same
 * profile. Two tabs that use the same user ID both receive that user's messages.
 */
export class BroadcastChannelTransport implements Transport {
  readonly userId: string;
  readonly #channel: BroadcastChannel;
  readonly #logger: Logger;
  readonly #listeners = new AbortController();
  readonly #messageListeners = new Listeners<Parameters<MessageListener>>((error) => this.#logger.error(`${this.#describe()}: message listener threw`, error));
  readonly #statusListeners = new Listeners<Parameters<StatusListener>>((error) => this.#logger.error(`${this.#describe()}: status listener threw`, error));
  #closed = false;

  constructor(options: BroadcastChannelTransportOptions) {
    this.userId = options.userId;
    this.#logger = options.logger ?? createLogger();
    this.#channel = new BroadcastChannel(options.channelName ?? 'meshcall');
    const { signal } = this.#listeners;
    this.#channel.addEventListener('message', (event) => this.#onFrame(event.data), { signal });
    this.#channel.addEventListener('messageerror', () => this.#logger.warn(`${this.#describe()}: a frame could not be deserialized, dropped`), { signal });
  }

  /** 'open' until `close()`. */
  get status(): TransportStatus {
    return this.#closed ? 'closed' : 'open';
  }

  connect(): Promise<void> {
    if (this.#closed) return Promise.reject(new TransportError('closed', `${this.#describe()} is closed`));
    return Promise.resolve();
  }

  send(to: string, msg: WirePayload): void {
    if (this.#closed) {
      this.#logger.warn(`${this.#describe()} is closed: message to ${to} dropped`);
      return;
    }
    try {
      this.#channel.postMessage({ from: this.userId, to, msg });
    } catch (error) {
      this.#logger.warn(`${this.#describe()}: message to ${to} cannot be posted, dropped`, error);
    }
  }

  onMessage(cb: MessageListener): () => void {
    return this.#messageListeners.add(cb);
  }

  onStatus(cb: StatusListener): () => void {
    return this.#statusListeners.add(cb);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#listeners.abort();
    this.#channel.close();
    this.#statusListeners.emit('closed', { reason: 'closed' });
  }

  #onFrame(data: unknown): void {
    if (typeof data !== 'object' || data === null) return;
    const { from, to, msg } = data as { from?: unknown; to?: unknown; msg?: unknown };
    if (to !== this.userId) return;
    if (typeof from !== 'string' || from === '') {
      this.#logger.warn(`${this.#describe()}: frame without a sender, dropped`);
      return;
    }
    this.#messageListeners.emit(from, msg);
  }

  #describe(): string {
    return `broadcast-channel transport (${this.userId})`;
  }
}
