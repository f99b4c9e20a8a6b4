import type { Logger } from '../log.js';
import type { WirePayload } from './protocol.js';
import type { Transport, TransportStatus } from './transport.js';
import { TransportError } from './websocket-transport.js';
import { Listeners } from './listeners.js';

export interface MemoryNetworkOptions {
  /** Where dropped messages are reported; silent without one. */
  logger?: Logger;
}

type MessageListener = (from: string, msg: unknown) => void;
type StatusListener = (status: TransportStatus, detail?: { reason?: string }) => void;

/**
 * An in-page signaling network for unit tests and Storybook: every `transport(userId)`
 * is one user. Delivery is asynchronous (one macrotask, like a network), `from` is the
 * sender's user ID as registered (the network plays the relay), and messages are deep
 * copied so sender and receiver never share objects. Like the relay, registering a user
 * again closes that user's older transport with reason `replaced`.
 */
export class MemoryNetwork {
  readonly #transports = new Map<string, MemoryTransport>();
  readonly #pending = new Set<ReturnType<typeof setTimeout>>();
  readonly #logger: Logger | undefined;

  constructor(options: MemoryNetworkOptions = {}) {
    this.#logger = options.logger;
  }

  /** Creates and registers the transport of `userId`. */
  transport(userId: string): Transport {
    this.#transports.get(userId)?.end('replaced');
    const transport = new MemoryTransport(userId, {
      deliver: (to, msg) => this.#deliver(userId, to, msg),
      unregister: () => {
        if (this.#transports.get(userId) === transport) this.#transports.delete(userId);
      },
      logger: this.#logger,
    });
    this.#transports.set(userId, transport);
    return transport;
  }

  /** Closes every transport and drops messages still in flight. */
  close(): void {
    for (const timer of this.#pending) clearTimeout(timer);
    this.#pending.clear();
    for (const transport of [...this.#transports.values()]) transport.close();
  }

  #deliver(from: string, to: string, msg: WirePayload): void {
    let copy: unknown;
    try {
      copy = structuredClone(msg);
    } catch (error) {
      this.#logger?.warn(`memory transport: ${from} → ${to}: message cannot be copied, dropped`, error);
      return;
    }
    const timer = setTimeout(() => {
      this.#pending.delete(timer);
      // Looked up on arrival: a user who left meanwhile does not get it.
      const target = this.#transports.get(to);
      if (target) target.receive(from, copy);
      else this.#logger?.info(`memory transport: ${to} is not connected, message from ${from} dropped`);
    }, 0);
    this.#pending.add(timer);
  }
}

interface MemoryLink {
  deliver(to: string, msg: WirePayload): void;
  unregister(): void;
  logger: Logger | undefined;
}

class MemoryTransport implements Transport {
  readonly userId: string;
  readonly #link: MemoryLink;
  readonly #messageListeners = new Listeners<Parameters<MessageListener>>((error) =>
    this.#link.logger?.error('memory transport: message listener threw', error),
  );
  readonly #statusListeners = new Listeners<Parameters<StatusListener>>((error) => this.#link.logger?.error('memory transport: status listener threw', error));
  #closed = false;

  constructor(userId: string, link: MemoryLink) {
    this.userId = userId;
    this.#link = link;
  }

  send(to: string, msg: WirePayload): void {
    if (this.#closed) {
      this.#link.logger?.warn(`memory transport: ${this.userId} is closed, message to ${to} dropped`);
      return;
    }
    this.#link.deliver(to, msg);
  }

  onMessage(cb: MessageListener): () => void {
    return this.#messageListeners.add(cb);
  }

  onStatus(cb: StatusListener): () => void {
    return this.#statusListeners.add(cb);
  }

  connect(): Promise<void> {
    if (this.#closed) return Promise.reject(new TransportError('closed', `memory transport: ${this.userId} is closed`));
    return Promise.resolve();
  }

  close(): void {
    this.end('closed');
  }

  /** Called by the network. */
  receive(from: string, msg: unknown): void {
    this.#messageListeners.emit(from, msg);
  }

  /** Called by the network when the same user registers again, and by `close()`. */
  end(reason: 'closed' | 'replaced'): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#link.unregister();
    this.#statusListeners.emit('closed', { reason });
  }
}
