/**
 * Every event a `CallSession` dispatches: the one list of names (`SESSION_EVENTS`) and the
 * `detail` each carries (`SessionEventDetail`). The machine's `emit` effects, the session,
 * `<call-session>`'s `call-*` re-dispatch and the element controllers all read these.
 */
import type { DeviceList } from './media/devices.js';
import type { CallError } from './errors.js';
import type { MediaState, UserInfo } from './signaling/protocol.js';
import type { ConnectionState, EndReason, SessionState } from './states.js';
import type { StatsReport } from './stats/stats-report.js';

export interface SessionEventDetail {
  'user-not-answered': { userId: string };
  accepted: { userId: string; userInfo?: UserInfo };
  rejected: { userId: string; userInfo?: UserInfo; reason?: EndReason };
  'hung-up': { userId: string; userInfo?: UserInfo; reason?: EndReason };
  connecting: { userId: string };
  connected: { userId: string };
  'connection-failed': { userId: string };
  /**
   * The connection to `userId` dropped (network; it may recover), or the call with them is
   * ending: then it comes right before `connection-closed` (the seed's disconnectedFromUser).
   */
  disconnected: { userId: string };
  /** The connection to `userId` is closed for good; `state` says how it ended. After `disconnected`. */
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
  'local-media-change': MediaState;
  /** A device was plugged in or removed (fresh lists). */
  'devices-change': DeviceList;
  /** One peer's stats, every `statsInterval` seconds. */
  stats: { userId: string; report: StatsReport };
  /** The loudest remote speaker changed (undefined: nobody is talking). Never a user whose microphone is off. */
  'active-speaker': { userId: string | undefined };
  'session-closed': { reason: EndReason };
  error: { error: CallError; userId?: string };
}

export type SessionEventName = keyof SessionEventDetail;
export type CallSessionEventMap = { [K in SessionEventName]: CustomEvent<SessionEventDetail[K]> };

/**
 * Every session event, in the order a call usually produces them. When a peer's call
 * ends the order is the seed's, always: `hung-up` / `rejected` / `user-not-answered`
 * (the other side's reason and userInfo; not on the side that hangs up or rejects),
 * `connection-state-change`, `connection-failed` (state `failed` only), `disconnected`,
 * `connection-closed`, then `state-change` and `session-closed` when it was the last peer.
 */
export const SESSION_EVENTS = [
  'local-stream',
  'state-change',
  'accepted',
  'rejected',
  'user-not-answered',
  'connecting',
  'connected',
  'connection-state-change',
  'remote-track',
  'remote-media-change',
  'local-media-change',
  'devices-change',
  'active-speaker',
  'stats',
  'hung-up',
  'connection-failed',
  'disconnected',
  'connection-closed',
  'session-closed',
  'error',
] as const satisfies readonly SessionEventName[];

// Compile-time check that no session event is left out of the list above.
type Unlisted = Exclude<SessionEventName, (typeof SESSION_EVENTS)[number]>;
const _everyEventListed: [Unlisted] extends [never] ? true : Unlisted = true;

/** The events the pure machine decides (the rest come from media, stats and devices). */
export type MachineEventName = Exclude<
  SessionEventName,
  'remote-track' | 'local-stream' | 'error' | 'local-media-change' | 'devices-change' | 'stats' | 'active-speaker'
>;

/** One `emit` effect: the event's name and exactly the detail that event carries. */
export type Emit = { [K in MachineEventName]: { type: 'emit'; event: K; detail: SessionEventDetail[K] } }[MachineEventName];
