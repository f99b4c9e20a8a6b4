/**
 * The media path of a call through an SFU (Janus VideoRoom: one publisher connection and one
 * subscriber connection for everyone), behind one small interface. `CallSession` drives it
 * through the one seam it knows, `MediaBackend`: `SfuMediaBackend` (sfu-media-backend.ts)
 * adapts any `SfuBackend` plus a way to make rooms (`SfuRooms`). Ringing, accept/reject,
 * hang-up, the timers and the session states stay in the machine and the relay; a backend
 * only moves media and says, per remote user, how that user's media is doing. Another SFU
 * implements this interface and `SfuRooms`; nothing else changes.
 */
import type { ConnectionState } from '../states.js';

/** Which layer a remote user's video is received in: a small tile takes `low`. */
export type ReceiveQuality = 'low' | 'high';

export interface RemoteTrackDetail {
  userId: string;
  track: MediaStreamTrack;
  /** That user's stream (the same object for all of their tracks). */
  stream: MediaStream;
}

export interface BackendConnectionStateDetail {
  userId: string;
  state: ConnectionState;
}

export interface SfuBackendEventMap {
  /** A remote user's track arrived (also again after it was replaced by a new one). */
  'remote-track': CustomEvent<RemoteTrackDetail>;
  /** One remote user's media connection changed: `connecting`, `checking`, `connected`, `disconnected`, `failed` or `closed`. */
  'connection-state-change': CustomEvent<BackendConnectionStateDetail>;
  /** The backend cannot go on (server gone, room destroyed, negotiation failed); it has closed itself. */
  error: CustomEvent<{ error: Error }>;
}

export interface SfuBackend extends EventTarget {
  /** `mesh` or `sfu`: for logs and stats labels only. */
  readonly topology: 'mesh' | 'sfu';
  /** Starts sending `localStream` (undefined: receive only). Rejects with a typed error if the media path cannot be set up. */
  start(localStream: MediaStream | undefined): Promise<void>;
  /** Expect media from this user (a participant of the session): receive it once it is there. */
  addRemoteUser(userId: string): void;
  /** Stop receiving this user (they left, hung up or were rejected); their state becomes `closed`. */
  removeRemoteUser(userId: string): void;
  connectionState(userId: string): ConnectionState;
  remoteStream(userId: string): MediaStream | undefined;
  /** Sends `track` (null: nothing) instead of what is sent now for `kind`: mute, camera off/switch, screen share. No renegotiation. */
  replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void>;
  /** A hint: which video layer to receive from this user. Backends without layers ignore it. */
  setReceiveQuality(userId: string, quality: ReceiveQuality): void;
  /** A stats snapshot covering what is sent and what is received from this user (feed it to `collectStatsReport`). */
  getStats(userId: string): Promise<RTCStatsReport | undefined>;
  /** The connection `userId`'s media arrives on (shared by everyone on an SFU), while they are in the call. */
  peerConnection(userId: string): RTCPeerConnection | undefined;
  /** The connections that send the local tracks (the publisher). */
  sendingConnections(): RTCPeerConnection[];
  /** Ends everything: connections closed, remote tracks stopped, every listener and timer gone. Safe to call twice. */
  close(): Promise<void>;
  addEventListener<K extends keyof SfuBackendEventMap>(
    type: K,
    listener: (event: SfuBackendEventMap[K]) => void,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof SfuBackendEventMap>(
    type: K,
    listener: (event: SfuBackendEventMap[K]) => void,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}
