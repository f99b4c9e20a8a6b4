/**
 * The DOM events `<call-session>` re-dispatches: every core event `x` of the client and of
 * the current session becomes a bubbling, composed `call-x` with the same typed `detail`.
 * Types only, plus two constant lists: importing this module does nothing.
 */
import type { CallClientEventMap } from '../src/call-client.js';
import type { SessionEventDetail } from '../src/call-session.js';

type ClientEventDetail = { [K in keyof CallClientEventMap]: CallClientEventMap[K]['detail'] };

/** `detail` of each `call-*` event. */
export type CallEventDetail = { [K in keyof SessionEventDetail as `call-${K}`]: SessionEventDetail[K] } & {
  [K in keyof ClientEventDetail as `call-${K}`]: ClientEventDetail[K];
};

export type CallEventName = keyof CallEventDetail;
export type CallEventMap = { [K in CallEventName]: CustomEvent<CallEventDetail[K]> };

/** Every session event, in the order a call usually produces them. */
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
  'connection-failed',
  'disconnected',
  'connection-closed',
  'hung-up',
  'session-closed',
  'error',
] as const satisfies readonly (keyof SessionEventDetail)[];

export const CLIENT_EVENTS = ['incoming', 'missed-call', 'invalid-message', 'signaling-status'] as const satisfies readonly (keyof CallClientEventMap)[];

// Compile-time check that no core event is left out of the lists above.
type Unlisted = Exclude<keyof SessionEventDetail, (typeof SESSION_EVENTS)[number]> | Exclude<keyof CallClientEventMap, (typeof CLIENT_EVENTS)[number]>;
const _everyEventListed: [Unlisted] extends [never] ? true : Unlisted = true;

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the interface only merges the call-* events into the DOM's map
  interface GlobalEventHandlersEventMap extends CallEventMap {}
}
