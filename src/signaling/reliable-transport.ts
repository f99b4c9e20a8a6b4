/**
 * At-least-once delivery with de-duplication over any Transport: every signaling message
 * goes out in a `frame` with a sequence number per (peer, session); the receiver acks each
 * frame; the sender re-sends unacknowledged frames with backoff until acked or the peer is
 * given up on. So a dropped `hangUp`, `accept`, `update` or candidate batch still arrives,
 * and a duplicated one arrives once. Order is not restored (no head-of-line blocking): the
 * session and the client tolerate reordering (see CallClient's early-message buffer).
 * Anything that is not a frame or an ack is passed through untouched for validation.
 */
import type { Logger } from '../log.js';
import type { Clock, TimerHandle } from '../timers.js';
import { PROTOCOL_VERSION, type SignalMessage, type WirePayload } from './protocol.js';
import { ReplyBudget, type ReplyBudgetOptions } from './reply-budget.js';
import type { Transport, TransportStatus } from './transport.js';

export interface RetryOptions {
  /** First re-send after this many ms without an ack. Default 400. */
  initialMs?: number;
  /** Longest wait between re-sends. Default 2000. */
  maxMs?: number;
  /** Sends of one frame before the peer is given up on. Default 8 (about 11 s). */
  maxAttempts?: number;
}

export interface ReliableTransportOptions {
  clock: Clock;
  logger: Logger;
  retry?: RetryOptions;
  /**
   * Whether `from` is in a live session `sessionId` with us. Acks and `reply()`s to anyone
   * else are bounded by `replyBudget`. Default: everyone is (no budget).
   */
  inSession?: (from: string, sessionId: string) => boolean;
  replyBudget?: ReplyBudgetOptions;
}

interface Outstanding {
  to: string;
  frame: WirePayload;
  attempts: number;
  dueAt: number;
}

/** Received sequence numbers per stream: everything ≤ floor, plus the set above it. */
interface Seen {
  floor: number;
  above: Set<number>;
}

const MAX_STREAMS = 512;
const MAX_SEEN_ABOVE_FLOOR = 256;
const MAX_OUTSTANDING = 1024;

export class ReliableTransport implements Transport {
  #inner: Transport;
  #clock: Clock;
  #logger: Logger;
  #retry: Required<RetryOptions>;
  #nextSeq = new Map<string, number>();
  #outstanding = new Map<string, Outstanding>();
  #seen = new Map<string, Seen>();
  #timer: TimerHandle | undefined;
  #timerAt = Infinity;
  #listeners = new Set<(from: string, msg: unknown) => void>();
  #unsubscribe: () => void;
  #closed = false;
  #budget: ReplyBudget;
  #inSession: (from: string, sessionId: string) => boolean;

  constructor(inner: Transport, options: ReliableTransportOptions) {
    this.#inner = inner;
    this.#clock = options.clock;
    this.#logger = options.logger;
    this.#retry = { initialMs: 400, maxMs: 2000, maxAttempts: 8, ...options.retry };
    this.#budget = new ReplyBudget(options.clock, options.replyBudget);
    this.#inSession = options.inSession ?? (() => true);
    this.#unsubscribe = inner.onMessage((from, raw) => this.#receive(from, raw));
  }

  /** Frames sent and not yet acknowledged. */
  get unacknowledged(): number {
    return this.#outstanding.size;
  }

