/**
 * Conference mode behind the session's one media seam: a `MediaBackend` over an
 * `SfuBackend`. The machine still runs call/accept between every pair of users (ringing,
 * accept/reject, hang-up and mute announcements travel through the relay as in a mesh), but
 * their descriptions are the placeholder `SFU_SDP` and no candidates are exchanged: media goes
 * through this side's own connections to the SFU. The caller creates the session's room;
 * everyone else joins the room its `call` names, once its camera is open (`localStreamOpened`:
 * the publisher is negotiated once, with the tracks it has). Every participant's feed is subscribed as
 * soon as it is published; a remote user's state is reported once both sides are in the call
 * (the answerer at `answer`, the offerer when the `accept` comes back).
 */
import type { SfuRoom, WireCandidate, WireDescription } from '../signaling/protocol.js';
import { SFU_SDP } from '../signaling/protocol.js';
import type { MediaBackend, MediaBackendInit, StatsSource } from './media-backend.js';
import type { ReceiveQuality, SfuBackend } from './sfu-backend.js';

/** How a conference backend gets its room. */
export interface SfuRooms {
  /** Creates the session's room with a random ID, PIN and secret (the caller does, once). */
  create(): Promise<SfuRoom>;
  /** The backend that joins `room` as this user; `owner`: this side made it and destroys it when it leaves. */
  join(room: SfuRoom, owner: boolean): SfuBackend | Promise<SfuBackend>;
  /** Destroys a room this side made but never joined (the session closed before its camera opened). */
  destroy(room: SfuRoom): Promise<void>;
}

export interface SfuMediaBackendInit extends MediaBackendInit {
  rooms: SfuRooms;
  /** Everyone in the session but this user: all are expected in the room from the start, so its subscriptions come in few batches. */
  participants: readonly string[];
  /** The room from the caller's `call`; absent on the caller's side, which creates it. */
  room?: SfuRoom;
}

const EMPTY_STATS = new Map() as unknown as RTCStatsReport;

export class SfuMediaBackend implements MediaBackend {
  readonly #init: SfuMediaBackendInit;
  #room: SfuRoom | undefined;
  #backend: SfuBackend | undefined;
  #ready: Promise<SfuBackend> | undefined;
  /** Users the machine opened a media path to, and whether they are received yet. */
  readonly #users = new Map<string, { received: boolean }>();
  #closed = false;
  #failed = false;
  /** Resolves with the camera/mic stream once it is open: the publisher is made with its tracks. */
  #stream: Promise<MediaStream | undefined>;
  #streamOpened: (stream: MediaStream | undefined) => void = () => {};

  constructor(init: SfuMediaBackendInit) {
    this.#init = init;
    this.#room = init.room;
    this.#stream = new Promise((resolve) => (this.#streamOpened = resolve));
  }

  localStreamOpened(stream: MediaStream): void {
    this.#streamOpened(stream);
  }

  /** The session's room, once it exists (sent in every `call`). */
  get room(): SfuRoom | undefined {
    return this.#room;
  }

