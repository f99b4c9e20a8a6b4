/**
 * One per user: owns the signaling transport, validates every incoming message, routes it
 * to its session, turns a new `call` into an `incoming` session (or a `busy` reject).
 */
import { resolveConfig, type CallConfig } from './config.js';
import { CallError } from './errors.js';
import { createLogger, type Logger, type LogSink } from './log.js';
import { CallSession, type SessionContext } from './call-session.js';
import { isValidUserId, parseSignalMessage, PROTOCOL_VERSION, type SignalMessage, type UserInfo } from './signaling/protocol.js';
import type { Transport } from './signaling/transport.js';
import { WebSocketTransport } from './signaling/websocket-transport.js';
import type { EndReason } from './states.js';
import { realClock, type Clock } from './timers.js';

/** Ended sessions remembered so a late re-sent `call` is answered, not rung again. */
const ENDED_SESSIONS_KEPT = 200;

export interface CallClientOptions {
  userId: string;
  /** A transport of your own (in-memory, BroadcastChannel, ...). */
  transport?: Transport;
  /** Or the relay's WebSocket URL: the client makes a `WebSocketTransport` for it. */
  signalingUrl?: string;
  /** Auth token for the relay (see server/auth.js). */
  token?: string;
  config?: Partial<CallConfig>;
  /** Allow more than one call at a time; by default a call arriving while busy is rejected with `busy`. */
  allowMultipleSessions?: boolean;
  clock?: Clock;
  logSink?: LogSink;
}

export interface IncomingDetail {
  session: CallSession;
  /** Who rang (the first offer for this session came from them). */
  from: string;
  userInfo?: UserInfo;
}

export interface CallClientEventMap {
  incoming: CustomEvent<IncomingDetail>;
  /** A call arrived while busy and was rejected with `busy`. */
  'missed-call': CustomEvent<{ from: string; sessionId: string; userInfo?: UserInfo }>;
  /** A message failed validation and was dropped. */
  'invalid-message': CustomEvent<{ from: string; reason: string }>;
}

