/**
 * The client's events: their details and the one list of their names. Apart from
 * call-client.ts so that code which only needs the names (the elements' re-dispatch, the
 * manifest check) does not pull in the whole client.
 */
import type { CallSession } from './call-session.js';
import type { UserInfo } from './signaling/protocol.js';
import type { TransportStatus } from './signaling/transport.js';

export interface IncomingDetail {
  session: CallSession;
  /** Who rang (the first offer for this session came from them). */
  from: string;
  userInfo?: UserInfo;
  /**
   * Set when this side was calling the same people at the same moment (glare): both sides
   * keep the one call with the lower session ID, and this side is already accepting it.
   */
  autoAccepted?: true;
}

export interface CallClientEventMap {
  incoming: CustomEvent<IncomingDetail>;
  /** A call arrived while busy and was rejected with `busy`. */
  'missed-call': CustomEvent<{ from: string; sessionId: string; userInfo?: UserInfo }>;
  /** A message failed validation and was dropped. */
  'invalid-message': CustomEvent<{ from: string; reason: string }>;
  /**
   * Signaling went down, came back, or ended. `reason: 'replaced'` with `status: 'closed'`:
   * this user connected again elsewhere (another tab or device); this client stays
   * disconnected (no reconnect) and receives no more calls.
   */
  'signaling-status': CustomEvent<{ status: TransportStatus; reason?: string }>;
}

/** Every client event name, once. */
export const CLIENT_EVENTS = ['incoming', 'missed-call', 'invalid-message', 'signaling-status'] as const satisfies readonly (keyof CallClientEventMap)[];
type UnlistedClientEvent = Exclude<keyof CallClientEventMap, (typeof CLIENT_EVENTS)[number]>;
const _everyClientEventListed: [UnlistedClientEvent] extends [never] ? true : UnlistedClientEvent = true;
