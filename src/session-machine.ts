/**
 * The call session as a pure state machine: `transition(state, event) → { state, effects }`.
 * No I/O, no timers, no clock: time arrives as `timer` events, media and network results
 * arrive as events, and everything the session must do is returned as data (effects) for
 * `CallSession` to carry out. Stale timers and late messages come back as a `log` effect
 * and change nothing.
 */
import type { ConnectionState, EndReason, SessionState } from './states.js';
import { isTerminal } from './states.js';
import type { Emit, MachineEventName, SessionEventDetail } from './session-events.js';
import type { MediaState, SignalMessage, UserInfo, WireCandidate, WireDescription } from './signaling/protocol.js';

/** One remote participant, seen from this user. */
export interface PeerEntry {
  readonly state: ConnectionState;
  /** This side makes the first offer for this pair (SPEC §3 mesh rule). */
  readonly offerer: boolean;
  /** The first offer/answer for this pair is done (offerer: `accept` received; answerer: answer sent). */
  readonly answered: boolean;
  /** Offerer: a local offer exists and `call` may be sent. */
  readonly offerReady: boolean;
  /** Answerer: the offer received in `call`, kept until the local user accepts. */
  readonly pendingOffer: WireDescription | undefined;
  /** Answerer: the answer sent in `accept`, sent again if the caller is still dialing (it was lost). */
  readonly sentAnswer: WireDescription | undefined;
  readonly everConnected: boolean;
  readonly iceRestarts: number;
}

export interface MachineTimings {
  dialingMs: number;
  answerMs: number;
  disconnectMs: number;
  /** Delay before an ICE restart once a peer is `disconnected` (SPEC: 2 s). */
  iceRestartDelayMs: number;
}

export interface SessionMachineState {
  readonly sessionId: string;
  readonly self: string;
  readonly initiator: string;
  readonly direction: 'outgoing' | 'incoming';
  readonly session: SessionState;
  /** Local user has started (caller) or accepted (callee). */
  readonly joined: boolean;
  readonly peers: Readonly<Record<string, PeerEntry>>;
  /** The timers this session has running: every one is cancelled when it closes. */
  readonly timers: readonly TimerId[];
  /** This side's mic/camera/screen state, as last reported by the media layer. */
  readonly localMedia: MediaState | undefined;
  readonly callUserInfo: UserInfo | undefined;
  readonly acceptUserInfo: UserInfo | undefined;
  readonly timings: MachineTimings;
  readonly closeReason: EndReason | undefined;
  /** Conference mode: the caller's hang-up ends the call for everyone (its room goes with it). */
  readonly endsWithInitiator: boolean;
}

/** What the network layer reports for a peer connection. */
export type PeerNetState = 'checking' | 'connecting' | 'connected' | 'disconnected' | 'failed';

export type MachineEvent =
  | { type: 'start'; userInfo?: UserInfo }
  | { type: 'accept'; userInfo?: UserInfo }
  | { type: 'reject'; userInfo?: UserInfo; reason?: EndReason }
  | { type: 'hang-up'; userInfo?: UserInfo; reason?: EndReason }
  | { type: 'signal'; from: string; message: SignalMessage }
  | { type: 'local-description'; userId: string; description: WireDescription }
  /** `final`: the media path cannot come back (an SFU that went away): no ICE restart, the peer ends `failed` at once. */
  | { type: 'peer-state'; userId: string; state: PeerNetState; final?: boolean }
  | { type: 'local-media'; media: MediaState }
  | { type: 'timer'; id: TimerId };

/** A running timer: per peer (answer, disconnect, ICE restart) or per session (dialing, ringing). */
export type TimerId = { kind: 'answer' | 'disconnect' | 'ice-restart'; userId: string } | { kind: 'dial' | 'ring' };

/** The one string form of a timer id (for maps and logs). */
export function timerKey(id: TimerId): string {
  return 'userId' in id ? `${id.kind}:${id.userId}` : id.kind;
}

export type { Emit, MachineEventName };

/** A message for the session to send; it fills in SDP, ids and the envelope. */
export type OutgoingSignal =
  | { type: 'call'; userInfo?: UserInfo }
  | { type: 'accept'; sdp: WireDescription; userInfo?: UserInfo }
  | { type: 'reject'; reason?: EndReason; userInfo?: UserInfo }
  | { type: 'hangUp'; reason?: EndReason; userInfo?: UserInfo }
  | { type: 'update'; sdp: WireDescription }
  | { type: 'update'; media: MediaState };

