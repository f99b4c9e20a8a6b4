/**
 * One RTCPeerConnection to one remote user: perfect negotiation (one `polite` flag,
 * `makingOffer`/`ignoreOffer`; the first offer at once, later ones from `negotiationneeded`), trickle ICE with
 * candidates batched, remote tracks collected in one stable `MediaStream`. webrtc-adapter,
 * where a browser needs it, is applied before any connection exists (`ensureAdapter()`, in
 * `CallClient.connect()` and before the camera opens).
 */
import type { Logger } from '../../log.js';
import type { PeerNetState } from '../../session-machine.js';
import type { WireCandidate, WireDescription } from '../../signaling/protocol.js';
import type { Clock, TimerHandle } from '../../timers.js';

/** Candidates gathered within this window go out in one `iceCandidates` message. */
export const CANDIDATE_BATCH_MS = 100;

export interface PeerOptions {
  remoteId: string;
  polite: boolean;
  rtcConfig: RTCConfiguration;
  /** The kinds this side sends: their transceivers are made (and negotiated) before the camera is open. */
  send?: { audio: boolean; video: boolean };
  /** The local stream now: one that opened while the offer was being applied is sent at once. */
  localStream?: () => MediaStream | undefined;
  /** Runs before each local offer or answer is made (codec preferences, when the config sets any). */
  beforeDescription?: () => Promise<void>;
  clock: Clock;
  logger: Logger;
  onDescription(description: WireDescription): void;
  onCandidates(candidates: WireCandidate[]): void;
  onNetState(state: PeerNetState): void;
  onRemoteTrack(track: MediaStreamTrack, stream: MediaStream): void;
  onError(error: unknown, during: string): void;
}

export class Peer {
  readonly pc: RTCPeerConnection;
  /** Every track received from this user, in one stream that lives as long as the peer. */
  readonly remoteStream = new MediaStream();
  /** Names the local tracks in the SDP (msid) until the camera's own stream exists; they join by replaceTrack. */
  readonly #placeholder = new MediaStream();
  #makingOffer = false;
  #ignoreOffer = false;
  #closed = false;
  #outgoing: WireCandidate[] = [];
  #flushTimer: TimerHandle | undefined;
  #lastFlush = -Infinity;
  #teardown: (() => void)[] = [];
  #remoteOrigin: { id: string; version: bigint } | undefined;

