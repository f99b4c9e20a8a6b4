/**
 * The `meshcall/elements` entry: registers every element. Importing it twice, or after
 * another copy of the kit registered the tags, is harmless.
 */
import { defineCallSession } from './call-session/call-session.define.js';
import { defineCallStage } from './call-session/call-stage.define.js';
import { defineStatsOverlay } from './stats-overlay/stats-overlay.define.js';

export { CallSessionElement, defineCallSession } from './call-session/call-session.define.js';
export { LocalVideoElement, defineLocalVideo } from './local-video/local-video.define.js';
export { RemoteVideoElement, defineRemoteVideo } from './remote-video/remote-video.define.js';
export { CallControlsElement, defineCallControls } from './call-controls/call-controls.define.js';
export { StatsOverlayElement, defineStatsOverlay } from './stats-overlay/stats-overlay.define.js';
export { CallPreviewElement, defineCallPreview } from './call-preview/call-preview.define.js';
export type { PreviewChoice } from './call-preview/call-preview.js';
export { DevicePickerElement, defineDevicePicker } from './device-picker/device-picker.define.js';
export { CallTimerElement, defineCallTimer } from './call-timer/call-timer.define.js';
export { NetworkQualityElement, defineNetworkQuality } from './network-quality/network-quality.define.js';
export { networkLevel } from './network-quality/network-score.js';
export type { NetworkLevel, NetworkSample } from './network-quality/network-score.js';
export { CallNotificationsElement, defineCallNotifications } from './call-notifications/call-notifications.define.js';
export type { CallNotification, NotificationKind } from './call-notifications/call-notifications.js';
export { icon, ICON_NAMES } from './icons.js';
export type { IconName } from './icons.js';
export type { CallActions, PeerInfo } from './context.js';
export { clientContext, sessionContext, peersContext, actionsContext, langContext } from './context.js';
export type { CallEventDetail, CallEventMap, CallEventName } from './events.js';
export type * from './event-details.js';
export { STRINGS, SHIPPED_LANGUAGES, stringsFor, directionFor } from './strings.js';
export { registerStrings, loadStrings } from './app-strings.js';
export type { Strings, StringsTable } from './strings.js';

/** Registers every element (already done by importing this module): all at once, the call stage's too. */
export function defineElements(): void {
  void defineCallSession();
  defineCallStage();
  defineStatsOverlay();
}
