/**
 * One call. A thin interpreter around the pure session machine: it feeds the machine
 * events (local actions, signaling, peer connection changes, timers) and carries out the
 * effects it returns (peer connections, messages, timers, DOM-free events).
 */
import type { CallConfig } from './config.js';
import { CallError } from './errors.js';
import type { Logger } from './log.js';
import { getLocalMedia, stopStream } from './media/local-media.js';
import { Peer } from './peer.js';
import {
  createMachineState,
  transition,
  type Effect,
  type EmitDetail,
  type MachineEvent,
  type OutgoingSignal,
  type SessionMachineState,
} from './session-machine.js';
import type { CallType, MediaState, SignalMessage, UserInfo, WireCandidate } from './signaling/protocol.js';
import { PROTOCOL_VERSION } from './signaling/protocol.js';
import type { ConnectionState, EndReason, SessionState } from './states.js';
import { TimerSet, type Clock } from './timers.js';

/** Remote candidates kept per user while their peer connection does not exist yet (a ringing call). */
const MAX_BUFFERED_CANDIDATES = 200;

export interface SessionEventDetail {
  'user-not-answered': { userId: string };
  accepted: { userId: string; userInfo?: UserInfo };
  rejected: { userId: string; userInfo?: UserInfo; reason?: EndReason };
  'hung-up': { userId: string; userInfo?: UserInfo; reason?: EndReason };
  connecting: { userId: string };
  connected: { userId: string };
  'connection-failed': { userId: string };
  disconnected: { userId: string };
  'connection-closed': { userId: string; state: ConnectionState };
  'state-change': { state: SessionState };
  'connection-state-change': { userId: string; state: ConnectionState };
  'remote-media-change': { userId: string; media: MediaState };
  'remote-track': { userId: string; track: MediaStreamTrack; stream: MediaStream };
  'local-stream': { stream: MediaStream };
  'session-closed': { reason: EndReason };
  error: { error: CallError; userId?: string };
}

export type CallSessionEventMap = { [K in keyof SessionEventDetail]: CustomEvent<SessionEventDetail[K]> };

export interface SessionActionOptions {
  userInfo?: UserInfo;
}

/** What a session needs from its client; not part of the public API. */
export interface SessionContext {
  self: string;
  config: CallConfig;
  clock: Clock;
  logger: Logger;
  send(to: string, message: SignalMessage): void;
  onClosed(session: CallSession, reply: { type: 'reject' | 'hangUp'; reason: EndReason }): void;
}