export type Effect =
  | { type: 'create-peer'; userId: string; offerer: boolean }
  | { type: 'answer-offer'; userId: string; offer: WireDescription }
  | { type: 'apply-remote'; userId: string; description: WireDescription }
  | { type: 'add-candidates'; userId: string; candidates: WireCandidate[] }
  | { type: 'restart-ice'; userId: string }
  | { type: 'close-peer'; userId: string }
  | { type: 'send'; to: string; signal: OutgoingSignal }
  | { type: 'stop-media' }
  | { type: 'start-timer'; id: TimerId; ms: number }
  | { type: 'cancel-timer'; id: TimerId }
  | Emit
  | { type: 'log'; level: 'info' | 'warn'; message: string };

export interface Step {
  state: SessionMachineState;
  effects: Effect[];
}

export const DIAL_TIMER: TimerId = { kind: 'dial' };
export const RING_TIMER: TimerId = { kind: 'ring' };
export const answerTimer = (userId: string): TimerId => ({ kind: 'answer', userId });
export const disconnectTimer = (userId: string): TimerId => ({ kind: 'disconnect', userId });
export const iceRestartTimer = (userId: string): TimerId => ({ kind: 'ice-restart', userId });

/** How many ICE restarts a peer that never connected gets before it is `failed`. */
const MAX_INITIAL_ICE_RESTARTS = 1;

function newPeer(offerer: boolean): PeerEntry {
  return {
    state: 'new',
    offerer,
    answered: false,
    offerReady: false,
    pendingOffer: undefined,
    sentAnswer: undefined,
    everConnected: false,
    iceRestarts: 0,
  };
}

/**
 * Mesh rule: the initiator offers to everyone; between two callees the one whose ID sorts
 * higher offers. So every pair has exactly one offerer.
 */
export function isOffererFor(self: string, other: string, initiator: string): boolean {
  if (self === initiator) return true;
  if (other === initiator) return false;
  return self > other;
}

interface CreateOptions {
  sessionId: string;
  self: string;
  initiator: string;
  /** Everyone in the session except the initiator (the wire's `opponentsIDs`). */
  opponents: readonly string[];
  timings: MachineTimings;
  /** See `SessionMachineState.endsWithInitiator` (default false: a mesh call goes on without its caller). */
  endsWithInitiator?: boolean;
}

export function createMachineState(options: CreateOptions): SessionMachineState {
  const everyone = [options.initiator, ...options.opponents].filter((id) => id !== options.self);
  const peers: Record<string, PeerEntry> = {};
  for (const id of everyone) peers[id] = newPeer(isOffererFor(options.self, id, options.initiator));
  return {
    sessionId: options.sessionId,
    self: options.self,
    initiator: options.initiator,
    direction: options.self === options.initiator ? 'outgoing' : 'incoming',
    session: 'new',
    joined: false,
    peers,
    timers: [],
    localMedia: undefined,
    callUserInfo: undefined,
    acceptUserInfo: undefined,
    timings: options.timings,
    closeReason: undefined,
    endsWithInitiator: options.endsWithInitiator ?? false,
  };
}

/** Builds one step from a state: small mutable helpers over immutable data. */
class StepBuilder {
  effects: Effect[] = [];
  constructor(public state: SessionMachineState) {}

  patch(patch: Partial<SessionMachineState>): void {
    this.state = { ...this.state, ...patch };
  }

  peer(userId: string): PeerEntry | undefined {
    return this.state.peers[userId];
  }

  patchPeer(userId: string, patch: Partial<PeerEntry>): void {
    const current = this.state.peers[userId];
    if (!current) return;
    this.patch({ peers: { ...this.state.peers, [userId]: { ...current, ...patch } } });
  }

  emit<K extends MachineEventName>(event: K, detail: SessionEventDetail[K]): void {
    this.effects.push({ type: 'emit', event, detail } as Emit);
  }

  hasTimer(id: TimerId): boolean {
    const key = timerKey(id);
    return this.state.timers.some((t) => timerKey(t) === key);
  }

  do(effect: Effect): void {
    this.effects.push(effect);
  }

  log(message: string, level: 'info' | 'warn' = 'info'): void {
    this.effects.push({ type: 'log', level, message });
  }

