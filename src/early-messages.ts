/**
 * Messages that overtook their session's `call` (signaling does not restore order): kept
 * briefly per session, replayed when the `call` arrives. Bounded in time, sessions and
 * messages per session, so a stranger cannot grow it.
 */
import type { SignalMessage } from './signaling/protocol.js';

export interface EarlyMessage {
  from: string;
  message: SignalMessage;
  at: number;
}

export const EARLY_LIMITS = { keepMs: 15_000, sessions: 32, perSession: 64 } as const;

export class EarlyMessages {
  readonly #bySession = new Map<string, EarlyMessage[]>();

  /** Keeps one message; false if its session already holds too many (then it is dropped). */
  keep(from: string, message: SignalMessage, now: number): boolean {
    for (const [id, list] of this.#bySession) if (now - (list[0]?.at ?? now) > EARLY_LIMITS.keepMs) this.#bySession.delete(id);
    const list = this.#bySession.get(message.sessionID) ?? [];
    if (list.length >= EARLY_LIMITS.perSession) return false;
    list.push({ from, message, at: now });
    this.#bySession.set(message.sessionID, list);
    if (this.#bySession.size > EARLY_LIMITS.sessions) this.#bySession.delete(this.#bySession.keys().next().value!);
    return true;
  }

  /** The messages kept for `sessionId` that are still fresh; forgets them. */
  take(sessionId: string, now: number): EarlyMessage[] {
    const list = this.#bySession.get(sessionId) ?? [];
    this.#bySession.delete(sessionId);
    return list.filter((item) => now - item.at <= EARLY_LIMITS.keepMs);
  }
}
