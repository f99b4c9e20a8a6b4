/**
 * The mesh media backend: one `Peer` (RTCPeerConnection) per remote user, codec preferences
 * and bitrate caps from the session's config, and the one buffer for remote candidates that
 * arrive before they can be applied (no peer yet while a call rings, or no remote
 * description yet).
 */
import { usePart } from '../../load-part.js';
import type { WireCandidate, WireDescription } from '../../signaling/protocol.js';
import type { MediaBackend, MediaBackendInit } from '../media-backend.js';
import { Peer } from './peer.js';

/** Remote candidates kept per user until they can be applied. */
const MAX_BUFFERED_CANDIDATES = 200;

export class PeerSet implements MediaBackend {
  readonly #init: MediaBackendInit;
  readonly #peers = new Map<string, Peer>();
  readonly #buffered = new Map<string, WireCandidate[]>();
  /** Per-peer listeners this set put on the peer connection (bitrate caps). */
  readonly #teardown = new Map<string, () => void>();
  /**
   * Applies the config's `videoCodec` to a connection, once its code has loaded: a module of
   * its own, fetched when the set is made, so a call with the browser's codecs never
   * downloads it. Without `videoCodec` nothing is reordered (opus, the one audio codec,
   * is first in every browser's list already).
   */
  readonly #codecs: Promise<(pc: RTCPeerConnection) => void> | undefined;

  constructor(init: MediaBackendInit) {
    this.#init = init;
    const { config, logger } = init;
    this.#codecs =
      config.videoCodec === undefined
        ? undefined
        : import('../../media/codec-preferences.js').then(
            ({ applyCodecPreferences }) =>
              (pc) =>
                applyCodecPreferences(pc, config, logger),
            (error: unknown) => {
              logger.warn(`the codec preferences did not load: ${String(error)}; using the browser's codecs`);
              return () => {};
            },
          );
  }

  open(
    userId: string,
    options: { offerer: boolean; localStream: MediaStream | undefined; receive: { audio: boolean; video: boolean }; send?: { audio: boolean; video: boolean } },
  ): void {
    if (this.#peers.has(userId)) return;
    const { self, config, clock, logger, events } = this.#init;
    const codecs = this.#codecs;
    const peer: Peer = new Peer({
      remoteId: userId,
      polite: self > userId,
      rtcConfig: { iceServers: this.#init.iceServers?.() ?? config.iceServers, iceTransportPolicy: config.iceTransportPolicy },
      ...(options.send ? { send: options.send } : {}),
      ...(this.#init.localStream ? { localStream: this.#init.localStream } : {}),
      ...(codecs ? { beforeDescription: () => codecs.then((apply) => apply(peer.pc)) } : {}),
      clock,
      logger,
      onDescription: (description) => events.onDescription(userId, description),
      onCandidates: (candidates) => events.onCandidates(userId, candidates),
      onNetState: (state) => events.onNetState(userId, state),
      onRemoteTrack: (track, stream) => events.onRemoteTrack(userId, track, stream),
      onError: (error, during) => events.onError(userId, error, during),
    });
    this.#peers.set(userId, peer);
    this.#teardown.set(userId, this.#tune(peer.pc));
    if (options.offerer) {
      peer.addLocalTracks(options.localStream, options.receive);
      peer.makeFirstOffer();
    }
  }

  answer(userId: string, offer: WireDescription, localStream: MediaStream | undefined): void {
    const peer = this.#peers.get(userId);
    if (!peer) return;
    void peer.acceptOffer(offer, localStream).then(() => this.#flush(userId));
  }

  applyRemote(userId: string, description: WireDescription): void {
    void this.#peers
      .get(userId)
      ?.applyRemote(description)
      .then(() => this.#flush(userId));
  }

  addCandidates(userId: string, candidates: WireCandidate[]): void {
    const peer = this.#peers.get(userId);
    if (peer?.acceptsCandidates && !this.#buffered.has(userId)) {
      void peer.addCandidates(candidates);
      return;
    }
    const buffered = this.#buffered.get(userId) ?? [];
    buffered.push(...candidates.slice(0, Math.max(0, MAX_BUFFERED_CANDIDATES - buffered.length)));
    this.#buffered.set(userId, buffered);
  }

  restartIce(userId: string): void {
    this.#peers.get(userId)?.restartIce();
  }

  close(userId: string): void {
    this.#teardown.get(userId)?.();
    this.#teardown.delete(userId);
    this.#peers.get(userId)?.close();
    this.#peers.delete(userId);
    this.#buffered.delete(userId);
  }

  closeAll(): void {
    for (const userId of [...this.#peers.keys()]) this.close(userId);
    this.#buffered.clear();
  }

  remoteStream(userId: string): MediaStream | undefined {
    return this.#peers.get(userId)?.remoteStream;
  }

  peerConnection(userId: string): RTCPeerConnection | undefined {
    return this.#peers.get(userId)?.pc;
  }

  connections(): Map<string, RTCPeerConnection> {
    return new Map([...this.#peers].filter(([, peer]) => !peer.closed).map(([id, peer]) => [id, peer.pc]));
  }

  localOffer(userId: string): WireDescription | undefined {
    const local = this.#peers.get(userId)?.pc.localDescription;
    // Without the candidates gathered so far: they go out trickled anyway, and a callee that prepares
    // while ringing must not start ICE checks (revealing its addresses) before it accepts.
    return local?.type === 'offer' ? { type: 'offer', sdp: withoutCandidates(local.sdp) } : undefined;
  }

  setIceServers(iceServers: RTCIceServer[]): void {
    for (const [userId, peer] of this.#peers) {
      if (peer.closed) continue;
      try {
        peer.pc.setConfiguration({ ...peer.pc.getConfiguration(), iceServers });
      } catch (error) {
        this.#init.logger.warn(`peer ${userId}: could not take new ICE servers: ${String(error)}`);
      }
    }
  }

  /** Applies the candidates kept for `userId` once its peer can take them. */
  async #flush(userId: string): Promise<void> {
    const peer = this.#peers.get(userId);
    const buffered = this.#buffered.get(userId);
    if (!peer?.acceptsCandidates || !buffered) return;
    this.#buffered.delete(userId);
    await peer.addCandidates(buffered);
  }

  /**
   * Bitrate caps from the config: they need negotiated senders, so they follow each return
   * to `stable`. Returns the teardown.
   */
  #tune(pc: RTCPeerConnection): () => void {
    const { config, logger } = this.#init;
    const onSignalingState = () => {
      if (pc.signalingState === 'stable' && (config.maxVideoBitrate !== undefined || config.maxAudioBitrate !== undefined)) {
        // The caps' code is a module of its own: a call without caps never downloads it.
        usePart(
          () => import('../../media/bitrate.js'),
          'the bitrate caps',
          logger,
          ({ applyBitrateLimits }) => applyBitrateLimits(pc, config, logger),
        );
      }
    };
    pc.addEventListener('signalingstatechange', onSignalingState);
    return () => pc.removeEventListener('signalingstatechange', onSignalingState);
  }
}

/** `sdp` without its `a=candidate` / `a=end-of-candidates` lines. */
function withoutCandidates(sdp: string): string {
  return sdp.replace(/^a=(candidate:|end-of-candidates).*\r?\n/gm, '');
}