  open(userId: string, options: { offerer: boolean; localStream: MediaStream | undefined }): void {
    this.#users.set(userId, { received: false });
    // The offerer receives a user once their `accept` comes back (applyRemote); before that they ring.
    this.#whenJoined(options.localStream, () => {
      if (options.offerer) this.#init.events.onDescription(userId, { type: 'offer', sdp: SFU_SDP });
    });
  }

  answer(userId: string, _offer: WireDescription, localStream: MediaStream | undefined): void {
    this.#users.set(userId, { received: false });
    this.#whenJoined(localStream, () => {
      this.#receive(userId);
      this.#init.events.onDescription(userId, { type: 'answer', sdp: SFU_SDP });
    });
  }

  /** The other side's `accept` (or a later `update` SDP, which an SFU call never sends): receive them now. */
  applyRemote(userId: string, description: WireDescription): void {
    if (description.type === 'answer') this.#whenJoined(undefined, () => this.#receive(userId));
  }

  addCandidates(userId: string, _candidates: WireCandidate[]): void {
    this.#init.logger.info(`sfu: candidates from ${userId} ignored (media goes through the SFU)`);
  }

  restartIce(userId: string): void {
    this.#init.logger.info(`sfu: no ICE restart for ${userId}: the SFU connections restart on their own or fail`);
  }

  close(userId: string): void {
    this.#users.delete(userId);
    this.#backend?.removeRemoteUser(userId);
  }

  closeAll(): void {
    this.#closed = true;
    this.#users.clear();
    // A join still waiting for the camera gives up (and its room, if it made one).
    this.#streamOpened(undefined);
    const backend = this.#backend;
    if (backend) void backend.close();
    else
      void this.#ready?.then(
        (b) => b.close(),
        () => {},
      );
  }

  remoteStream(userId: string): MediaStream | undefined {
    return this.#backend?.remoteStream(userId);
  }

  peerConnection(userId: string): RTCPeerConnection | undefined {
    return this.#backend?.peerConnection(userId);
  }

  connections(): Map<string, RTCPeerConnection> {
    const all = new Map<string, RTCPeerConnection>();
    for (const userId of this.#users.keys()) {
      const pc = this.#backend?.peerConnection(userId);
      if (pc) all.set(userId, pc);
    }
    return all;
  }

  sendingConnections(): RTCPeerConnection[] {
    return this.#backend?.sendingConnections() ?? [];
  }

  statsSource(userId: string): StatsSource | undefined {
    const backend = this.#backend;
    if (!backend || !this.#users.get(userId)?.received) return undefined;
    return {
      getStats: async () => (await backend.getStats(userId)) ?? EMPTY_STATS,
      getTransceivers: () => backend.sendingConnections().flatMap((pc) => pc.getTransceivers()),
    };
  }

  setReceiveQuality(userId: string, quality: ReceiveQuality): void {
    this.#backend?.setReceiveQuality(userId, quality);
  }

  localOffer(_userId: string): WireDescription | undefined {
    return this.#room ? { type: 'offer', sdp: SFU_SDP } : undefined;
  }

  /** From now on `userId`'s state is theirs to report (before, they are still ringing as far as this side knows). */
  #receive(userId: string): void {
    const user = this.#users.get(userId);
    const backend = this.#backend;
    if (!user || user.received || !backend) return;
    user.received = true;
    const state = backend.connectionState(userId);
    if (state === 'checking' || state === 'connected' || state === 'disconnected' || state === 'failed') this.#init.events.onNetState(userId, state);
  }

  /** Runs `then` once this side is in the room (made and joined once, on first use). */
  #whenJoined(localStream: MediaStream | undefined, then: () => void): void {
    this.#ready ??= this.#join(localStream);
    this.#ready.then(
      () => {
        if (!this.#closed) then();
      },
      (error: unknown) => this.#fail(error, 'joining the SFU room'),
    );
  }

  async #join(localStream: MediaStream | undefined): Promise<SfuBackend> {
    const { rooms, events, logger } = this.#init;
    const owner = this.#room === undefined;
    const room = this.#room ?? (await rooms.create());
    this.#room = room;
    const backend = await rooms.join(room, owner);
    this.#backend = backend;
    backend.addEventListener('remote-track', ({ detail }) => events.onRemoteTrack(detail.userId, detail.track, detail.stream));
    backend.addEventListener('connection-state-change', ({ detail }) => {
      const { userId, state } = detail;
      if (!this.#users.get(userId)?.received) return;
      if (state === 'connecting' || state === 'checking' || state === 'connected' || state === 'disconnected' || state === 'failed') {
        events.onNetState(userId, state);
      }
    });
    backend.addEventListener('error', ({ detail }) => this.#fail(detail.error, 'in the SFU call'));
    for (const userId of this.#init.participants) backend.addRemoteUser(userId);
    // The `call` goes out while this side joins: the callees ring meanwhile. The publisher needs
    // the camera's tracks (it is negotiated once): a connection opened before the camera (prepare
    // while ringing) joins when it opens; a session that closes first never joins.
    const opened = localStream ?? this.#init.localStream?.();
    void (opened ? Promise.resolve(opened) : this.#stream).then((stream) => {
      if (this.#closed || !stream) {
        if (owner) rooms.destroy(room).catch((error: unknown) => logger.warn(`sfu: could not destroy room ${room.room}: ${String(error)}`));
        return;
      }
      backend.start(stream).catch((error: unknown) => this.#fail(error, 'joining the SFU room'));
    });
    logger.info(`sfu: ${owner ? 'created' : 'joining'} room ${room.room} on ${room.url}`);
    return backend;
  }

  /** The SFU path is gone: every user ends `failed` (no ICE restart can bring it back). */
  #fail(error: unknown, during: string): void {
    if (this.#closed || this.#failed) return;
    this.#failed = true;
    for (const userId of this.#users.keys()) this.#init.events.onError(userId, error, during, true);
  }
}
