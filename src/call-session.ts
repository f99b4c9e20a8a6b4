/**
 * One call. A thin interpreter around the pure session machine: it feeds the machine
 * events (local actions, signaling, media-backend reports, timers) and carries out the
 * effects it returns through the media backend, the envelope, timers and DOM-free events.
 */
import { DeferredBackend } from './backends/deferred-backend.js';
import type { MediaBackend, MediaBackendInit, StatsSource } from './backends/media-backend.js';
import { PeerSet } from './backends/mesh/peer-set.js';
import type { CallConfig, VideoFormat } from './config.js';
import { envelope, type MessageBody } from './envelope.js';
import { CallError, toCallError } from './errors.js';
import type { Logger } from './log.js';
import type { AudioSink } from './media/audio-sink.js';
import { listDevices, type DeviceList, type InputKind } from './media/devices.js';
import { mediaGranted } from './media/media-permissions.js';
import { usePart } from './load-part.js';
import { LocalMediaController } from './media/local-media-controller.js';
import { getLocalMedia, stopStream } from './media/local-media.js';
import { replaceSentTrack } from './media/sender-tracks.js';
import type { CallRecorder, RecordingOptions } from './media/recorder.js';
import { SessionMediaTaps } from './media/session-media-taps.js';
import type { CallSessionEventMap, Emit } from './session-events.js';
import { createMachineState, timerKey, transition, type Effect, type MachineEvent, type OutgoingSignal, type SessionMachineState } from './session-machine.js';
import type { CallType, SfuRoom, SignalMessage, UserInfo } from './signaling/protocol.js';
import { isTerminal, type ConnectionState, type EndReason, type SessionState } from './states.js';
import { ActiveSpeakerMonitor } from './stats/active-speaker-monitor.js';
import { StatsPoller } from './stats/stats-poller.js';
import type { StatsReport } from './stats/stats-report.js';
import { unsupportedReason } from './support.js';
import { TimerSet, type Clock } from './timers.js';
import { TypedEventTarget } from './typed-event-target.js';

export type { CallSessionEventMap, SessionEventDetail } from './session-events.js';
/** @deprecated the same as `MediaState`. */
export type { MediaState as LocalMediaState } from './signaling/protocol.js';

export interface SessionActionOptions {
  userInfo?: UserInfo;
  /**
   * `start()` / `accept()`: a camera/microphone stream that is already open (a pre-join
   * self-view's), to call with instead of opening them again: no second permission round, no
   * camera light going off and on, and no camera start-up between accept and the first frame.
   * The session takes it over: it keeps the live tracks of the kinds the call sends, stops
   * the others, and stops it when the call ends. If it lacks a live track of a kind the call
   * sends, the session stops it and opens its own.
   */
  stream?: MediaStream;
}

/** What a session needs from its client; not part of the public API. */
export interface SessionContext {
  self: string;
  clock: Clock;
  logger: Logger;
  send(to: string, message: SignalMessage): void;
  /** ICE servers the relay issued (TURN credentials), now; added after `config.iceServers`. */
  relayIceServers?(): RTCIceServer[];
  /** Calls `listener` when the relay issues fresh ones; returns the unsubscribe. */
  onRelayIceServers?(listener: () => void): () => void;
  onClosed(session: CallSession, reply: { type: 'reject' | 'hangUp'; reason: EndReason }): void;
}

export interface SessionInit {
  id: string;
  initiator: string;
  opponents: readonly string[];
  callType: CallType;
  media: { audio: boolean; video: boolean };
  /** This call's settings (the client's config with the call's own overrides). */
  config: CallConfig;
  /** How media travels (default `mesh`); `sfu`: through the room in `sfuRoom` (callee) or one this side creates (caller). */
  topology?: 'mesh' | 'sfu';
  sfuRoom?: SfuRoom;
}

