// A transport wrapper for tests: records what arrives and what is sent, and lets a test inject raw input as
// if it had come off the wire (for fuzzing a client in a live call).
import type { WirePayload } from '../../src/signaling/protocol.js';
import type { Transport, TransportStatus } from '../../src/signaling/transport.js';

export class TapTransport implements Transport {
  readonly received: { from: string; msg: unknown }[] = [];
  readonly sent: { to: string; msg: WirePayload }[] = [];
  #listeners = new Set<(from: string, msg: unknown) => void>();
  #unsubscribe: () => void;

  constructor(private readonly inner: Transport) {
    this.#unsubscribe = inner.onMessage((from, msg) => {
      this.received.push({ from, msg });
      this.inject(from, msg);
    });
  }

  inject(from: string, msg: unknown): void {
    for (const listener of this.#listeners) listener(from, msg);
  }

  send(to: string, msg: WirePayload): void {
    this.sent.push({ to, msg });
    this.inner.send(to, msg);
  }

  onMessage(cb: (from: string, msg: unknown) => void): () => void {
    this.#listeners.add(cb);
    return () => this.#listeners.delete(cb);
  }

  connect(): Promise<void> {
    return this.inner.connect?.() ?? Promise.resolve();
  }

  onStatus(cb: (status: TransportStatus, detail?: { reason?: string }) => void): () => void {
    return this.inner.onStatus?.(cb) ?? (() => {});
  }

  close(): void {
    this.#unsubscribe();
    this.#listeners.clear();
    this.inner.close();
  }
}
