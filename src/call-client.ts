/**
 * One per user: owns the signaling transport, validates every incoming message and routes it
 * to its session; turns a new `call` into an `incoming` session (or an automatic answer:
 * `busy`, glare, "that call has ended"). Glare is decided by the pure arbiter in glare.ts,
 * messages that overtook their `call` wait in early-messages.ts.
 */
import { ensureAdapter } from './adapter.js';
import { loadedClient } from './loaded-client.js';
import { CallSession, type SessionContext } from './call-session.js';
import { chooseTopology, hasTurn, pickSessionSettings, resolveConfig, resolveSessionConfig, sfuUrls, type CallConfig, type SessionSettings } from './config.js';
import { EarlyMessages, EARLY_LIMITS } from './early-messages.js';
import { envelope, idsOf } from './envelope.js';
import { CallError } from './errors.js';
import { decideIncoming, NO_GLARE, onDeclined, onSettled, peopleKey, type GlareState } from './glare.js';
import { createLogger, type Logger, type LogSink } from './log.js';
import { ReliableTransport } from './signaling/reliable-transport.js';
import { isValidUserId, parseSignalMessage, type SignalMessage } from './signaling/protocol.js';
import type { Transport } from './signaling/transport.js';
import { TurnCredentialsRefresher } from './signaling/turn-credentials.js';
import { watchMediaPermissions } from './media/media-permissions.js';
import { WebSocketTransport } from './signaling/websocket-transport.js';
import type { EndReason } from './states.js';
import { realClock, type Clock } from './timers.js';
import { TypedEventTarget } from './typed-event-target.js';

/** Ended sessions remembered so a late re-sent `call` is answered, not rung again. */
const ENDED_SESSIONS_KEPT = 200;
/** How long after a session ended its peers' frames are still acked freely: longer than a frame's re-sends (~11 s). */
const ENDED_ACK_MS = 30_000;

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

import type { CallClientEventMap } from './client-events.js';
export { CLIENT_EVENTS, type CallClientEventMap, type IncomingDetail } from './client-events.js';

/** A new call: what it sends, and the settings it has of its own (over the client's `config` and `sessionDefaults`). */
export interface CreateSessionOptions extends SessionSettings {
  video?: boolean;
  audio?: boolean;
}

export class CallClient extends TypedEventTarget<CallClientEventMap> {
  readonly userId: string;
  /** The client's settings, as given (checked) when it was made. */
  readonly config: CallConfig;
  readonly transport: ReliableTransport;
  readonly logger: Logger;
  #clock: Clock;
  #allowMultiple: boolean;
  /** `config` with `sessionDefaults` over it: what each new session starts from. */
  #defaults: CallConfig;
  #sessions = new Map<string, CallSession>();
  /** Sessions that ended here: our last word (said again to a late `call`) and who was in them (see `#inSession`). */
  #ended = new Map<string, { type: 'reject' | 'hangUp'; reason: EndReason; peers: readonly string[]; at: number }>();
  #early = new EarlyMessages();
  #glare: GlareState = NO_GLARE;
  /** Sessions this side accepted by itself to settle glare; they may give way to a lower session ID. */
  #glareAccepted = new WeakSet<CallSession>();
  /** Per session: removes the listeners this client put on it (run when it closes). */
  #untrack = new Map<CallSession, () => void>();
  #unsubscribe: () => void;
  #removePageHide: () => void = () => {};
  /** With a signaling URL: fetches the relay's TURN credentials on connect and keeps them fresh. */
  #turn: TurnCredentialsRefresher | undefined;
  #relayIceServers: RTCIceServer[] = [];
  #relayIceListeners = new Set<() => void>();
  #relayOnlyChecked = false;