export class CallSession extends TypedEventTarget<CallSessionEventMap> {
  readonly id: string;
  /** The user who started the call. */
  readonly initiator: string;
  /** Everyone in the call except the initiator. */
  readonly opponents: readonly string[];
  readonly callType: CallType;
  /** This call's settings, fixed when the session was made. */
  readonly config: CallConfig;
  /** `mesh` (peer to peer) or `sfu` (conference mode, through the SFU), decided by the caller when the call started. */
  readonly topology: 'mesh' | 'sfu';
  #machine: SessionMachineState;
  #ctx: SessionContext;
  #timers: TimerSet;
  #media: MediaBackend;
  #local: LocalMediaController;
  #wants: { audio: boolean; video: boolean };
  #queue: MachineEvent[] = [];
  #running = false;
  #mediaRequested = false;
  /**
   * Messages held back per user: the caller's `call` and candidates until its camera is open
   * unless the browser has granted it already (the offer is made while it opens; nobody rings
   * for a call whose camera is denied), a
   * ringing callee's candidates in `'local'` mode until accept. `undefined`: nothing held.
   */
  #held: Map<string, MessageBody[]> | undefined;
  #statsInterval: number;
  #poller: StatsPoller;
  #speaker: ActiveSpeakerMonitor;
  #taps: SessionMediaTaps;
  #stopRelayIce: () => void;