  /**
   * Moves a peer to a new connection state with the seed's callbacks, in the seed's order.
   * A peer that ends (a terminal state) gives, in this order: `cause` (`hung-up`,
   * `rejected` or `user-not-answered`, with the peer's userInfo) when there is one,
   * `connection-state-change`, `connection-failed` (state `failed`), `disconnected`,
   * then `connection-closed` once its connection is closed; `session-closed` follows
   * when it was the last peer (see `close`). This is the one place that order is made.
   */
  setPeerState(userId: string, next: ConnectionState, cause?: Emit): void {
    const current = this.peer(userId);
    if (!current || current.state === next) return;
    this.patchPeer(userId, { state: next, ...(next === 'connected' ? { everConnected: true, iceRestarts: 0 } : {}) });
    if (cause && isTerminal(next)) this.effects.push(cause);
    this.emit('connection-state-change', { userId, state: next });
    if (next === 'connecting') {
      this.emit('connecting', { userId });
      // A connection that never comes up must not hang in `connecting`: it gets the same
      // bound as a dropped one, and ends `failed`.
      if (!current.everConnected) this.startTimer(disconnectTimer(userId), this.state.timings.disconnectMs);
    }
    if (next === 'connected') this.emit('connected', { userId });
    if (next === 'disconnected') this.emit('disconnected', { userId });
    if (next === 'failed') this.emit('connection-failed', { userId });
    if (isTerminal(next)) {
      for (const id of [answerTimer(userId), disconnectTimer(userId), iceRestartTimer(userId)]) this.cancelTimer(id);
      // The seed: "disconnectedFromUser first, then connectionClosedForUser when connection is fully closed".
      // (`disconnected` also fires alone when the network drops and the connection may recover.)
      this.emit('disconnected', { userId });
      this.do({ type: 'close-peer', userId });
      this.emit('connection-closed', { userId, state: next });
    }
  }

  startTimer(id: TimerId, ms: number): void {
    this.do({ type: 'start-timer', id, ms });
    if (!this.hasTimer(id)) this.patch({ timers: [...this.state.timers, id] });
  }

  cancelTimer(id: TimerId): void {
    if (!this.hasTimer(id)) return;
    this.do({ type: 'cancel-timer', id });
    this.#dropTimer(id);
  }

  /** Drops a fired timer from the running set; false if it was not running (stale). */
  takeTimer(id: TimerId): boolean {
    if (!this.hasTimer(id)) return false;
    this.#dropTimer(id);
    return true;
  }

  #dropTimer(id: TimerId): void {
    const key = timerKey(id);
    this.patch({ timers: this.state.timers.filter((t) => timerKey(t) !== key) });
  }

  /** Tells `to` this side's mic/camera/screen state, if it is not the default (all on, no screen). */
  announceMedia(to: string): void {
    const media = this.state.localMedia;
    if (media && (!media.audio || !media.video || media.screen)) this.send(to, { type: 'update', media });
  }

  send(to: string, signal: OutgoingSignal): void {
    this.do({ type: 'send', to, signal });
  }

  sendAccept(to: string, sdp: WireDescription): void {
    const userInfo = this.state.acceptUserInfo;
    this.send(to, { type: 'accept', sdp, ...(userInfo ? { userInfo } : {}) });
  }

  sendCall(to: string): void {
    const userInfo = this.state.callUserInfo;
    this.send(to, { type: 'call', ...(userInfo ? { userInfo } : {}) });
  }

  liveIds(): string[] {
    return Object.entries(this.state.peers)
      .filter(([, p]) => !isTerminal(p.state))
      .map(([id]) => id);
  }

  /** Offerer peers still waiting for `accept`. */
  unansweredOffers(): string[] {
    return this.liveIds().filter((id) => {
      const p = this.state.peers[id];
      return p !== undefined && p.offerer && !p.answered;
    });
  }

  stopDialingIfDone(): void {
    if (this.unansweredOffers().length === 0) this.cancelTimer(DIAL_TIMER);
  }

  /** Starts an offer to a peer: the network layer creates the connection and reports `local-description`. */
  beginOffer(userId: string): void {
    this.setPeerState(userId, 'pending');
    this.do({ type: 'create-peer', userId, offerer: true });
    this.startTimer(answerTimer(userId), this.state.timings.answerMs);
    if (!this.hasTimer(DIAL_TIMER)) this.startTimer(DIAL_TIMER, this.state.timings.dialingMs);
  }

  /** Answers the offer a peer sent, now that the local user has accepted. */
  answer(userId: string, offer: WireDescription): void {
    this.patchPeer(userId, { pendingOffer: undefined });
    this.setPeerState(userId, 'connecting');
    this.do({ type: 'create-peer', userId, offerer: false });
    this.do({ type: 'answer-offer', userId, offer });
  }

  /** Closes the whole session: every live peer closed, every timer cancelled, media stopped. */
  close(reason: EndReason): void {
    if (this.state.session === 'closed') return;
    for (const id of this.liveIds()) this.setPeerState(id, 'closed');
    for (const id of this.state.timers) this.do({ type: 'cancel-timer', id });
    this.patch({ timers: [], closeReason: reason });
    this.do({ type: 'stop-media' });
    this.updateSessionState();
  }

  /** Session state follows from the peers: `connected` is kept once reached, until closed. */
  updateSessionState(): void {
    const s = this.state;
    let next: SessionState;
    if (s.closeReason !== undefined) next = 'closed';
    else if (s.session === 'connected' || Object.values(s.peers).some((p) => p.state === 'connected')) next = 'connected';
    else if (s.joined && Object.values(s.peers).some((p) => ['connecting', 'checking', 'disconnected'].includes(p.state))) next = 'connecting';
    else if (s.joined || s.direction === 'incoming') next = 'pending';
    else next = 'new';
    if (next === s.session) return;
    this.patch({ session: next });
    this.emit('state-change', { state: next });
    if (next === 'closed') this.emit('session-closed', { reason: s.closeReason ?? 'hang-up' });
  }

  /**
   * After a peer ends: the session closes once no peer is left. A call still ringing here
   * also closes when nobody is calling any more (peers still `new` never offered to us).
   */
  closeIfEveryoneLeft(reason: EndReason): void {
    const ringing = this.state.direction === 'incoming' && !this.state.joined;
    const remaining = this.liveIds().filter((id) => !ringing || this.state.peers[id]?.state !== 'new');
    if (this.state.session !== 'closed' && remaining.length === 0) this.close(reason);
  }

  finish(): Step {
    this.updateSessionState();
    return { state: this.state, effects: this.effects };
  }
}

