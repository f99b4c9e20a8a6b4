/**
 * One per user: owns the signaling transport, validates every incoming message, routes it
 * to its session, turns a new `call` into an `incoming` session (or a `busy` reject).
 */
import { resolveConfig, type CallConfig } from './config.js';
import { CallError } from './errors.js';
import { createLogger, type Logger, type LogSink } from './log.js';
import { CallSession, type SessionContext } from './call-session.js';
import { isValidUserId, parseSignalMessage, PROTOCOL_VERSION, type SignalMessage, type UserInfo } from './signaling/protocol.js';
import type { Transport, TransportStatus } from './signaling/transport.js';
import { ReliableTransport } from './signaling/reliable-transport.js';
import { WebSocketTransport } from './signaling/websocket-transport.js';
import type { EndReason } from './states.js';
import { realClock, type Clock } from './timers.js';

/** Ended sessions remembered so a late re-sent `call` is answered, not rung again. */
const ENDED_SESSIONS_KEPT = 200;
/** Messages that overtook their session's `call` are kept this long, for so many sessions. */
const EARLY_KEEP_MS = 15_000;
const EARLY_SESSIONS = 32;
const EARLY_PER_SESSION = 64;

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
  /**
   * Set when this side was calling the same people at the same moment (glare): both sides
   * keep the one call with the lower session ID, and this side is already accepting it.
   */
  autoAccepted?: true;
}

export interface CallClientEventMap {
  incoming: CustomEvent<IncomingDetail>;
  /** A call arrived while busy and was rejected with `busy`. */
  'missed-call': CustomEvent<{ from: string; sessionId: string; userInfo?: UserInfo }>;
  /** A message failed validation and was dropped. */
  'invalid-message': CustomEvent<{ from: string; reason: string }>;
  /**
   * Signaling went down, came back, or ended. `reason: 'replaced'` with `status: 'closed'`:
   * this user connected again elsewhere (another tab or device); this client stays
   * disconnected (no reconnect) and receives no more calls.
   */
  'signaling-status': CustomEvent<{ status: TransportStatus; reason?: string }>;
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
  readonly transport: ReliableTransport;
  readonly logger: Logger;
  #clock: Clock;
  #allowMultiple: boolean;
  #sessions = new Map<string, CallSession>();
  #ended = new Map<string, { type: 'reject' | 'hangUp'; reason: EndReason }>();
  #early = new Map<string, { from: string; message: SignalMessage; at: number }[]>();
  /** Sessions this side accepted by itself to settle glare; they may give way to a lower session ID. */
  #glareAccepted = new WeakSet<CallSession>();
  /** After losing glare: the people (sorted, joined) whose winning call is auto-accepted, until a time. */
  #glareExpected: { people: string; until: number } | undefined;
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
    let carrier: Transport;
    if (options.transport) carrier = options.transport;
    else if (options.signalingUrl) {
      carrier = new WebSocketTransport({
        url: options.signalingUrl,
        userId: options.userId,
        logger: this.logger,
        ...(options.token ? { token: options.token } : {}),
      });
    } else throw new CallError('invalid-argument', 'CallClient needs a transport or a signalingUrl');
    // Every message is acknowledged and re-sent until it is: a lost hang-up still arrives.
    this.transport = new ReliableTransport(carrier, {
      clock: this.#clock,
      logger: this.logger,
      inSession: (from, sessionId) => this.#sessions.get(sessionId)?.peers.includes(from) ?? false,
    });
    const stopMessages = this.transport.onMessage((from, raw) => this.#onMessage(from, raw));
    const stopStatus = this.transport.onStatus((status, detail) => {
      if (status === 'closed' && detail?.reason === 'replaced') this.logger.warn(`${this.userId} connected again elsewhere; this client no longer receives calls`);
      this.#emit('signaling-status', { status, ...(detail?.reason ? { reason: detail.reason } : {}) });
    });
    this.#unsubscribe = () => {
      stopMessages();
      stopStatus();
    };
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
    session.addEventListener('rejected', (event) => {
      // Someone keeps another call with the same people (glare): leave this one and
      // take theirs when it rings.
      if (event.detail.reason !== 'glare') return;
      if (session.direction !== 'outgoing' && !this.#glareAccepted.has(session)) return;
      this.#expectGlareWinner(peopleKey(session.initiator, session.opponents));
      session.hangUp({ reason: 'glare' });
    });
    session.addEventListener('connection-state-change', () => {
      // Glare is settled once a call with those people has everyone connected: a later
      // call between them rings again.
      const people = peopleKey(session.initiator, session.opponents);
      if (this.#glareExpected?.people === people && session.peers.every((id) => session.connectionState(id) === 'connected')) {
        this.#glareExpected = undefined;
      }
    });
    return session;
  }

