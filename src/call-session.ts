/**
 * One call. A thin interpreter around the pure session machine: it feeds the machine
 * events (local actions, signaling, peer connection changes, timers) and carries out the
 * effects it returns (peer connections, messages, timers, DOM-free events).
 */
import type { CallConfig } from './config.js';
import { CallError } from './errors.js';
import type { Logger } from './log.js';
import { startAudioSink, type AudioSink } from './media/audio-sink.js';
import { applyBitrateLimits } from './media/bitrate.js';
import { applyCodecPreferences } from './media/codec-preferences.js';
import { listDevices, type DeviceList, type InputKind } from './media/devices.js';
import { LocalMediaController, type LocalMediaState } from './media/local-media-controller.js';
import { getLocalMedia, stopStream } from './media/local-media.js';
import { CallRecorder, type RecordingOptions } from './media/recorder.js';
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
import { ActiveSpeakerDetector } from './stats/active-speaker.js';
import { StatsPoller } from './stats/stats-poller.js';
import { unsupportedReason } from './support.js';
import { statsString, type StatsReport } from './stats/stats-report.js';
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
  /**
   * The local stream to show in the preview: once when the camera opens, and again (a new
   * `MediaStream` object) after every camera/microphone switch and screen-share start/stop.
   */
  'local-stream': { stream: MediaStream };
  /** Mic on/off, camera on/off, screen sharing on/off changed on this side. */
  'local-media-change': LocalMediaState;
  /** A device was plugged in or removed (fresh lists). */
  'devices-change': DeviceList;
  /** One peer's stats, every `statsInterval` seconds. */
  stats: { userId: string; report: StatsReport };
  /** The loudest remote speaker changed (undefined: nobody is talking). Needs `statsInterval` > 0. */
  'active-speaker': { userId: string | undefined };
  'session-closed': { reason: EndReason };
  error: { error: CallError; userId?: string };
}