/** The event that says why a peer ended, for `setPeerState`'s `cause`. */
function cause<K extends MachineEventName>(event: K, detail: SessionEventDetail[K]): Emit {
  return { type: 'emit', event, detail } as Emit;
}

export function transition(state: SessionMachineState, event: MachineEvent): Step {
  const b = new StepBuilder(state);
  if (state.session === 'closed') {
    // A closed session never comes back: late messages and timers change nothing.
    const what = event.type === 'signal' ? `"${event.message.type}" from ${event.from}` : `"${event.type}"`;
    b.log(`session ${state.sessionId} is closed; ignoring ${what}`);
    return { state, effects: b.effects };
  }
  switch (event.type) {
    case 'start':
      onStart(b, event.userInfo);
      break;
    case 'accept':
      onAccept(b, event.userInfo);
      break;
    case 'reject':
      onLocalEnd(b, 'reject', event.reason ?? 'rejected', event.userInfo);
      break;
    case 'hang-up': {
      // Hanging up a call that still rings here is rejecting it.
      const ringing = b.state.direction === 'incoming' && !b.state.joined;
      onLocalEnd(b, ringing ? 'reject' : 'hangUp', event.reason ?? (ringing ? 'rejected' : 'hang-up'), event.userInfo);
      break;
    }
    case 'signal':
      onSignal(b, event.from, event.message);
      break;
    case 'local-description':
      onLocalDescription(b, event.userId, event.description);
      break;
    case 'peer-state':
      onPeerState(b, event.userId, event.state, event.final ?? false);
      break;
    case 'local-media':
      onLocalMedia(b, event.media);
      break;
    case 'timer':
      onTimer(b, event.id);
      break;
  }
  return b.finish();
}

function onStart(b: StepBuilder, userInfo: UserInfo | undefined): void {
  if (b.state.direction !== 'outgoing' || b.state.joined) {
    b.log('start ignored: the session was already started or is an incoming call', 'warn');
    return;
  }
  b.patch({ joined: true, callUserInfo: userInfo });
  for (const id of b.liveIds()) b.beginOffer(id);
}

function onAccept(b: StepBuilder, userInfo: UserInfo | undefined): void {
  if (b.state.direction !== 'incoming' || b.state.joined) {
    b.log('accept ignored: the session is not a ringing incoming call', 'warn');
    return;
  }
  b.patch({ joined: true, acceptUserInfo: userInfo });
  b.cancelTimer(RING_TIMER);
  for (const id of b.liveIds()) {
    const peer = b.peer(id);
    if (!peer) continue;
    if (peer.offerer) b.beginOffer(id);
    else if (peer.pendingOffer) b.answer(id, peer.pendingOffer);
    // An answerer peer with no offer yet is a callee that has not accepted; its `call` comes when it does.
  }
}