  constructor(private readonly options: PeerOptions) {
    this.pc = new RTCPeerConnection(options.rtcConfig);
    const on = <K extends keyof RTCPeerConnectionEventMap>(type: K, listener: (event: RTCPeerConnectionEventMap[K]) => void) => {
      this.pc.addEventListener(type, listener);
      this.#teardown.push(() => this.pc.removeEventListener(type, listener));
    };
    // Later negotiations (a track added mid-call, an ICE restart). The first offer is made
    // directly (`makeFirstOffer`); the event its transceivers queued then finds it under way.
    on('negotiationneeded', () => {
      if (this.#makingOffer || this.pc.signalingState !== 'stable') return; // fired again once back to stable, if still needed
      void this.#makeOffer();
    });
    on('icecandidate', ({ candidate }) => {
      if (candidate && candidate.candidate) this.#queueCandidate(candidate.toJSON() as WireCandidate);
    });
    on('iceconnectionstatechange', () => {
      if (this.pc.iceConnectionState === 'checking') options.onNetState('checking');
    });
    on('connectionstatechange', () => {
      const state = this.pc.connectionState;
      options.logger.webrtc(`peer ${options.remoteId}: connectionState ${state}`);
      if (state === 'connecting' || state === 'connected' || state === 'disconnected' || state === 'failed') {
        options.onNetState(state);
      }
    });
    on('track', ({ track }) => {
      this.remoteStream.addTrack(track);
      const onEnded = () => this.remoteStream.removeTrack(track);
      track.addEventListener('ended', onEnded, { once: true });
      this.#teardown.push(() => track.removeEventListener('ended', onEnded));
      options.onRemoteTrack(track, this.remoteStream);
    });
  }

  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Offerer side: adds the tracks (`makeFirstOffer` then makes the offer). A kind
   * this side will send but whose track is not there yet (the camera still opening) gets a
   * sending transceiver without a track: the offer need not wait for the camera.
   */
  addLocalTracks(stream: MediaStream | undefined, receive?: { audio: boolean; video: boolean }): void {
    for (const track of stream?.getTracks() ?? []) this.pc.addTrack(track, stream!);
    for (const kind of ['audio', 'video'] as const) {
      if (stream?.getTracks().some((t) => t.kind === kind)) continue;
      if (!stream && this.options.send?.[kind]) this.pc.addTransceiver(kind, { direction: 'sendrecv', streams: [this.#placeholder] });
      // Still ask to receive a kind this side does not send (no camera, audio-only caller).
      else if (receive?.[kind]) this.pc.addTransceiver(kind, { direction: 'recvonly' });
    }
  }

  /**
   * Offerer: makes the first offer now, in this task, instead of one task later from
   * `negotiationneeded` (the caller's offer is on the critical path of every call).
   */
  makeFirstOffer(): void {
    if (this.pc.signalingState === 'stable' && !this.#makingOffer && this.pc.localDescription === null) void this.#makeOffer();
  }

  /** Answerer before the camera is open: the offer's transceivers of the kinds it will send become sending ones. */
  #prepareSenders(): void {
    for (const transceiver of this.pc.getTransceivers()) {
      const kind = transceiver.receiver.track.kind as 'audio' | 'video';
      if (!this.options.send?.[kind] || transceiver.sender.track || transceiver.direction !== 'recvonly') continue;
      transceiver.direction = 'sendrecv';
      // Firefox has no setStreams; the kit's receiver does not need the msid (it keeps one stream per peer).
      if (typeof transceiver.sender.setStreams === 'function') transceiver.sender.setStreams(this.#placeholder);
    }
  }

  /** Answerer side: applies the offer, attaches local tracks to its transceivers, answers. */
  async acceptOffer(offer: WireDescription, stream: MediaStream | undefined): Promise<void> {
    this.#isStale(offer); // records the offer's o= version, so a later copy of it is recognised
    try {
      await this.pc.setRemoteDescription(offer);
      if (this.#closed) return;
      // The camera may have opened while the offer was applied (its replaceTrack found no sending transceiver yet).
      const current = stream ?? this.options.localStream?.();
      if (current) this.addLocalTracks(current);
      else this.#prepareSenders();
      await this.#setLocalDescription();
      if (this.#closed) return;
      this.#emitLocalDescription();
    } catch (error) {
      if (!this.#closed) this.options.onError(error, 'answering the offer');
    }
  }

  /** Any later offer or answer from the remote side (perfect negotiation). */
  async applyRemote(description: WireDescription): Promise<void> {
    if (this.#isStale(description)) {
      this.options.logger.info(`peer ${this.options.remoteId}: ignoring a repeated or out-of-date ${description.type}`);
      return;
    }
    try {
      const collision = description.type === 'offer' && (this.#makingOffer || this.pc.signalingState !== 'stable');
      this.#ignoreOffer = !this.options.polite && collision;
      if (this.#ignoreOffer) {
        this.options.logger.info(`peer ${this.options.remoteId}: offer collision, keeping ours (impolite side)`);
        return;
      }
      await this.pc.setRemoteDescription(description);
      if (this.#closed) return;
      if (description.type === 'offer') {
        await this.#setLocalDescription();
        if (this.#closed) return;
        this.#emitLocalDescription();
      }
    } catch (error) {
      if (!this.#closed) this.options.onError(error, `applying the remote ${description.type}`);
    }
  }

  /** Whether remote candidates can be added (the remote description is set). */
  get acceptsCandidates(): boolean {
    return !this.#closed && this.pc.remoteDescription !== null;
  }

  /** Adds remote candidates; the caller keeps them until `acceptsCandidates` (see PeerSet). */
  async addCandidates(candidates: WireCandidate[]): Promise<void> {
    for (const candidate of candidates) {
      try {
        await this.pc.addIceCandidate(candidate);
      } catch (error) {
        // Candidates for an offer we ignored in a collision are expected to fail.
        if (!this.#ignoreOffer && !this.#closed) this.options.logger.warn(`peer ${this.options.remoteId}: bad ICE candidate`, error);
      }
    }
  }

  restartIce(): void {
    if (this.#closed) return;
    this.options.logger.info(`peer ${this.options.remoteId}: restarting ICE`);
    this.pc.restartIce();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#flushTimer !== undefined) this.options.clock.clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
    for (const teardown of this.#teardown.splice(0)) teardown();
    for (const track of this.remoteStream.getTracks()) track.stop();
    this.pc.close();
  }

  async #makeOffer(): Promise<void> {
    try {
      this.#makingOffer = true;
      await this.#setLocalDescription();
      if (this.#closed) return;
      this.#emitLocalDescription();
    } catch (error) {
      if (!this.#closed) this.options.onError(error, 'making an offer');
    } finally {
      this.#makingOffer = false;
    }
  }

  /** Makes the local offer or answer, after the `beforeDescription` hook (codec preferences). */
  async #setLocalDescription(): Promise<void> {
    if (this.options.beforeDescription) await this.options.beforeDescription();
    await this.pc.setLocalDescription();
  }

  #emitLocalDescription(): void {
    const local = this.pc.localDescription;
    if (!local || (local.type !== 'offer' && local.type !== 'answer')) return;
    this.options.onDescription({ type: local.type, sdp: local.sdp });
  }

  /**
   * Every new description from one endpoint carries a higher session version in its `o=`
   * line (RFC 8866 §5.2). One that does not is a duplicate or a late copy: applying it would
   * roll the connection back. Records the version of a fresh one.
   */
  #isStale(description: WireDescription): boolean {
    const origin = /^o=\S+ (\d+) (\d+) /m.exec(description.sdp);
    if (!origin) return false;
    const id = origin[1]!;
    const version = BigInt(origin[2]!);
    const last = this.#remoteOrigin;
    if (last && last.id === id && version <= last.version) return true;
    this.#remoteOrigin = { id, version };
    return false;
  }

  /** Sends at once when the line has been quiet for a batch window, else at the window's end. */
  #queueCandidate(candidate: WireCandidate): void {
    this.#outgoing.push(candidate);
    if (this.#flushTimer !== undefined) return;
    const wait = this.#lastFlush + CANDIDATE_BATCH_MS - this.options.clock.now();
    if (wait <= 0) {
      this.#flushCandidates();
      return;
    }
    this.#flushTimer = this.options.clock.setTimeout(() => {
      this.#flushTimer = undefined;
      this.#flushCandidates();
    }, wait);
  }

  #flushCandidates(): void {
    this.#lastFlush = this.options.clock.now();
    const batch = this.#outgoing.splice(0);
    if (batch.length > 0 && !this.#closed) this.options.onCandidates(batch);
  }
}