export interface SessionInit {
  id: string;
  initiator: string;
  opponents: readonly string[];
  callType: CallType;
  media: { audio: boolean; video: boolean };
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- the interface only adds typed event-listener overloads
export interface CallSession {
  addEventListener<K extends keyof CallSessionEventMap>(
    type: K,
    listener: (event: CallSessionEventMap[K]) => void,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof CallSessionEventMap>(
    type: K,
    listener: (event: CallSessionEventMap[K]) => void,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- the interface only adds typed event-listener overloads
export class CallSession extends EventTarget {
  readonly id: string;
  /** The user who started the call. */
  readonly initiator: string;
  /** Everyone in the call except the initiator. */
  readonly opponents: readonly string[];
  readonly callType: CallType;
  #machine: SessionMachineState;
  #ctx: SessionContext;
  #timers: TimerSet;
  #peers = new Map<string, Peer>();
  #bufferedCandidates = new Map<string, WireCandidate[]>();
  #lastAccept = new Map<string, SignalMessage>();
  #localStream: MediaStream | undefined;
  #media: { audio: boolean; video: boolean };
  #queue: MachineEvent[] = [];
  #running = false;
  #mediaRequested = false;

  /** @internal Sessions are made by `CallClient.createSession` or arrive through its `incoming` event. */
  constructor(init: SessionInit, ctx: SessionContext) {
    super();
    this.id = init.id;
    this.initiator = init.initiator;
    this.opponents = [...init.opponents];
    this.callType = init.callType;
    this.#media = { ...init.media };
    this.#ctx = ctx;
    this.#timers = new TimerSet(ctx.clock);
    const { config } = ctx;
    this.#machine = createMachineState({
      sessionId: init.id,
      self: ctx.self,
      initiator: init.initiator,
      opponents: init.opponents,
      timings: {
        dialingMs: config.dialingTimeInterval * 1000,
        answerMs: config.answerTimeInterval * 1000,
        disconnectMs: config.disconnectTimeInterval * 1000,
        iceRestartDelayMs: 2000,
      },
    });
  }

  get state(): SessionState {
    return this.#machine.session;
  }

  get direction(): 'outgoing' | 'incoming' {
    return this.#machine.direction;
  }

  /** Every other user in the call. */
  get peers(): string[] {
    return Object.keys(this.#machine.peers);
  }

  connectionState(userId: string): ConnectionState {
    return this.#machine.peers[userId]?.state ?? 'unknown';
  }

  get localStream(): MediaStream | undefined {
    return this.#localStream;
  }

  remoteStream(userId: string): MediaStream | undefined {
    return this.#peers.get(userId)?.remoteStream;
  }

  get remoteStreams(): Map<string, MediaStream> {
    return new Map([...this.#peers].map(([id, peer]) => [id, peer.remoteStream]));
  }

  /** The peer connection to one user, for stats or advanced use. */
  peerConnection(userId: string): RTCPeerConnection | undefined {
    return this.#peers.get(userId)?.pc;
  }

  /** Caller: opens the camera/microphone, sends offers and starts dialing. */
  async start(options: SessionActionOptions = {}): Promise<void> {
    if (this.direction !== 'outgoing' || this.state !== 'new' || this.#mediaRequested) {
      throw new CallError('invalid-state', `start() needs a new outgoing session; this one is ${this.direction} and ${this.state}`);
    }
    if (!(await this.#openMedia())) return;
    this.#dispatch({ type: 'start', ...(options.userInfo ? { userInfo: options.userInfo } : {}) });
  }

  /** Callee: opens the camera/microphone and answers. */
  async accept(options: SessionActionOptions = {}): Promise<void> {
    if (this.direction !== 'incoming' || this.state !== 'pending' || this.#mediaRequested) {
      throw new CallError('invalid-state', `accept() needs a ringing incoming session; this one is ${this.direction} and ${this.state}`);
    }
    if (!(await this.#openMedia())) return;
    this.#dispatch({ type: 'accept', ...(options.userInfo ? { userInfo: options.userInfo } : {}) });
  }

  /** Callee: declines a ringing call; every participant is told. */
  reject(options: SessionActionOptions = {}): void {
    this.#dispatch({ type: 'reject', ...(options.userInfo ? { userInfo: options.userInfo } : {}) });
  }

  /** Leaves the call (or declines it, if it still rings here); every participant is told. */
  hangUp(options: SessionActionOptions & { reason?: EndReason } = {}): void {
    this.#dispatch({
      type: 'hang-up',
      ...(options.userInfo ? { userInfo: options.userInfo } : {}),
      ...(options.reason ? { reason: options.reason } : {}),
    });
  }

  setAudioEnabled(enabled: boolean): void {
    this.#setTrackEnabled('audio', enabled);
  }

  setVideoEnabled(enabled: boolean): void {
    this.#setTrackEnabled('video', enabled);
  }

  get audioEnabled(): boolean {
    return this.#localStream?.getAudioTracks().some((t) => t.enabled) ?? false;
  }

  get videoEnabled(): boolean {
    return this.#localStream?.getVideoTracks().some((t) => t.enabled) ?? false;
  }

  /** Mutes (on this side only) the audio received from one user. */
  setRemoteAudioEnabled(userId: string, enabled: boolean): void {
    for (const track of this.remoteStream(userId)?.getAudioTracks() ?? []) track.enabled = enabled;
  }

  /** @internal Called by the client with a validated message for this session. */
  handleSignal(from: string, message: SignalMessage): void {
    this.#dispatch({ type: 'signal', from, message });
  }

  async #openMedia(): Promise<boolean> {
    this.#mediaRequested = true;
    const { config } = this.#ctx;
    try {
      const stream = await getLocalMedia({ ...this.#media, format: config.video });
      if (this.state === 'closed') {
        // Hung up while the camera was opening: release it at once.
        stopStream(stream);
        return false;
      }
      this.#localStream = stream;
      this.#emit('local-stream', { stream });
      return true;
    } catch (error) {
      const callError = error instanceof CallError ? error : new CallError('media-error', String(error), { cause: error });
      this.#ctx.logger.warn(`session ${this.id}: ${callError.message}`);
      this.#emit('error', { error: callError });
      // Nobody is left waiting on a call that cannot have media.
      this.#dispatch({ type: 'hang-up', reason: 'media-error' });
      throw callError;
    }
  }

  #setTrackEnabled(kind: 'audio' | 'video', enabled: boolean): void {
    const tracks = kind === 'audio' ? this.#localStream?.getAudioTracks() : this.#localStream?.getVideoTracks();
    for (const track of tracks ?? []) track.enabled = enabled;
    this.#broadcastMedia();
  }

  #broadcastMedia(): void {
    const media: MediaState = { audio: this.audioEnabled, video: this.videoEnabled, screen: false };
    for (const [userId, peer] of this.#peers) {
      if (!peer.closed && this.#machine.peers[userId]?.answered) this.#send(userId, { type: 'update', media });
    }
  }

  /** Run-to-completion: an event raised while effects run (e.g. hangUp() in a listener) waits its turn. */
  #dispatch(event: MachineEvent): void {
    this.#queue.push(event);
    if (this.#running) return;
    this.#running = true;
    try {
      for (let next = this.#queue.shift(); next; next = this.#queue.shift()) {
        const step = transition(this.#machine, next);
        this.#machine = step.state;
        for (const effect of step.effects) this.#run(effect);
      }
    } finally {
      this.#running = false;
    }
  }

  #run(effect: Effect): void {
    const { logger } = this.#ctx;
    switch (effect.type) {
      case 'create-peer':
        this.#createPeer(effect.userId, effect.offerer);
        return;
      case 'answer-offer': {
        const peer = this.#peers.get(effect.userId);
        if (!peer) return;
        void peer.acceptOffer(effect.offer, this.#localStream).then(() => this.#flushCandidates(effect.userId));
        return;
      }
      case 'apply-remote':
        void this.#peers.get(effect.userId)?.applyRemote(effect.description).then(() => this.#flushCandidates(effect.userId));
        return;
      case 'add-candidates': {
        const peer = this.#peers.get(effect.userId);
        if (peer) void peer.addCandidates(effect.candidates);
        else {
          const buffered = this.#bufferedCandidates.get(effect.userId) ?? [];
          buffered.push(...effect.candidates.slice(0, MAX_BUFFERED_CANDIDATES - buffered.length));
          this.#bufferedCandidates.set(effect.userId, buffered);
        }
        return;
      }
      case 'restart-ice':
        this.#peers.get(effect.userId)?.restartIce();
        return;
      case 'close-peer':
        this.#peers.get(effect.userId)?.close();
        this.#peers.delete(effect.userId);
        this.#bufferedCandidates.delete(effect.userId);
        this.#lastAccept.delete(effect.userId);
        return;
      case 'send':
        this.#sendSignal(effect.to, effect.signal);
        return;
      case 'resend-accept': {
        const message = this.#lastAccept.get(effect.to);
        if (message) this.#ctx.send(effect.to, message);
        return;
      }
      case 'stop-media':
        stopStream(this.#localStream);
        return;
      case 'start-timer':
        this.#timers.start(effect.id, effect.ms, (id) => this.#dispatch({ type: 'timer', id }));
        return;
      case 'cancel-timer':
        this.#timers.cancel(effect.id);
        return;
      case 'emit':
        this.#emitMachineEvent(effect.event, effect.detail);
        return;
      case 'log':
        logger[effect.level](`session ${this.id}: ${effect.message}`);
        return;
    }
  }

  #createPeer(userId: string, offerer: boolean): void {
    if (this.#peers.has(userId)) return;
    const { config, clock, logger } = this.#ctx;
    const peer = new Peer({
      remoteId: userId,
      polite: this.#ctx.self > userId,
      rtcConfig: { iceServers: config.iceServers, iceTransportPolicy: config.iceTransportPolicy },
      clock,
      logger,
      onDescription: (description) => this.#dispatch({ type: 'local-description', userId, description }),
      onCandidates: (candidates) => this.#send(userId, { type: 'iceCandidates', candidates }),
      onNetState: (state) => this.#dispatch({ type: 'peer-state', userId, state }),
      onRemoteTrack: (track, stream) => this.#emit('remote-track', { userId, track, stream }),
      onError: (error, during) => {
        const callError = new CallError('negotiation-failed', `connection to ${userId} failed while ${during}: ${String(error)}`, { cause: error });
        logger.warn(`session ${this.id}: ${callError.message}`);
        this.#emit('error', { error: callError, userId });
        this.#dispatch({ type: 'peer-state', userId, state: 'failed' });
      },
    });
    this.#peers.set(userId, peer);
    if (offerer) peer.addLocalTracks(this.#localStream, { audio: true, video: this.callType === 'video' });
  }

  async #flushCandidates(userId: string): Promise<void> {
    const buffered = this.#bufferedCandidates.get(userId);
    const peer = this.#peers.get(userId);
    if (!buffered || !peer) return;
    this.#bufferedCandidates.delete(userId);
    await peer.addCandidates(buffered);
  }

  #sendSignal(to: string, signal: OutgoingSignal): void {
    switch (signal.type) {
      case 'call': {
        const offer = this.#peers.get(to)?.pc.localDescription;
        if (offer?.type !== 'offer') return;
        this.#send(to, { type: 'call', callType: this.callType, sdp: { type: 'offer', sdp: offer.sdp }, ...userInfoOf(signal) });
        return;
      }
      case 'accept': {
        const message = this.#send(to, { type: 'accept', sdp: { type: 'answer', sdp: signal.sdp.sdp }, ...userInfoOf(signal) });
        this.#lastAccept.set(to, message);
        // The caller shows our mute state from the start.
        if (!this.audioEnabled || !this.videoEnabled) this.#broadcastMedia();
        return;
      }
      case 'reject':
      case 'hangUp':
        this.#send(to, { type: signal.type, ...(signal.reason ? { reason: signal.reason } : {}), ...userInfoOf(signal) });
        return;
      case 'update':
        this.#send(to, { type: 'update', sdp: signal.sdp });
        return;
    }
  }

  /** Wraps a message body in this session's envelope and sends it. */
  #send<M extends DistributiveOmit<SignalMessage, EnvelopeKey>>(to: string, body: M): SignalMessage {
    const message = {
      version: PROTOCOL_VERSION,
      sessionID: this.id,
      callerID: this.initiator,
      opponentsIDs: [...this.opponents],
      ...body,
    } as SignalMessage;
    this.#ctx.send(to, message);
    return message;
  }

  #emitMachineEvent(name: Exclude<keyof SessionEventDetail, 'remote-track' | 'local-stream' | 'error'>, detail: EmitDetail): void {
    this.#emit(name, detail as SessionEventDetail[typeof name]);
    if (name === 'session-closed') this.#dispose(detail.reason ?? 'hang-up');
  }

  #emit<K extends keyof SessionEventDetail>(name: K, detail: SessionEventDetail[K]): void {
    this.dispatchEvent(new CustomEvent(name, { detail }));
  }

  /** The one teardown: every peer, timer and track is gone once the session is closed. */
  #dispose(reason: EndReason): void {
    for (const peer of this.#peers.values()) peer.close();
    this.#peers.clear();
    this.#bufferedCandidates.clear();
    this.#lastAccept.clear();
    this.#timers.cancelAll();
    stopStream(this.#localStream);
    const reply = this.#machine.joined ? 'hangUp' : 'reject';
    this.#ctx.onClosed(this, { type: reply, reason });
  }
}

type EnvelopeKey = 'version' | 'sessionID' | 'callerID' | 'opponentsIDs';
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function userInfoOf(signal: { userInfo?: UserInfo }): { userInfo?: UserInfo } {
  return signal.userInfo ? { userInfo: signal.userInfo } : {};
}
