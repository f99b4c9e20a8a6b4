import type { WirePayload } from './protocol.js';

/**
 * Carries signaling messages between users. `from` on incoming messages is set by the
 * carrier (the relay stamps the authenticated user), never taken from the message body.
 * Incoming messages are delivered unvalidated (`unknown`): `CallClient` validates them.
 */
export interface Transport {
  /** Sends `msg` to user `to`. Never throws for a closed or reconnecting transport: it queues or drops with a log line. */
  send(to: string, msg: WirePayload): void;
  /** Subscribes to incoming messages; returns the unsubscribe function. */
  onMessage(cb: (from: string, msg: unknown) => void): () => void;
  /** Resolves once the transport can deliver (a no-op for in-page transports). */
  connect?(): Promise<void>;
  /** Subscribes to transport status changes ('connecting' | 'open' | 'closed'); returns the unsubscribe function. */
  onStatus?(cb: (status: TransportStatus, detail?: { reason?: string }) => void): () => void;
  close(): void;
}

export type TransportStatus = 'connecting' | 'open' | 'closed';