  /** @internal Sessions are made by `CallClient.createSession` or arrive through its `incoming` event. */
  constructor(init: SessionInit, ctx: SessionContext) {
    super();
    this.id = init.id;
    this.initiator = init.initiator;
    this.opponents = [...init.opponents];
    this.callType = init.callType;
    this.config = init.config;
    this.topology = init.topology ?? 'mesh';
    this.#wants = { ...init.media };
    this.#ctx = ctx;
    this.#timers = new TimerSet(ctx.clock);
    const { config } = init;
    this.#statsInterval = config.statsInterval;
    const iceServers = () => [...config.iceServers, ...(ctx.relayIceServers?.() ?? [])];
    const backendInit: MediaBackendInit = {
      self: ctx.self,
      config,
      iceServers,
      clock: ctx.clock,
      logger: ctx.logger,
      localStream: () => this.#local.stream,
      events: {
        onDescription: (userId, description) => this.#dispatch({ type: 'local-description', userId, description }),
        onCandidates: (userId, candidates) => this.#sendOrHold(userId, { type: 'iceCandidates', candidates }),
        onNetState: (userId, state) => this.#dispatch({ type: 'peer-state', userId, state }),
        onRemoteTrack: (userId, track, stream) => this.emit('remote-track', { userId, track, stream }),
        onError: (userId, error, during, final) => {
          const callError = new CallError('negotiation-failed', `connection to ${userId} failed while ${during}: ${String(error)}`, { cause: error });
          ctx.logger.warn(`session ${this.id}: ${callError.message}`);
          this.emit('error', { error: callError, userId });
          this.#dispatch({ type: 'peer-state', userId, state: 'failed', ...(final ? { final } : {}) });
        },
      },
    };
    // Conference mode's backend is a module of its own (a mesh call never downloads it).
    this.#media =
      this.topology === 'sfu'
        ? new DeferredBackend(
            async () =>
              (await import('./backends/sfu-session-backend.js')).sfuSessionBackend({
                ...backendInit,
                iceServers,
                sessionId: init.id,
                participants: [init.initiator, ...init.opponents].filter((id) => id !== ctx.self),
                room: init.sfuRoom,
              }),
            backendInit.events,
            'conference mode',
          )
        : new PeerSet(backendInit);
    // Fresh relay-issued TURN credentials reach live connections too, so coturn keeps accepting their allocation refreshes.
    this.#stopRelayIce = ctx.onRelayIceServers?.(() => this.#media.setIceServers?.(iceServers())) ?? (() => {});
    this.#local = new LocalMediaController({
      format: config.video,
      logger: ctx.logger,
      isClosed: () => this.state === 'closed',
      peerConnections: () => this.#media.sendingConnections?.() ?? [...this.#media.connections().values()],
      onStream: (stream) => this.emit('local-stream', { stream }),
      onStateChange: () => this.#mediaChanged(),
      onDevicesChange: (devices) => this.emit('devices-change', devices),
      onError: (error) => this.emit('error', { error }),
    });
    this.#speaker = new ActiveSpeakerMonitor(this, ctx.clock, (userId) => this.emit('active-speaker', { userId }));
    this.#poller = new StatsPoller({
      clock: ctx.clock,
      peers: () => this.#livePeers(),
      onReports: (reports) => this.#onStatsReports(reports),
      onError: (userId, error) => ctx.logger.warn(`session ${this.id}: could not read stats for ${userId}: ${String(error)}`),
    });
    this.#taps = new SessionMediaTaps({
      id: this.id,
      logger: ctx.logger,
      localStream: () => this.#local.stream,
      remoteStream: (userId) => this.remoteStream(userId),
      onLocalStream: (listener) => this.#on('local-stream', (event) => listener(event.detail)),
      onRemoteTrack: (listener) => this.#on('remote-track', (event) => listener(event.detail)),
    });
    this.#machine = createMachineState({
      sessionId: init.id,
      self: ctx.self,
      initiator: init.initiator,
      opponents: init.opponents,
      endsWithInitiator: this.topology === 'sfu',
      prepare: config.prepareWhileRinging,
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
    return this.#media.remoteStream(userId);
  }

  get remoteStreams(): Map<string, MediaStream> {
    const streams = new Map<string, MediaStream>();
    for (const userId of this.peers) {
      const stream = this.#media.remoteStream(userId);
      if (stream) streams.set(userId, stream);
    }
    return streams;
  }

  /** The peer connection to one user, for stats or advanced use. */
  peerConnection(userId: string): RTCPeerConnection | undefined {
    return this.#media.peerConnection(userId);
  }

  /**
   * Caller: opens the camera/microphone and, while it opens, makes the offers (the tracks
   * join their transceivers when ready); the offers and candidates leave once the camera is
   * open, then dialing starts.
   */
  async start(options: SessionActionOptions = {}): Promise<void> {
    if (this.direction !== 'outgoing' || this.state !== 'new' || this.#mediaRequested) {
      stopStream(options.stream);
      throw new CallError('invalid-state', `start() needs a new outgoing session; this one is ${this.direction} and ${this.state}`);
    }
    const unsupported = unsupportedReason();
    // Camera and microphone already granted: the offers leave as soon as they are made, while
    // the camera opens (if it still fails — busy, unplugged — the call ends with media-error and
    // everyone is told). Otherwise they wait for it: nobody rings for a call whose camera is denied.
    this.#held = unsupported || mediaGranted(this.#wants) ? undefined : new Map();
    // The camera starts opening first: the connections and offers are made while it opens.
    const media = this.#requestMedia(options.stream);
    if (!unsupported) this.#dispatch({ type: 'start', ...userInfoOf(options) });
    if (!(await this.#openMedia(media, options.stream))) return;
    this.#release();
  }

  /**
   * Callee: opens the camera/microphone and answers. The connection and the answer were
   * made while the call rang (`prepareWhileRinging`); the tracks join them here.
   */
  async accept(options: SessionActionOptions = {}): Promise<void> {
    if (this.direction !== 'incoming' || this.state !== 'pending' || this.#mediaRequested) {
      stopStream(options.stream);
      throw new CallError('invalid-state', `accept() needs a ringing incoming session; this one is ${this.direction} and ${this.state}`);
    }
    if (!(await this.#openMedia(this.#requestMedia(options.stream), options.stream))) return;
    this.#dispatch({ type: 'accept', ...userInfoOf(options) });
    this.#release();
  }

  /** Callee: declines a ringing call; every participant is told. */
  reject(options: SessionActionOptions = {}): void {
    this.#dispatch({ type: 'reject', ...userInfoOf(options) });
  }

  /** Leaves the call (or declines it, if it still rings here); every participant is told. */
  hangUp(options: SessionActionOptions & { reason?: EndReason } = {}): void {
    this.#dispatch({ type: 'hang-up', ...userInfoOf(options), ...(options.reason ? { reason: options.reason } : {}) });
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

  /**
   * Which video layer to receive from one user: `low` for a small tile, `high` (default) for
   * a large one. Conference mode asks the SFU for that simulcast layer; a mesh call ignores it.
   */
  setReceiveQuality(userId: string, quality: 'low' | 'high'): void {
    if (quality !== 'low' && quality !== 'high') {
      this.#ctx.logger.warn(`setReceiveQuality(${userId}): expected "low" or "high", got ${String(quality)}; unchanged`);
      return;
    }
    this.#media.setReceiveQuality?.(userId, quality);
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

  /** The formats (width, height, frame rate) the camera in use offers, for `setVideoFormat`; the seed's `formatsWithPosition`. */
  cameraFormats(): VideoFormat[] {
    return this.#local.cameraFormats();
  }

  /** Changes the camera's size and frame rate during the call (the peers decode the new size). Rejects with `CallError`. */
  setVideoFormat(format: VideoFormat): Promise<void> {
    return this.#local.setVideoFormat(format);
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

  /** Seconds between `stats` events (and active-speaker updates); 0 turns them off. Changes apply live. */
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
  }

  /** One stats report per connected peer, now. */
  getStats(): Promise<Map<string, StatsReport>> {
    return this.#poller.collect();
  }

  /**
   * Records the call (1:1 only, like the seed): by default the remote picture with the local
   * one as picture-in-picture and both voices mixed; `composed: false` records the remote
   * stream as it arrives. Stops by itself when the session closes. Rejects with `CallError`
   * (also when the recorder's code, a module of its own loaded by the first recording, does
   * not load). Resolves once the recording runs.
   */
  async startRecording(options: RecordingOptions = {}): Promise<CallRecorder> {
    if (this.state === 'closed') throw new CallError('invalid-state', 'This call has ended; there is nothing to record.');
    // Conference mode records one remote user, named in `options.userId`.
    if (this.peers.length !== 1 && !(this.topology === 'sfu' && options.userId)) {
      const how = this.topology === 'sfu' ? ' (in conference mode: name one person with options.userId)' : '';
      throw new CallError('not-supported', `Recording supports 1:1 calls only${how}; this call has ${this.peers.length + 1} people.`);
    }
    const userId = options.userId ?? this.peers[0]!;
    if (!this.peers.includes(userId)) throw new CallError('invalid-argument', `startRecording: ${userId} is not in this call.`);
    const live = !isTerminal(this.connectionState(userId)) && this.#statsSource(userId) !== undefined;
    const remote = live ? this.#media.remoteStream(userId) : undefined;
    if (!remote) throw new CallError('invalid-state', `Not connected to ${userId} yet; start recording once the call is connected.`);
    return this.#taps.record(remote, options);
  }

  /**
   * Delivers one user's raw audio (what this side receives from them) to `sink`, in blocks
   * of 1024 samples per channel. Starts when their audio arrives if it has not yet. Returns
   * the unsubscribe, which releases the audio graph; the session's end releases it too.
   */
  addAudioSink(userId: string, sink: AudioSink): () => void {
    if (!this.peers.includes(userId) || this.state === 'closed' || typeof sink !== 'function') {
      const why = typeof sink !== 'function' ? 'sink is not a function' : 'no such user in a live call';
      this.#ctx.logger.warn(`session ${this.id}: addAudioSink(${userId}) ignored: ${why}`);
      return () => {};
    }
    return this.#taps.addAudioSink(userId, sink);
  }

  /** Listens to one of this session's own events; returns the unsubscribe. */
  #on<K extends keyof CallSessionEventMap>(name: K, listener: (event: CallSessionEventMap[K]) => void): () => void {
    this.addEventListener(name, listener);
    return () => this.removeEventListener(name, listener);
  }

  /** @internal Called by the client with a validated message for this session. */
  handleSignal(from: string, message: SignalMessage): void {
    this.#dispatch({ type: 'signal', from, message });
  }

  /** Starts opening the camera/microphone (or takes over `handed`); `#openMedia` awaits it. */
  #requestMedia(handed: MediaStream | undefined): Promise<MediaStream> {
    this.#mediaRequested = true;
    const unsupported = unsupportedReason();
    if (unsupported) return Promise.reject(unsupported);
    const stream = this.#takeOver(handed);
    return stream ? Promise.resolve(stream) : getLocalMedia({ ...this.#wants, format: this.config.video });
  }

  async #openMedia(request: Promise<MediaStream>, handed: MediaStream | undefined): Promise<boolean> {
    try {
      const stream = await request;
      if (this.state === 'closed') {
        // Hung up while the camera was opening: release it at once.
        stopStream(stream);
        return false;
      }
      this.#local.attach(stream);
      // Connections made before the camera opened (offer or answer made meanwhile) send its tracks now.
      const pcs = this.#media.sendingConnections?.() ?? [...this.#media.connections().values()];
      for (const track of stream.getTracks()) void replaceSentTrack(pcs, track.kind as 'audio' | 'video', track);
      this.#media.localStreamOpened?.(stream);
      this.emit('local-stream', { stream });
      this.#dispatch({ type: 'local-media', media: this.#local.state });
      return true;
    } catch (error) {
      stopStream(handed);
      const callError = toCallError(error, 'media-error');
      this.#ctx.logger.warn(`session ${this.id}: ${callError.message}`);
      this.emit('error', { error: callError });
      // Nobody is left waiting on a call that cannot have media.
      this.#dispatch({ type: 'hang-up', reason: 'media-error' });
      throw callError;
    }
  }

  /** `handed` (see `SessionActionOptions.stream`) with only the kinds this call sends, or undefined (and stopped) if it lacks one. */
  #takeOver(handed: MediaStream | undefined): MediaStream | undefined {
    if (!handed) return undefined;
    const live = (kind: 'audio' | 'video') => handed.getTracks().some((t) => t.kind === kind && t.readyState === 'live');
    if ((this.#wants.audio && !live('audio')) || (this.#wants.video && !live('video'))) {
      this.#ctx.logger.info(`session ${this.id}: the stream handed over lacks a live track this call sends; opening the devices instead`);
      stopStream(handed);
      return undefined;
    }
    for (const track of handed.getTracks()) {
      if (this.#wants[track.kind as 'audio' | 'video']) continue;
      track.stop();
      handed.removeTrack(track);
    }
    return handed;
  }

  /** The machine tells the peers (`update`); this side's listeners hear `local-media-change`. */
  #mediaChanged(): void {
    this.#dispatch({ type: 'local-media', media: this.#local.state });
    this.emit('local-media-change', this.#local.state);
  }

  /** Peers worth measuring: connected (or briefly disconnected) ones. */
  *#livePeers(): Iterable<[string, StatsSource]> {
    if (!this.#media.statsSource) {
      for (const [userId, pc] of this.#media.connections()) {
        if (pc.connectionState === 'connected' || pc.connectionState === 'disconnected') yield [userId, pc];
      }
      return;
    }
    for (const userId of this.peers) {
      const source = this.#media.statsSource(userId);
      const state = this.connectionState(userId);
      if (source && (state === 'connected' || state === 'disconnected')) yield [userId, source];
    }
  }

  #statsSource(userId: string): StatsSource | undefined {
    return this.#media.statsSource ? this.#media.statsSource(userId) : this.#media.connections().get(userId);
  }

  #onStatsReports(reports: Map<string, StatsReport>): void {
    if (this.state === 'closed') return;
    for (const [userId, report] of reports) this.emit('stats', { userId, report });
    // `statsString` lines are logged at `verboseWithWebRTC` only; its formatter loads with the first of them.
    if (this.config.logLevel !== 'verboseWithWebRTC') return;
    usePart(
      () => import('./stats/stats-report.js'),
      `session ${this.id}: the stats formatter`,
      this.#ctx.logger,
      ({ statsString }) => {
        for (const [userId, report] of reports) this.#ctx.logger.webrtc(`session ${this.id}: stats for ${userId}\n${statsString(report)}`);
      },
    );
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
    switch (effect.type) {
      case 'create-peer':
        this.#media.open(effect.userId, {
          offerer: effect.offerer,
          localStream: this.#local.stream,
          send: this.#wants,
          receive: { audio: true, video: this.callType === 'video' },
        });
        return;
      case 'answer-offer':
        this.#media.answer(effect.userId, effect.offer, this.#local.stream);
        return;
      case 'apply-remote':
        this.#media.applyRemote(effect.userId, effect.description);
        return;
      case 'add-candidates':
        this.#media.addCandidates(effect.userId, effect.candidates);
        return;
      case 'restart-ice':
        this.#media.restartIce(effect.userId);
        return;
      case 'close-peer':
        this.#media.close(effect.userId);
        return;
      case 'send':
        this.#sendSignal(effect.to, effect.signal);
        return;
      case 'stop-media':
        this.#local.dispose();
        return;
      case 'start-timer': {
        const id = effect.id;
        this.#timers.start(timerKey(id), effect.ms, () => this.#dispatch({ type: 'timer', id }));
        return;
      }
      case 'cancel-timer':
        this.#timers.cancel(timerKey(effect.id));
        return;
      case 'emit':
        this.#emitMachineEvent(effect);
        return;
      case 'log':
        this.#ctx.logger[effect.level](`session ${this.id}: ${effect.message}`);
        return;
    }
  }

  /** Fills in what only the media layer knows (the offer's SDP) and sends. */
  #sendSignal(to: string, signal: OutgoingSignal): void {
    if (signal.type === 'call') {
      const offer = this.#media.localOffer(to);
      if (!offer) return;
      const room = this.#media.room;
      this.#sendOrHold(to, {
        type: 'call',
        callType: this.callType,
        sdp: { type: 'offer', sdp: offer.sdp },
        ...userInfoOf(signal),
        ...(room ? { sfu: room } : {}),
      });
      return;
    }
    if (signal.type === 'accept') this.#send(to, { ...signal, sdp: { type: 'answer', sdp: signal.sdp.sdp } });
    else this.#send(to, signal);
  }

  #send(to: string, body: MessageBody): void {
    const held = this.#held?.get(to);
    if (held && (body.type === 'hangUp' || body.type === 'reject') && held.some((b) => b.type === 'call')) {
      // Our call never left: there is nobody to tell.
      this.#held?.delete(to);
      return;
    }
    this.#ctx.send(to, envelope(this, body));
  }

  /** Sends now, or holds while `#held` is set (see there); a re-sent `call` replaces the held one. */
  #sendOrHold(to: string, body: MessageBody): void {
    const ringingLocal = this.direction === 'incoming' && !this.#machine.joined && this.config.prepareWhileRinging === 'local';
    if (ringingLocal && this.state !== 'closed') this.#held ??= new Map();
    const held = this.#held;
    if (!held) {
      this.#send(to, body);
      return;
    }
    const queue = (held.get(to) ?? []).filter((b) => !(body.type === 'call' && b.type === 'call'));
    held.set(to, [...queue, body]);
  }

  /** Sends everything held, in order, and stops holding. */
  #release(): void {
    const held = this.#held;
    this.#held = undefined;
    if (this.state === 'closed') return;
    for (const [to, bodies] of held ?? []) for (const body of bodies) this.#send(to, body);
  }

  #emitMachineEvent(effect: Emit): void {
    // `verbose`: one line per state change, of the session and of each peer's connection.
    if (effect.event === 'state-change') this.#ctx.logger.info(`session ${this.id}: state ${effect.detail.state}`);
    else if (effect.event === 'connection-state-change') {
      this.#ctx.logger.info(`session ${this.id}: connection to ${effect.detail.userId} ${effect.detail.state}`);
    }
    // Stats start with the call itself (nothing to measure while it rings).
    if (effect.event === 'state-change' && effect.detail.state === 'connected' && this.#poller.intervalSeconds !== this.#statsInterval) {
      this.#poller.intervalSeconds = this.#statsInterval;
    }
    this.dispatchEvent(new CustomEvent(effect.event, { detail: effect.detail }));
    if (effect.event === 'session-closed') this.#dispose(effect.detail.reason);
  }

  /** The one teardown: every peer, timer and track is gone once the session is closed. */
  #dispose(reason: EndReason): void {
    this.#poller.stop();
    this.#speaker.dispose();
    this.#taps.stopAll();
    this.#stopRelayIce();
    this.#media.closeAll();
    this.#timers.cancelAll();
    this.#local.dispose();
    const reply = this.#machine.joined ? 'hangUp' : 'reject';
    this.#ctx.onClosed(this, { type: reply, reason });
  }
}

function userInfoOf(from: { userInfo?: UserInfo | undefined }): { userInfo?: UserInfo } {
  return from.userInfo ? { userInfo: from.userInfo } : {};
}