  /** Until glare settles, a call from these people is joined without ringing. */
  #expectGlareWinner(people: string): void {
    this.#glareExpected = { people, until: this.#clock.now() + this.config.answerTimeInterval * 1000 };
  }

  /**
   * A call that this side started or took to settle glare, not yet connected to everyone:
   * it gives way to a call with the same people and a lower session ID.
   */
  #yieldsToGlare(session: CallSession): boolean {
    if (session.state === 'closed') return false;
    if (session.direction !== 'outgoing' && !this.#glareAccepted.has(session)) return false;
    return session.peers.some((id) => session.connectionState(id) !== 'connected');
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
      this.#keepEarly(from, message);
      return;
    }
    const people = peopleKey(message.callerID, message.opponentsIDs);
    const rival = this.sessions.find((s) => peopleKey(s.initiator, s.opponents) === people && this.#yieldsToGlare(s));
    let autoAccept = false;
    if (rival) {
      // Glare: the same people are calling each other at once. Everyone keeps the call
      // with the lowest session ID, so all sides settle on the same one.
      if (rival.id < message.sessionID) {
        this.logger.info(`glare with ${from}: keeping session ${rival.id}, declining ${message.sessionID}`);
        this.#reply(from, message, 'reject', 'glare');
        this.#remember(message.sessionID, { type: 'reject', reason: 'glare' });
        return;
      }
      this.logger.info(`glare with ${from}: leaving session ${rival.id} for ${message.sessionID}`);
      this.#expectGlareWinner(people);
      rival.hangUp({ reason: 'glare' });
      autoAccept = true;
    } else if (this.#glareExpected && this.#glareExpected.people === people && this.#clock.now() < this.#glareExpected.until) {
      autoAccept = true;
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
    for (const early of this.#takeEarly(message.sessionID)) incoming.handleSignal(early.from, early.message);
    if (incoming.state === 'closed') return;
    if (autoAccept) this.#glareAccepted.add(incoming);
    this.#emit('incoming', {
      session: incoming,
      from,
      ...(message.userInfo ? { userInfo: message.userInfo } : {}),
      ...(autoAccept ? { autoAccepted: true as const } : {}),
    });
    if (autoAccept && incoming.state === 'pending') {
      incoming.accept().catch((error: unknown) => this.logger.warn(`could not join the call that settled glare: ${String(error)}`));
    }
  }

  /** A message that overtook its session's `call` (reordering): kept briefly, replayed when the call arrives. */
  #keepEarly(from: string, message: SignalMessage): void {
    const now = this.#clock.now();
    for (const [id, list] of this.#early) if (now - (list[0]?.at ?? now) > EARLY_KEEP_MS) this.#early.delete(id);
    const list = this.#early.get(message.sessionID) ?? [];
    if (list.length >= EARLY_PER_SESSION) {
      this.logger.warn(`"${message.type}" from ${from} for unknown session ${message.sessionID}; too many early messages, dropped`);
      return;
    }
    list.push({ from, message, at: now });
    this.#early.set(message.sessionID, list);
    if (this.#early.size > EARLY_SESSIONS) this.#early.delete(this.#early.keys().next().value!);
    this.logger.info(`"${message.type}" from ${from} for unknown session ${message.sessionID}; kept ${EARLY_KEEP_MS / 1000} s in case its call is late`);
  }

  #takeEarly(sessionId: string): { from: string; message: SignalMessage }[] {
    const list = this.#early.get(sessionId) ?? [];
    this.#early.delete(sessionId);
    return list.filter((item) => this.#clock.now() - item.at <= EARLY_KEEP_MS);
  }

  /** An automatic answer: once, within the reply budget (see ReliableTransport.reply). */
  #reply(to: string, about: SignalMessage, type: 'reject' | 'hangUp', reason: EndReason): void {
    this.transport.reply(to, {
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

function peopleKey(initiator: string, opponents: readonly string[]): string {
  return [initiator, ...opponents].sort().join(',');
}

function newSessionId(): string {
  return globalThis.crypto.randomUUID();
}
