/**
 * The DOM events `<call-session>` re-dispatches: every core event `x` of the client and of
 * the current session becomes a bubbling, composed `call-x` with the same typed `detail`.
 * Types only, plus the core's two name lists re-exported: importing this module does nothing.
 */
import type { CallClientEventMap } from '../src/client-events.js';
import type { SessionEventDetail } from '../src/session-events.js';

type ClientEventDetail = { [K in keyof CallClientEventMap]: CallClientEventMap[K]['detail'] };

/** `detail` of each `call-*` event. */
export type CallEventDetail = { [K in keyof SessionEventDetail as `call-${K}`]: SessionEventDetail[K] } & {
  [K in keyof ClientEventDetail as `call-${K}`]: ClientEventDetail[K];
};

export type CallEventName = keyof CallEventDetail;
export type CallEventMap = { [K in CallEventName]: CustomEvent<CallEventDetail[K]> };

/** Every session and client event name, once each (defined next to their types in the core). */
export { SESSION_EVENTS } from '../src/session-events.js';
export { CLIENT_EVENTS } from '../src/client-events.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the interface only merges the call-* events into the DOM's map
  interface GlobalEventHandlersEventMap extends CallEventMap {}
}