export interface CreateSessionOptions {
  video?: boolean;
  audio?: boolean;
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- the interface only adds typed event-listener overloads
export interface CallClient {
  addEventListener<K extends keyof CallClientEventMap>(
    type: K,
    listener: (event: CallClientEventMap[K]) => void,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof CallClientEventMap>(
    type: K,
    listener: (event: CallClientEventMap[K]) => void,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- the interface only adds typed event-listener overloads
export class CallClient extends EventTarget {
  readonly userId: string;
  readonly config: CallConfig;
  readonly transport: Transport;
  readonly logger: Logger;
  #clock: Clock;
  #allowMultiple: boolean;
  #sessions = new Map<string, CallSession>();
  #ended = new Map<string, { type: 'reject' | 'hangUp'; reason: EndReason }>();
  #unsubscribe: () => void;
  #removePageHide: () => void = () => {};

  constructor(options: CallClientOptions) {
    super();
    if (!isValidUserId(options.userId)) {
      throw new CallError('invalid-argument', `userId must be 1-64 characters of A-Z a-z 0-9 _ . @ : -, got ${JSON.stringify(options.userId)}`);
    }
    this.userId = options.userId;
    const level = options.config?.logLevel ?? 'verbose';
    this.logger = createLogger(level, options.logSink);
    this.config = resolveConfig(options.config, this.logger);
    this.#clock = options.clock ?? realClock;
    this.#allowMultiple = options.allowMultipleSessions ?? false;
    if (options.transport) this.transport = options.transport;
    else if (options.signalingUrl) {
      this.transport = new WebSocketTransport({
        url: options.signalingUrl,
        userId: options.userId,
        logger: this.logger,
        ...(options.token ? { token: options.token } : {}),
      });
    } else throw new CallError('invalid-argument', 'CallClient needs a transport or a signalingUrl');
    this.#unsubscribe = this.transport.onMessage((from, raw) => this.#onMessage(from, raw));
    if (typeof window !== 'undefined') {
      // Closing or leaving the tab hangs up, so the other side hears it at once.
      const onPageHide = () => this.hangUpAll('page-hide');
      window.addEventListener('pagehide', onPageHide);
      this.#removePageHide = () => window.removeEventListener('pagehide', onPageHide);
    }
  }

  /** Resolves once signaling can deliver. */
  async connect(): Promise<void> {
    await this.transport.connect?.();
  }

  /** Sessions not yet closed. */
  get sessions(): CallSession[] {
    return [...this.#sessions.values()];
  }

  /** Starts a new outgoing call to 1–3 other users (a full mesh of up to 4 people). */
  createSession(opponents: string[], options: CreateSessionOptions = {}): CallSession {
    const unique = [...new Set(opponents)];
    if (unique.length === 0) throw new CallError('invalid-argument', 'a call needs at least one opponent');
    if (unique.length + 1 > this.config.maxParticipants) {
      throw new CallError('invalid-argument', `a call has at most ${this.config.maxParticipants} people (full mesh); got ${unique.length + 1}`);
    }
    const bad = unique.find((id) => !isValidUserId(id) || id === this.userId);
    if (bad !== undefined) throw new CallError('invalid-argument', `cannot call ${JSON.stringify(bad)}`);
    if (!this.#allowMultiple && this.#sessions.size > 0) {
      throw new CallError('busy', 'a call is already in progress; hang it up first (or set allowMultipleSessions)');
    }
    const video = options.video ?? true;
    return this.#track(
      new CallSession(
        { id: newSessionId(), initiator: this.userId, opponents: unique, callType: video ? 'video' : 'audio', media: { video, audio: options.audio ?? true } },
        this.#context(),
      ),
    );
  }

  hangUpAll(reason: EndReason = 'hang-up'): void {
    for (const session of this.sessions) session.hangUp({ reason });
  }

  /** Hangs up every call and closes signaling. */
  disconnect(): void {
    this.hangUpAll();
    this.#unsubscribe();
    this.#removePageHide();
    this.transport.close();
  }

  #context(): SessionContext {
    return {
      self: this.userId,
      config: this.config,
      clock: this.#clock,
      logger: this.logger,
      send: (to, message) => this.transport.send(to, message),
      onClosed: (session, reply) => {
        this.#sessions.delete(session.id);
        this.#remember(session.id, reply);
      },
    };
  }

  #track(session: CallSession): CallSession {
    this.#sessions.set(session.id, session);
    return session;
  }

  #remember(sessionId: string, entry: { type: 'reject' | 'hangUp'; reason: EndReason }): void {
    this.#ended.set(sessionId, entry);
    if (this.#ended.size > ENDED_SESSIONS_KEPT) this.#ended.delete(this.#ended.keys().next().value!);
  }

  #onMessage(from: string, raw: unknown): void {
    const parsed = parseSignalMessage(raw);
    if (!parsed.ok) {
      this.#drop(from, parsed.reason);
      return;
    }
    const message = parsed.message;
    const participants = [message.callerID, ...message.opponentsIDs];
    if (!participants.includes(from) || !participants.includes(this.userId)) {
      this.#drop(from, `"${message.type}" for session ${message.sessionID}, which does not include both ${from} and ${this.userId}`);
      return;
    }
    const session = this.#sessions.get(message.sessionID);
    if (session) {
      session.handleSignal(from, message);
      return;
    }
    const ended = this.#ended.get(message.sessionID);
    if (ended) {
      // They are still calling into a call that ended here: our last word was lost. Say it again.
      if (message.type === 'call') this.#reply(from, message, ended.type, ended.reason);
      else this.logger.info(`"${message.type}" from ${from} for ended session ${message.sessionID}; ignored`);
      return;
    }
    if (message.type !== 'call') {
      this.logger.info(`"${message.type}" from ${from} for unknown session ${message.sessionID}; ignored`);
      return;
    }
    if (!this.#allowMultiple && this.#sessions.size > 0) {
      this.logger.info(`call from ${from} while busy: rejected with "busy"`);
      this.#reply(from, message, 'reject', 'busy');
      this.#remember(message.sessionID, { type: 'reject', reason: 'busy' });
      this.#emit('missed-call', { from, sessionId: message.sessionID, ...(message.userInfo ? { userInfo: message.userInfo } : {}) });
      return;
    }
    const incoming = this.#track(
      new CallSession(
        {
          id: message.sessionID,
          initiator: message.callerID,
          opponents: message.opponentsIDs,
          callType: message.callType,
          media: { audio: true, video: message.callType === 'video' },
        },
        this.#context(),
      ),
    );
    incoming.handleSignal(from, message);
    if (incoming.state === 'closed') return;
    this.#emit('incoming', { session: incoming, from, ...(message.userInfo ? { userInfo: message.userInfo } : {}) });
  }

  #reply(to: string, about: SignalMessage, type: 'reject' | 'hangUp', reason: EndReason): void {
    this.transport.send(to, {
      version: PROTOCOL_VERSION,
      type,
      sessionID: about.sessionID,
      callerID: about.callerID,
      opponentsIDs: about.opponentsIDs,
      reason,
    });
  }

  #drop(from: string, reason: string): void {
    this.logger.warn(`dropped a signaling message from ${from}: ${reason}`);
    this.#emit('invalid-message', { from, reason });
  }

  #emit<K extends keyof CallClientEventMap>(name: K, detail: CallClientEventMap[K]['detail']): void {
    this.dispatchEvent(new CustomEvent(name, { detail }));
  }
}

function newSessionId(): string {
  return globalThis.crypto.randomUUID();
}