  send(to: string, msg: WirePayload): void {
    if (this.#closed) {
      this.#logger.warn(`signaling is closed; dropped "${msg.type}" to ${to}`);
      return;
    }
    if (msg.type === 'frame' || msg.type === 'ack') {
      this.#inner.send(to, msg);
      return;
    }
    const stream = msg.sessionID;
    const key = streamKey(to, stream);
    const seq = (this.#nextSeq.get(key) ?? 0) + 1;
    this.#nextSeq.set(key, seq);
    trim(this.#nextSeq, MAX_STREAMS);
    const frame: WirePayload = { version: PROTOCOL_VERSION, type: 'frame', stream, seq, msg };
    if (this.#outstanding.size >= MAX_OUTSTANDING) {
      const oldest = this.#outstanding.keys().next().value!;
      this.#logger.warn(`too many unacknowledged signaling messages; giving up on the oldest (${oldest})`);
      this.#outstanding.delete(oldest);
    }
    this.#outstanding.set(`${key}\n${seq}`, { to, frame, attempts: 1, dueAt: this.#clock.now() + this.#retry.initialMs });
    this.#inner.send(to, frame);
    this.#schedule();
  }

  /**
   * An answer this side did not choose (busy, glare, "that call has ended"): sent once,
   * unframed (never re-sent: the caller's own re-dialing asks again if it is lost), and
   * only within the reply budget. Returns false when the budget withheld it.
   */
  reply(to: string, msg: SignalMessage): boolean {
    if (this.#closed) return false;
    if (!this.#withinBudget(to, msg.sessionID)) return false;
    this.#inner.send(to, msg);
    return true;
  }

  onMessage(cb: (from: string, msg: unknown) => void): () => void {
    this.#listeners.add(cb);
    return () => this.#listeners.delete(cb);
  }

  connect(): Promise<void> {
    return this.#inner.connect?.() ?? Promise.resolve();
  }

  onStatus(cb: (status: TransportStatus, detail?: { reason?: string }) => void): () => void {
    return this.#inner.onStatus?.(cb) ?? (() => {});
  }

  close(): void {
    this.#closed = true;
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#outstanding.clear();
    this.#unsubscribe();
    this.#listeners.clear();
    this.#inner.close();
  }

  #receive(from: string, raw: unknown): void {
    const envelope = asEnvelope(raw);
    if (envelope?.type === 'ack') {
      this.#outstanding.delete(`${streamKey(from, envelope.stream)}\n${envelope.seq}`);
      return;
    }
    if (envelope?.type !== 'frame') {
      this.#deliver(from, raw);
      return;
    }
    try {
      if (this.#markSeen(streamKey(from, envelope.stream), envelope.seq)) this.#deliver(from, envelope.msg);
      else this.#logger.info(`frame ${envelope.seq} of ${envelope.stream} from ${from} arrived again; ignored`);
    } finally {
      // Ack every copy: if our ack was lost, the sender is still re-sending. Someone we have no
      // live session with gets acks only within the reply budget (they re-send; we de-duplicate).
      // After the message is handled, not before: nobody waits for an ack, and the offer or
      // answer it carries is the call's critical path. (A new call's session exists by now,
      // so its caller is answered as a peer.)
      if (this.#withinBudget(from, envelope.stream)) {
        this.#inner.send(from, { version: PROTOCOL_VERSION, type: 'ack', stream: envelope.stream, seq: envelope.seq });
      }
    }
  }

  /** Peers of a live session are answered freely; anyone else within the reply budget. */
  #withinBudget(to: string, sessionId: string): boolean {
    if (this.#inSession(to, sessionId)) return true;
    const before = this.#budget.withheld;
    if (this.#budget.take(to)) return true;
    // Logged once per burst of withheld answers, not once per answer.
    if (before === 0 || before % 100 === 0) this.#logger.info(`automatic answers to ${to} are over budget; withholding (${before + 1} so far)`);
    return false;
  }

  #deliver(from: string, msg: unknown): void {
    for (const listener of this.#listeners) listener(from, msg);
  }

  /** True the first time a sequence number is seen on a stream. */
  #markSeen(key: string, seq: number): boolean {
    let seen = this.#seen.get(key);
    if (!seen) {
      seen = { floor: 0, above: new Set() };
      this.#seen.set(key, seen);
      trim(this.#seen, MAX_STREAMS);
    }
    if (seq <= seen.floor || seen.above.has(seq)) return false;
    seen.above.add(seq);
    while (seen.above.delete(seen.floor + 1)) seen.floor += 1;
    if (seen.above.size > MAX_SEEN_ABOVE_FLOOR) {
      // A long gap (a frame the sender gave up on): move the floor past it.
      seen.floor = Math.min(...seen.above);
      seen.above.delete(seen.floor);
      while (seen.above.delete(seen.floor + 1)) seen.floor += 1;
    }
    return true;
  }

  #schedule(): void {
    let next = Infinity;
    for (const item of this.#outstanding.values()) next = Math.min(next, item.dueAt);
    if (next === Infinity || next >= this.#timerAt) return;
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timerAt = next;
    this.#timer = this.#clock.setTimeout(() => this.#resendDue(), Math.max(0, next - this.#clock.now()));
  }

  #resendDue(): void {
    this.#timer = undefined;
    this.#timerAt = Infinity;
    const now = this.#clock.now();
    for (const [id, item] of this.#outstanding) {
      if (item.dueAt > now) continue;
      if (item.attempts >= this.#retry.maxAttempts) {
        this.#outstanding.delete(id);
        const msg = (item.frame as { msg?: SignalMessage }).msg;
        this.#logger.warn(`no ack from ${item.to} after ${item.attempts} sends of "${msg?.type}"; giving up on it`);
        continue;
      }
      item.attempts += 1;
      item.dueAt = now + Math.min(this.#retry.maxMs, this.#retry.initialMs * 2 ** (item.attempts - 1));
      this.#inner.send(item.to, item.frame);
    }
    this.#schedule();
  }
}

function streamKey(peer: string, stream: string): string {
  return `${peer}\n${stream}`;
}

function trim<K, V>(map: Map<K, V>, max: number): void {
  while (map.size > max) map.delete(map.keys().next().value!);
}

type Envelope = { type: 'frame'; stream: string; seq: number; msg: unknown } | { type: 'ack'; stream: string; seq: number };

/** A well-formed frame or ack, or undefined (then the value is passed on for validation). */
function asEnvelope(raw: unknown): Envelope | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { version, type, stream, seq } = raw as Record<string, unknown>;
  if (version !== PROTOCOL_VERSION || (type !== 'frame' && type !== 'ack')) return undefined;
  if (typeof stream !== 'string' || stream.length === 0 || stream.length > 64) return undefined;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) return undefined;
  if (type === 'ack') return { type, stream, seq };
  return { type, stream, seq, msg: (raw as { msg?: unknown }).msg };
}