function onLocalEnd(b: StepBuilder, message: 'reject' | 'hangUp', reason: EndReason, userInfo: UserInfo | undefined): void {
  if (message === 'reject' && (b.state.direction !== 'incoming' || b.state.joined)) {
    b.log('reject ignored: only a ringing incoming call can be rejected; use hangUp', 'warn');
    return;
  }
  // Everyone still in the call hears it, including peers still ringing. A caller that
  // never started has contacted nobody.
  if (b.state.joined || b.state.direction === 'incoming') {
    for (const to of b.liveIds()) b.send(to, { type: message, reason, ...(userInfo ? { userInfo } : {}) });
  }
  b.close(reason);
}

function onSignal(b: StepBuilder, from: string, message: SignalMessage): void {
  const peer = b.peer(from);
  if (!peer) {
    b.log(`"${message.type}" from ${from}, who is not in session ${b.state.sessionId}; ignored`, 'warn');
    return;
  }
  if (isTerminal(peer.state)) {
    b.log(`"${message.type}" from ${from}, whose connection already ended (${peer.state}); ignored`);
    return;
  }
  switch (message.type) {
    case 'call': {
      if (peer.offerer) {
        b.log(`"call" from ${from}, but this side offers to ${from}; ignored`, 'warn');
        return;
      }
      if (peer.answered) {
        // The caller is still dialing: our `accept` was lost. Say it again.
        if (peer.sentAnswer) b.sendAccept(from, peer.sentAnswer);
        return;
      }
      if (b.state.joined) b.answer(from, message.sdp);
      else {
        b.patchPeer(from, { pendingOffer: message.sdp });
        b.setPeerState(from, 'pending');
        if (!b.hasTimer(RING_TIMER)) b.startTimer(RING_TIMER, b.state.timings.answerMs);
      }
      return;
    }
    case 'accept': {
      if (!peer.offerer || peer.answered) {
        b.log(`unexpected "accept" from ${from}; ignored`);
        return;
      }
      b.patchPeer(from, { answered: true });
      b.cancelTimer(answerTimer(from));
      b.stopDialingIfDone();
      b.setPeerState(from, 'connecting');
      b.emit('accepted', { userId: from, ...(message.userInfo ? { userInfo: message.userInfo } : {}) });
      b.do({ type: 'apply-remote', userId: from, description: message.sdp });
      // They show our mute state from the start.
      b.announceMedia(from);
      return;
    }
    case 'reject':
    case 'hangUp': {
      const detail: SessionEventDetail['hung-up'] = {
        userId: from,
        ...(message.userInfo ? { userInfo: message.userInfo } : {}),
        ...(message.reason ? { reason: message.reason } : {}),
      };
      const ringingOut = peer.offerer && !peer.answered;
      if (message.type === 'reject') {
        b.setPeerState(from, 'rejected', cause('rejected', detail));
      } else if (message.reason === 'no-answer' && ringingOut) {
        b.setPeerState(from, 'no-answer', cause('user-not-answered', detail));
      } else if (message.reason === 'failed' || message.reason === 'disconnect-timeout') {
        // The connection broke and the other side noticed first: it ends the same way here.
        b.setPeerState(from, message.reason);
      } else {
        b.setPeerState(from, 'hang-up', cause('hung-up', detail));
      }
      b.stopDialingIfDone();
      if (message.type === 'hangUp' && from === b.state.initiator && b.state.endsWithInitiator) {
        // Conference mode: the caller took the room with them; everyone was told by the caller.
        b.close(message.reason ?? 'hang-up');
        return;
      }
      b.closeIfEveryoneLeft(message.type === 'reject' ? 'rejected' : 'hang-up');
      return;
    }
    case 'iceCandidates':
      b.do({ type: 'add-candidates', userId: from, candidates: message.candidates });
      return;
    case 'update':
      if (message.sdp) {
        if (!peer.answered) {
          b.log(`"update" with SDP from ${from} before the call was answered; ignored`);
        } else b.do({ type: 'apply-remote', userId: from, description: message.sdp });
      }
      if (message.media) b.emit('remote-media-change', { userId: from, media: message.media });
      return;
  }
}