export type { LocalMediaState };

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
  #local: LocalMediaController;
  #media: { audio: boolean; video: boolean };
  #queue: MachineEvent[] = [];
  #running = false;
  #mediaRequested = false;
  /** Per-peer listeners this session put on the peer connection (codecs, bitrate caps). */
  #peerTeardown = new Map<string, () => void>();
  #statsInterval: number;
  #poller: StatsPoller;
  #speaker = new ActiveSpeakerDetector();
  #sinks = new Set<() => void>();
  #recorders = new Set<CallRecorder>();

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
    this.#statsInterval = config.statsInterval;
    this.#local = new LocalMediaController({
      format: config.video,
      logger: ctx.logger,
      isClosed: () => this.state === 'closed',
      peerConnections: () => [...this.#peers.values()].filter((p) => !p.closed).map((p) => p.pc),
      onStream: (stream) => this.#emit('local-stream', { stream }),
      onStateChange: () => this.#mediaChanged(),
      onDevicesChange: (devices) => this.#emit('devices-change', devices),
      onError: (error) => this.#emit('error', { error }),
    });
    this.#poller = new StatsPoller({
      clock: ctx.clock,
      peers: () => this.#livePeers(),
      onReports: (reports) => this.#onStatsReports(reports),
      onError: (userId, error) => ctx.logger.warn(`session ${this.id}: could not read stats for ${userId}: ${String(error)}`),
    });
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
    return this.#local.stream;
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

  /** Mic on/off (the peer hears silence; the connection stays up). Fires `local-media-change`. */
  setAudioEnabled(enabled: boolean): void {
    this.#local.setEnabled('audio', enabled);
  }

  /** Camera on/off (the peer sees black frames). Fires `local-media-change`. */
  setVideoEnabled(enabled: boolean): void {
    this.#local.setEnabled('video', enabled);
  }

  get audioEnabled(): boolean {
    return this.#local.audioEnabled;
  }

  get videoEnabled(): boolean {
    return this.#local.videoEnabled;
  }

  /** Mutes (on this side only) the audio received from one user. */
  setRemoteAudioEnabled(userId: string, enabled: boolean): void {
    for (const track of this.remoteStream(userId)?.getAudioTracks() ?? []) track.enabled = enabled;
  }

  /** Whether this side sends its screen instead of its camera. */
  get screenSharing(): boolean {
    return this.#local.screenSharing;
  }

  /** Cameras, microphones and speakers (labels need camera/mic permission, i.e. after start/accept). */
  listDevices(): Promise<DeviceList> {
    return listDevices();
  }

  /**
   * Front ↔ back camera where the camera reports `facingMode` (phones), else the next
   * camera in the device list. Rejects with `CallError` `no-device` when there is no other.
   */
  switchCamera(): Promise<void> {
    return this.#local.switchCamera();
  }

  /**
   * Moves the call to another camera or microphone (`deviceId` from `listDevices()`).
   * Every peer gets the new track through `RTCRtpSender.replaceTrack` (no renegotiation),
   * the old track is stopped, mute state carries over, and `local-stream` fires with the
   * updated stream. While the screen is shared a new camera is kept for when sharing stops.
   * A camera or microphone that goes away mid-call is replaced the same way by itself.
   */
  setInputDevice(kind: InputKind, deviceId: string): Promise<void> {
    return this.#local.setInputDevice(kind, deviceId);
  }

  /**
   * Sends a screen, window or tab (the browser's picker) instead of the camera, to every
   * peer, at most 30 fps; peers see `remote-media-change` with `screen: true`. The camera
   * comes back with `stopScreenShare()` or when the person ends sharing in the browser's UI.
   */
  async startScreenShare(): Promise<void> {
    if (this.callType !== 'video') throw new CallError('invalid-state', 'Screen sharing needs a video call (this one is audio only).');
    await this.#local.startScreenShare();
  }

  /** Back to the camera (if it was on, it still is); safe to call when not sharing. */
  stopScreenShare(): void {
    this.#local.stopScreenShare();
  }

  /** Seconds between `stats` events (and active-speaker updates); 0 turns them off. */
  get statsInterval(): number {
    return this.#statsInterval;
  }

  set statsInterval(seconds: number) {
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
      this.#ctx.logger.warn(`statsInterval: expected seconds >= 0, got ${String(seconds)}; unchanged`);
      return;
    }
    this.#statsInterval = seconds;
    if (this.state === 'connected') this.#poller.intervalSeconds = seconds;
    if (seconds === 0) this.#speaker.reset();
  }

  /** One stats report per connected peer, now. */
  getStats(): Promise<Map<string, StatsReport>> {
    return this.#poller.collect();
  }

  /**
   * Records the call (1:1 only, like the seed): by default the remote picture with the local
   * one as picture-in-picture and both voices mixed; `composed: false` records the remote
   * stream as it arrives. Stops by itself when the session closes. Throws `CallError`.
   */
  startRecording(options: RecordingOptions = {}): CallRecorder {
    if (this.state === 'closed') throw new CallError('invalid-state', 'This call has ended; there is nothing to record.');
    if (this.peers.length !== 1) {
      throw new CallError('not-supported', `Recording supports 1:1 calls only; this call has ${this.peers.length + 1} people.`);
    }
    const userId = options.userId ?? this.peers[0]!;
    if (!this.peers.includes(userId)) throw new CallError('invalid-argument', `startRecording: ${userId} is not in this call.`);
    const peer = this.#peers.get(userId);
    if (!peer || peer.closed) throw new CallError('invalid-state', `Not connected to ${userId} yet; start recording once the call is connected.`);
    const recorder = new CallRecorder(
      {
        remote: peer.remoteStream,
        local: () => this.#local.stream,
        onLocalStreamChange: (listener) => {
          const onStream = (event: CustomEvent<{ stream: MediaStream }>) => listener(event.detail.stream);
          this.addEventListener('local-stream', onStream);
          return () => this.removeEventListener('local-stream', onStream);
        },
      },
      options,
    );
    this.#recorders.add(recorder);
    recorder.addEventListener('stop', () => this.#recorders.delete(recorder), { once: true });
    return recorder;
  }

  /**
   * Delivers one user's raw audio (what this side receives from them) to `sink`, in blocks
   * of 1024 samples per channel. Starts when their audio arrives if it has not yet. Returns
   * the unsubscribe, which releases the audio graph; the session's end releases it too.
   */
  addAudioSink(userId: string, sink: AudioSink): () => void {
    const { logger } = this.#ctx;
    if (!this.peers.includes(userId) || this.state === 'closed' || typeof sink !== 'function') {
      logger.warn(`session ${this.id}: addAudioSink(${userId}) ignored: ${typeof sink !== 'function' ? 'sink is not a function' : 'no such user in a live call'}`);
      return () => {};
    }
    let stopSink: (() => void) | undefined;
    const start = (track: MediaStreamTrack) => {
      stopSink = startAudioSink(track, sink, {
        remote: true,
        onError: (error) => logger.warn(`session ${this.id}: audio sink for ${userId} threw: ${String(error)}`),
      });
    };
    const onTrack = (event: CustomEvent<SessionEventDetail['remote-track']>) => {
      if (stopSink || event.detail.userId !== userId || event.detail.track.kind !== 'audio') return;
      this.removeEventListener('remote-track', onTrack);
      start(event.detail.track);
    };
    const existing = this.remoteStream(userId)?.getAudioTracks()[0];
    if (existing) start(existing);
    else this.addEventListener('remote-track', onTrack);
    const unsubscribe = () => {
      if (!this.#sinks.delete(unsubscribe)) return;
      this.removeEventListener('remote-track', onTrack);
      stopSink?.();
    };
    this.#sinks.add(unsubscribe);
    return unsubscribe;
  }

  /** @internal Called by the client with a validated message for this session. */
  handleSignal(from: string, message: SignalMessage): void {
    this.#dispatch({ type: 'signal', from, message });
  }

  async #openMedia(): Promise<boolean> {
    this.#mediaRequested = true;
    const { config } = this.#ctx;
    try {
      const unsupported = unsupportedReason();
      if (unsupported) throw unsupported;
      const stream = await getLocalMedia({ ...this.#media, format: config.video });
      if (this.state === 'closed') {
        // Hung up while the camera was opening: release it at once.
        stopStream(stream);
        return false;
      }
      this.#local.attach(stream);
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

  /** Tells the peers (`update`) and this side's listeners (`local-media-change`). */
  #mediaChanged(): void {
    this.#broadcastMedia();
    this.#emit('local-media-change', this.#local.state);
  }

  #broadcastMedia(): void {
    const media: MediaState = this.#local.state;
    for (const [userId, peer] of this.#peers) {
      if (!peer.closed && this.#machine.peers[userId]?.answered) this.#send(userId, { type: 'update', media });
    }
  }

  /** Peers worth measuring: connected (or briefly disconnected) ones. */
  *#livePeers(): Iterable<[string, RTCPeerConnection]> {
    for (const [userId, peer] of this.#peers) {
      const state = peer.pc.connectionState;
      if (!peer.closed && (state === 'connected' || state === 'disconnected')) yield [userId, peer.pc];
    }
  }

  #onStatsReports(reports: Map<string, StatsReport>): void {
    if (this.state === 'closed') return;
    const levels = new Map<string, number | undefined>();
    for (const [userId, report] of reports) {
      this.#ctx.logger.webrtc(`session ${this.id}: stats for ${userId}\n${statsString(report)}`);
      levels.set(userId, report.audioReceived?.level);
      this.#emit('stats', { userId, report });
    }
    if (this.#speaker.update(levels)) this.#emit('active-speaker', { userId: this.#speaker.speaker });
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
        logger.webrtc(`peer ${effect.userId}: remote offer`, effect.offer.sdp);
        void peer.acceptOffer(effect.offer, this.#local.stream).then(() => this.#flushCandidates(effect.userId));
        return;
      }
      case 'apply-remote':
        logger.webrtc(`peer ${effect.userId}: remote ${effect.description.type}`, effect.description.sdp);
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
        this.#peerTeardown.get(effect.userId)?.();
        this.#peerTeardown.delete(effect.userId);
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
        this.#local.dispose();
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
    this.#peerTeardown.set(userId, this.#tunePeer(peer.pc));
    if (offerer) {
      peer.addLocalTracks(this.#local.stream, { audio: true, video: this.callType === 'video' });
      // The offer is made in a later task (negotiationneeded), so this still shapes it.
      applyCodecPreferences(peer.pc, config, logger);
    }
  }

  /**
   * Codec preferences and bitrate caps from the config. The answerer's transceivers appear
   * when the remote offer is applied (`have-remote-offer`), before its answer is made; caps
   * need negotiated senders, so they follow each return to `stable`. Returns the teardown.
   */
  #tunePeer(pc: RTCPeerConnection): () => void {
    const { config, logger } = this.#ctx;
    const onSignalingState = () => {
      if (pc.signalingState === 'have-remote-offer') applyCodecPreferences(pc, config, logger);
      else if (pc.signalingState === 'stable') void applyBitrateLimits(pc, config, logger);
    };
    pc.addEventListener('signalingstatechange', onSignalingState);
    return () => pc.removeEventListener('signalingstatechange', onSignalingState);
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
        if (!this.audioEnabled || !this.videoEnabled || this.screenSharing) this.#broadcastMedia();
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

  #emitMachineEvent(name: MachineEventName, detail: EmitDetail): void {
    // Stats start with the call itself (nothing to measure while it rings).
    if (name === 'state-change' && detail.state === 'connected' && this.#poller.intervalSeconds !== this.#statsInterval) {
      this.#poller.intervalSeconds = this.#statsInterval;
    }
    this.#emit(name, detail as SessionEventDetail[typeof name]);
    if (name === 'session-closed') this.#dispose(detail.reason ?? 'hang-up');
  }

  #emit<K extends keyof SessionEventDetail>(name: K, detail: SessionEventDetail[K]): void {
    this.dispatchEvent(new CustomEvent(name, { detail }));
  }

  /** The one teardown: every peer, timer and track is gone once the session is closed. */
  #dispose(reason: EndReason): void {
    this.#poller.stop();
    for (const recorder of this.#recorders) void recorder.stop();
    for (const unsubscribe of [...this.#sinks]) unsubscribe();
    for (const teardown of this.#peerTeardown.values()) teardown();
    this.#peerTeardown.clear();
    for (const peer of this.#peers.values()) peer.close();
    this.#peers.clear();
    this.#bufferedCandidates.clear();
    this.#lastAccept.clear();
    this.#timers.cancelAll();
    this.#local.dispose();
    const reply = this.#machine.joined ? 'hangUp' : 'reject';
    this.#ctx.onClosed(this, { type: reply, reason });
  }
}

type MachineEventName = Exclude<
  keyof SessionEventDetail,
  'remote-track' | 'local-stream' | 'error' | 'local-media-change' | 'devices-change' | 'stats' | 'active-speaker'
>;

type EnvelopeKey = 'version' | 'sessionID' | 'callerID' | 'opponentsIDs';
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function userInfoOf(signal: { userInfo?: UserInfo }): { userInfo?: UserInfo } {
  return signal.userInfo ? { userInfo: signal.userInfo } : {};
}