  constructor(options: CallClientOptions) {
    super();
    if (!isValidUserId(options.userId)) {
      throw new CallError('invalid-argument', `userId must be 1-64 characters of A-Z a-z 0-9 _ . @ : -, got ${JSON.stringify(options.userId)}`);
    }
    this.userId = options.userId;
    // Known before the first call: a caller whose camera is granted sends its offer without waiting for it.
    watchMediaPermissions();
    const level = options.config?.logLevel ?? 'verbose';
    this.logger = createLogger(level, options.logSink);
    this.config = resolveConfig(options.config, this.logger, { turnFromRelay: !options.transport && Boolean(options.signalingUrl) });
    this.#defaults = this.config;
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
      this.#turn = this.#turnRefresher(options.signalingUrl, options.token);
    } else throw new CallError('invalid-argument', 'CallClient needs a transport or a signalingUrl');
    // Every message is acknowledged and re-sent until it is: a lost hang-up still arrives.
    this.transport = new ReliableTransport(carrier, {
      clock: this.#clock,
      logger: this.logger,
      inSession: (from, sessionId) => this.#inSession(from, sessionId),
    });
    const stopMessages = this.transport.onMessage((from, raw) => this.#onMessage(from, raw));
    const stopStatus = this.transport.onStatus((status, detail) => {
      if (status === 'closed' && detail?.reason === 'replaced')
        this.logger.warn(`${this.userId} connected again elsewhere; this client no longer receives calls`);
      this.emit('signaling-status', { status, ...(detail?.reason ? { reason: detail.reason } : {}) });
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
    // The first TURN credentials are asked for alongside: the first call already has them.
    // Signaling starts once webrtc-adapter is in place (browsers that need it), so no offer
    // can arrive before it: current Chromium and Firefox go straight on.
    await Promise.all([ensureAdapter().then(() => this.transport.connect()), this.#turn?.start().then(() => this.#checkRelayOnly())]);
  }

  /** Relay-only ICE needs a TURN server: from `config.iceServers` or the relay. Said once. */
  #checkRelayOnly(): void {
    if (this.#relayOnlyChecked || this.config.iceTransportPolicy !== 'relay') return;
    this.#relayOnlyChecked = true;
    if (!hasTurn(this.config.iceServers) && !hasTurn(this.#relayIceServers)) {
      this.logger.warn('config iceTransportPolicy: "relay" without a TURN server in iceServers, and the relay issued none: calls can never connect');
    }
  }

  /** Sessions not yet closed. */
  get sessions(): CallSession[] {
    return [...this.#sessions.values()];
  }

  /**
   * Per-call settings for every session made from now on, outgoing and incoming (an
   * element's `answer-timeout`, say). Calls already running keep theirs. Read back resolved.
   */
  get sessionDefaults(): SessionSettings {
    return pickSessionSettings(this.#defaults);
  }

  set sessionDefaults(settings: SessionSettings) {
    this.#defaults = resolveSessionConfig(this.config, settings, this.logger, { turnFromRelay: this.#turn !== undefined });
  }

  /**
   * Starts a new outgoing call to 1–3 other users (a full mesh of up to 4 people), or up to 11
   * in conference mode (`topology` `auto` or `sfu` with an `sfuUrl`). Throws `CallError`:
   * `not-supported` for a call too large for the configured topology, `invalid-argument`, `busy`.
   */
  createSession(opponents: string[], options: CreateSessionOptions = {}): CallSession {
    const unique = [...new Set(opponents)];
    if (unique.length === 0) throw new CallError('invalid-argument', 'a call needs at least one opponent');
    const config = resolveSessionConfig(this.#defaults, options, this.logger, { turnFromRelay: this.#turn !== undefined });
    const choice = chooseTopology(config, unique.length + 1);
    if ('error' in choice) throw new CallError('not-supported', choice.error);
    const bad = unique.find((id) => !isValidUserId(id) || id === this.userId);
    if (bad !== undefined) throw new CallError('invalid-argument', `cannot call ${JSON.stringify(bad)}`);
    if (!this.#allowMultiple && this.#sessions.size > 0) {
      throw new CallError('busy', 'a call is already in progress; hang it up first (or set allowMultipleSessions)');
    }
    const video = options.video ?? true;
    return this.#track(
      new CallSession(
        {
          id: newSessionId(),
          initiator: this.userId,
          opponents: unique,
          callType: video ? 'video' : 'audio',
          media: { video, audio: options.audio ?? true },
          config,
          topology: choice.topology,
        },
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
    this.#turn?.stop();
    this.#relayIceListeners.clear();
    this.transport.close();
  }

  /**
   * The relay's TURN credentials (server/turn.js). A relay without TURN settings answers 404:
   * nothing changes. Any other failure is warned about once (retries stay quiet).
   */
  #turnRefresher(signalingUrl: string, token: string | undefined): TurnCredentialsRefresher {
    let warned = false;
    return new TurnCredentialsRefresher({
      signalingUrl,
      userId: this.userId,
      ...(token ? { token } : {}),
      onCredentials: (credentials) => {
        warned = false;
        this.#relayIceServers = credentials.iceServers;
        this.logger.info(`TURN credentials from the relay, valid until ${new Date(credentials.expiresAt * 1000).toISOString()}`);
        for (const listener of this.#relayIceListeners) listener();
      },
      onError: (error) => {
        if (warned) return;
        warned = true;
        const reason = error instanceof Error ? error.message : String(error);
        this.logger.warn(`no TURN credentials from the relay: ${reason.replace(/^TURN credentials: /, '')} (trying again quietly)`);
      },
    });
  }

  #context(): SessionContext {
    return {
      self: this.userId,
      clock: this.#clock,
      logger: this.logger,
      send: (to, message) => {
        this.#logMessage('sent', to, message);
        this.transport.send(to, message);
      },
      relayIceServers: () => this.#relayIceServers,
      onRelayIceServers: (listener) => {
        this.#relayIceListeners.add(listener);
        return () => this.#relayIceListeners.delete(listener);
      },
      onClosed: (session, reply) => {
        this.#untrack.get(session)?.();
        this.#untrack.delete(session);
        this.#sessions.delete(session.id);
        this.#remember(session.id, reply, session.peers);
      },
    };
  }

  /** Routes to the session and follows it for glare; the listeners go when it closes. */
  #track(session: CallSession): CallSession {
    this.#sessions.set(session.id, session);
    const people = peopleKey(session.initiator, session.opponents);
    const listeners = new AbortController();
    session.addEventListener(
      'rejected',
      (event) => {
        // Someone keeps another call with the same people (glare): leave this one and
        // take theirs when it rings.
        if (event.detail.reason !== 'glare') return;
        if (session.direction !== 'outgoing' && !this.#glareAccepted.has(session)) return;
        this.#glare = onDeclined(people, this.#clock.now(), this.#holdMs());
        session.hangUp({ reason: 'glare' });
      },
      { signal: listeners.signal },
    );
    session.addEventListener(
      'connection-state-change',
      () => {
        if (session.peers.every((id) => session.connectionState(id) === 'connected')) this.#glare = onSettled(this.#glare, people);
      },
      { signal: listeners.signal },
    );
    this.#untrack.set(session, () => listeners.abort());
    return session;
  }

  /** How long, after giving way in glare, the winning call is joined without ringing. */
  #holdMs(): number {
    return this.#defaults.answerTimeInterval * 1000;
  }

  /**
   * Whether `from` is (or was, until moments ago) in session `sessionId` with us: their frames
   * are acked without the strangers' reply budget. A session's own peers still send its last
   * frames after it ended here (candidates, an update, their hang-up crossing ours); budgeted,
   * back-to-back calls used up the budget, those frames went unacked and were re-sent for
   * ~11 s after every call.
   */
  #inSession(from: string, sessionId: string): boolean {
    if (this.#sessions.get(sessionId)?.peers.includes(from)) return true;
    const ended = this.#ended.get(sessionId);
    return !!ended && ended.peers.includes(from) && this.#clock.now() - ended.at < ENDED_ACK_MS;
  }

  /** `peers`: who was in the session with us (none for a call declined without one: busy, glare; its caller may be a stranger). */
  #remember(sessionId: string, reply: { type: 'reject' | 'hangUp'; reason: EndReason }, peers: readonly string[] = []): void {
    this.#ended.set(sessionId, { ...reply, peers, at: this.#clock.now() });
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
    this.#logMessage('received', from, message);
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
      if (this.#early.keep(from, message, this.#clock.now())) {
        this.logger.info(
          `"${message.type}" from ${from} for unknown session ${message.sessionID}; kept ${EARLY_LIMITS.keepMs / 1000} s in case its call is late`,
        );
      } else this.logger.warn(`"${message.type}" from ${from} for unknown session ${message.sessionID}; too many early messages, dropped`);
      return;
    }
    this.#onNewCall(from, message);
  }

  #onNewCall(from: string, message: SignalMessage & { type: 'call' }): void {
    const people = peopleKey(message.callerID, message.opponentsIDs);
    const { state, decision } = decideIncoming(
      this.#glare,
      { sessionId: message.sessionID, people },
      this.sessions.map((s) => ({ id: s.id, people: peopleKey(s.initiator, s.opponents), yields: this.#yieldsToGlare(s) })),
      this.#clock.now(),
      this.#holdMs(),
    );
    this.#glare = state;
    if (decision.action === 'decline') {
      this.logger.info(`glare with ${from}: keeping session ${decision.keep}, declining ${message.sessionID}`);
      this.#reply(from, message, 'reject', 'glare');
      this.#remember(message.sessionID, { type: 'reject', reason: 'glare' });
      return;
    }
    if (decision.action === 'auto-accept' && decision.leave) {
      this.logger.info(`glare with ${from}: leaving session ${decision.leave} for ${message.sessionID}`);
      this.#sessions.get(decision.leave)?.hangUp({ reason: 'glare' });
    }
    const sfuRefusal = this.#refuseSfu(message);
    if (sfuRefusal) {
      this.logger.warn(`call from ${from} declined: ${sfuRefusal}`);
      this.#reply(from, message, 'reject', 'sfu-unavailable');
      this.#remember(message.sessionID, { type: 'reject', reason: 'sfu-unavailable' });
      this.emit('invalid-message', { from, reason: sfuRefusal });
      return;
    }
    if (!this.#allowMultiple && this.#sessions.size > 0) {
      this.logger.info(`call from ${from} while busy: rejected with "busy"`);
      this.#reply(from, message, 'reject', 'busy');
      this.#remember(message.sessionID, { type: 'reject', reason: 'busy' });
      this.emit('missed-call', { from, sessionId: message.sessionID, ...(message.userInfo ? { userInfo: message.userInfo } : {}) });
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
          config: this.#defaults,
          topology: message.sfu ? 'sfu' : 'mesh',
          ...(message.sfu ? { sfuRoom: message.sfu } : {}),
        },
        this.#context(),
      ),
    );
    incoming.handleSignal(from, message);
    for (const early of this.#early.take(message.sessionID, this.#clock.now())) incoming.handleSignal(early.from, early.message);
    if (incoming.state === 'closed') return;
    const autoAccept = decision.action === 'auto-accept';
    if (autoAccept) this.#glareAccepted.add(incoming);
    this.emit('incoming', {
      session: incoming,
      from,
      ...(message.userInfo ? { userInfo: message.userInfo } : {}),
      ...(autoAccept ? { autoAccepted: true as const } : {}),
    });
    if (autoAccept && incoming.state === 'pending') {
      incoming.accept().catch((error: unknown) => this.logger.warn(`could not join the call that settled glare: ${String(error)}`));
    }
  }

  /**
   * Why this side cannot join a conference-mode call: its own config must allow conference mode
   * and list the SFU the call names (so a `call` cannot send this browser to any server).
   */
  #refuseSfu(message: SignalMessage & { type: 'call' }): string | undefined {
    if (!message.sfu) return undefined;
    if (this.#defaults.topology === 'mesh') return 'it is a conference-mode (SFU) call and this client has topology "mesh"';
    if (!sfuUrls(this.#defaults).includes(message.sfu.url)) return `its SFU ${message.sfu.url} is not in this client's sfuUrl`;
    return undefined;
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

  /** An automatic answer: once, within the reply budget (see ReliableTransport.reply). */
  #reply(to: string, about: SignalMessage, type: 'reject' | 'hangUp', reason: EndReason): void {
    const message = envelope(idsOf(about), { type, reason });
    this.#logMessage('sent', to, message);
    this.transport.reply(to, message);
  }

  /**
   * The one log line per signaling message sent or received (`verbose`): type, peer,
   * session, reason or candidate count, never SDP or candidates. At `verboseWithWebRTC`
   * a second line carries the SDP or the candidates themselves.
   */
  #logMessage(direction: 'sent' | 'received', peer: string, message: SignalMessage): void {
    const what = `signaling ${direction === 'sent' ? `sent "${message.type}" to` : `received "${message.type}" from`} ${peer} (session ${message.sessionID})`;
    const reason = 'reason' in message && message.reason ? `, reason ${message.reason}` : '';
    const count = message.type === 'iceCandidates' ? `, ${message.candidates.length} candidate(s)` : '';
    this.logger.info(`${what}${reason}${count}`);
    const sdp = 'sdp' in message ? message.sdp : undefined;
    if (sdp) this.logger.webrtc(`${what}: ${sdp.type} SDP`, sdp.sdp);
    if (message.type === 'iceCandidates') this.logger.webrtc(`${what}: candidates`, message.candidates);
  }

  #drop(from: string, reason: string): void {
    this.logger.warn(`dropped a signaling message from ${from}: ${reason}`);
    this.emit('invalid-message', { from, reason });
  }
}

function newSessionId(): string {
  return globalThis.crypto.randomUUID();
}

loadedClient.current = CallClient;