function onLocalDescription(b: StepBuilder, userId: string, description: WireDescription): void {
  const peer = b.peer(userId);
  if (!peer || isTerminal(peer.state)) return;
  if (description.type === 'offer' && peer.offerer && !peer.answered) {
    b.patchPeer(userId, { offerReady: true });
    b.sendCall(userId);
    return;
  }
  if (description.type === 'answer' && !peer.offerer && !peer.answered) {
    b.patchPeer(userId, { answered: true, sentAnswer: description });
    b.sendAccept(userId, description);
    // The caller shows our mute state from the start.
    b.announceMedia(userId);
    return;
  }
  b.send(userId, { type: 'update', sdp: description });
}

function onPeerState(b: StepBuilder, userId: string, net: PeerNetState, final: boolean): void {
  const peer = b.peer(userId);
  if (!peer || isTerminal(peer.state)) return;
  switch (net) {
    case 'connecting':
      if (peer.state === 'pending' || peer.state === 'new') b.setPeerState(userId, 'connecting');
      return;
    case 'checking':
      if (['pending', 'new', 'connecting'].includes(peer.state)) b.setPeerState(userId, 'checking');
      return;
    case 'connected':
      b.cancelTimer(disconnectTimer(userId));
      b.cancelTimer(iceRestartTimer(userId));
      b.setPeerState(userId, 'connected');
      return;
    case 'disconnected':
      if (peer.state !== 'connected') return;
      b.setPeerState(userId, 'disconnected');
      b.startTimer(disconnectTimer(userId), b.state.timings.disconnectMs);
      b.startTimer(iceRestartTimer(userId), b.state.timings.iceRestartDelayMs);
      return;
    case 'failed':
      if (final || (!peer.everConnected && peer.iceRestarts >= MAX_INITIAL_ICE_RESTARTS)) {
        b.send(userId, { type: 'hangUp', reason: 'failed' });
        b.setPeerState(userId, 'failed');
        b.closeIfEveryoneLeft('failed');
        return;
      }
      b.patchPeer(userId, { iceRestarts: peer.iceRestarts + 1 });
      if (peer.everConnected) {
        b.setPeerState(userId, 'disconnected');
        if (!b.hasTimer(disconnectTimer(userId))) {
          b.startTimer(disconnectTimer(userId), b.state.timings.disconnectMs);
        }
      }
      b.cancelTimer(iceRestartTimer(userId));
      b.do({ type: 'restart-ice', userId });
      return;
  }
}

/** The media layer reports a mute/camera/screen change: every peer already answered hears it. */
function onLocalMedia(b: StepBuilder, media: MediaState): void {
  b.patch({ localMedia: media });
  for (const id of b.liveIds()) if (b.peer(id)?.answered) b.send(id, { type: 'update', media });
}

function onTimer(b: StepBuilder, id: TimerId): void {
  if (!b.takeTimer(id)) {
    b.log(`timer "${timerKey(id)}" is no longer running; ignored`);
    return;
  }
  if (id.kind === 'dial') {
    const waiting = b.unansweredOffers();
    for (const userId of waiting) {
      if (b.peer(userId)?.offerReady) b.sendCall(userId);
    }
    if (waiting.length > 0) b.startTimer(DIAL_TIMER, b.state.timings.dialingMs);
    return;
  }
  if (id.kind === 'ring') {
    // Nobody answered in time on this side: tell everyone, so they stop waiting for us.
    for (const to of b.liveIds()) b.send(to, { type: 'hangUp', reason: 'no-answer' });
    b.close('no-answer');
    return;
  }
  if (!('userId' in id)) return;
  const { kind, userId } = id;
  const peer = b.peer(userId);
  if (!peer || isTerminal(peer.state)) return;
  if (kind === 'answer') {
    b.send(userId, { type: 'hangUp', reason: 'no-answer' });
    b.setPeerState(userId, 'no-answer', cause('user-not-answered', { userId }));
    b.stopDialingIfDone();
    b.closeIfEveryoneLeft('no-answer');
  } else if (kind === 'disconnect') {
    const end: ConnectionState = peer.everConnected ? 'disconnect-timeout' : 'failed';
    b.send(userId, { type: 'hangUp', reason: end });
    b.setPeerState(userId, end);
    b.closeIfEveryoneLeft(end);
  } else if (kind === 'ice-restart') {
    if (peer.state === 'disconnected') {
      b.patchPeer(userId, { iceRestarts: peer.iceRestarts + 1 });
      b.do({ type: 'restart-ice', userId });
    }
  }
}
