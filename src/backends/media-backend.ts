/**
 * The seam between a call's signaling (the machine, `CallSession`) and the way its media
 * travels. Each machine effect about media maps to one method here; results come back
 * through `MediaBackendEvents` and become machine events. `backends/mesh/` implements it
 * with one `RTCPeerConnection` per remote user (full mesh). Conference mode
 * (`backends/sfu-media-backend.ts`) implements it over any `SfuBackend` (Janus VideoRoom
 * today): it ignores per-user SDP and candidates, moves media through its own connections to
 * the SFU, and reports each remote user's state from them.
 */
import type { CallConfig } from '../config.js';
import type { Logger } from '../log.js';
import type { PeerNetState } from '../session-machine.js';
import type { SfuRoom, WireCandidate, WireDescription } from '../signaling/protocol.js';
import type { Clock } from '../timers.js';

/** What a backend reports, per remote user. */
/** What a stats report for one remote user is read from: their `RTCPeerConnection`, or an SFU backend's view of that user. */
export type StatsSource = Pick<RTCPeerConnection, 'getStats' | 'getTransceivers'>;

export interface MediaBackendEvents {
  /** A local offer or answer exists; the machine decides how it is sent (`call`, `accept`, `update`). */
  onDescription(userId: string, description: WireDescription): void;
  /** Local ICE candidates to send to `userId` (batched). */
  onCandidates(userId: string, candidates: WireCandidate[]): void;
  onNetState(userId: string, state: PeerNetState): void;
  onRemoteTrack(userId: string, track: MediaStreamTrack, stream: MediaStream): void;
  /**
   * Negotiation with `userId` failed; the session reports it and ends that user `failed`
   * (after one ICE restart, unless `final`: the media path cannot come back).
   */
  onError(userId: string, error: unknown, during: string, final?: boolean): void;
}

/** What a backend needs to be made: the session's settings and clock, and where to report. */
export interface MediaBackendInit {
  /** This user. */
  self: string;
  config: CallConfig;
  /** ICE servers for new connections when they change during the call (relay-issued TURN); default `config.iceServers`. */
  iceServers?: () => RTCIceServer[];
  clock: Clock;
  logger: Logger;
  events: MediaBackendEvents;
  /** The local camera/mic stream now (it may open while an offer is being applied). */
  localStream?: () => MediaStream | undefined;
}

export interface MediaBackend {
  /** Conference mode: the session's SFU room, once it exists (sent in every `call`). */
  readonly room?: SfuRoom | undefined;
  /**
   * Opens the media path to `userId`. `offerer`: this side makes the first offer (sending
   * `localStream`'s tracks, and asking to receive `receive` kinds); else it waits for `answer()`.
   * `send`: the kinds this side sends; without `localStream` yet (camera still opening) their
   * senders are negotiated empty and the tracks arrive by `replaceTrack` once it is open.
   */
  open(
    userId: string,
    options: { offerer: boolean; localStream: MediaStream | undefined; receive: { audio: boolean; video: boolean }; send?: { audio: boolean; video: boolean } },
  ): void;
  /** Applies `userId`'s first offer and answers it with `localStream`'s tracks. */
  answer(userId: string, offer: WireDescription, localStream: MediaStream | undefined): void;
  /** Any later description from `userId` (renegotiation, ICE restart, the answer to our offer). */
  applyRemote(userId: string, description: WireDescription): void;
  /** Remote candidates; kept until they can be applied. */
  addCandidates(userId: string, candidates: WireCandidate[]): void;
  restartIce(userId: string): void;
  close(userId: string): void;
  closeAll(): void;
  /** Everything received from `userId`, in one stream that lives as long as their media path. */
  remoteStream(userId: string): MediaStream | undefined;
  /** The `RTCPeerConnection` carrying `userId`'s media (stats, advanced use). */
  peerConnection(userId: string): RTCPeerConnection | undefined;
  /** Open connections (for track switches and stats), by user. */
  connections(): Map<string, RTCPeerConnection>;
  /** The local offer made for `userId`, once it exists (sent in `call`). */
  localOffer(userId: string): WireDescription | undefined;
  /** New ICE servers (fresh TURN credentials): live connections take them for their next allocation refresh. */
  setIceServers?(iceServers: RTCIceServer[]): void;
  /** The connections whose senders carry the local tracks (mute, device switch, screen share); default: `connections()`. */
  sendingConnections?(): RTCPeerConnection[];
  /** What `userId`'s stats are read from while their media is up; default: their entry in `connections()`. */
  statsSource?(userId: string): StatsSource | undefined;
  /** A hint: which video layer to receive from `userId` (a small tile takes `low`). Backends without layers leave it out. */
  setReceiveQuality?(userId: string, quality: 'low' | 'high'): void;
  /** The camera/mic stream opened (after connections may already have been opened without it). */
  localStreamOpened?(stream: MediaStream): void;
}
