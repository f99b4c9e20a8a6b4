/**
 * The `meshcall/elements` entry: registers every element. Importing it twice, or after
 * another copy of the kit registered the tags, is harmless.
 */
import { defineCallSession } from './call-session/call-session.define.js';
import { defineStatsOverlay } from './stats-overlay/stats-overlay.define.js';

export { CallSessionElement, defineCallSession } from './call-session/call-session.define.js';
export { LocalVideoElement, defineLocalVideo } from './local-video/local-video.define.js';
export { RemoteVideoElement, defineRemoteVideo } from './remote-video/remote-video.define.js';
export { CallControlsElement, defineCallControls } from './call-controls/call-controls.define.js';
export { StatsOverlayElement, defineStatsOverlay } from './stats-overlay/stats-overlay.define.js';
export type { CallActions, PeerInfo } from './context.js';
export { clientContext, sessionContext, peersContext, actionsContext, langContext } from './context.js';
export type { CallEventDetail, CallEventMap, CallEventName } from './events.js';
export type * from './event-details.js';
export { STRINGS, stringsFor, directionFor, registerStrings } from './strings.js';
export type { Strings, StringsTable } from './strings.js';

/** Registers all five elements (already done by importing this module). */
export function defineElements(): void {
  defineCallSession();
  defineStatsOverlay();
}
