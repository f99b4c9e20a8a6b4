/**
 * One named type per `call-*` event's `detail`, for the JSDoc `@fires {CustomEvent<X>}` tags
 * the Custom Elements Manifest is generated from, and so the framework typings generated
 * from that manifest (meshcall/jsx, meshcall/vue, meshcall/svelte) can import each detail
 * type by name. Types only: importing this module does nothing.
 */
import type { CallNotification } from './call-notifications/call-notifications.js';
import type { PreviewChoice } from './call-preview/call-preview.js';
import type { DeviceKind } from './device-picker/device-picker.js';
import type { CallEventDetail } from './events.js';
import type { NetworkLevel } from './network-quality/network-score.js';

export type CallIncomingDetail = CallEventDetail['call-incoming'];
export type CallMissedCallDetail = CallEventDetail['call-missed-call'];
export type CallInvalidMessageDetail = CallEventDetail['call-invalid-message'];
export type CallSignalingStatusDetail = CallEventDetail['call-signaling-status'];
export type CallLocalStreamDetail = CallEventDetail['call-local-stream'];
export type CallLocalMediaChangeDetail = CallEventDetail['call-local-media-change'];
export type CallStateChangeDetail = CallEventDetail['call-state-change'];
export type CallAcceptedDetail = CallEventDetail['call-accepted'];
export type CallRejectedDetail = CallEventDetail['call-rejected'];
export type CallUserNotAnsweredDetail = CallEventDetail['call-user-not-answered'];
export type CallConnectingDetail = CallEventDetail['call-connecting'];
export type CallConnectedDetail = CallEventDetail['call-connected'];
export type CallConnectionStateChangeDetail = CallEventDetail['call-connection-state-change'];
export type CallConnectionFailedDetail = CallEventDetail['call-connection-failed'];
export type CallDisconnectedDetail = CallEventDetail['call-disconnected'];
export type CallConnectionClosedDetail = CallEventDetail['call-connection-closed'];
export type CallRemoteTrackDetail = CallEventDetail['call-remote-track'];
export type CallRemoteMediaChangeDetail = CallEventDetail['call-remote-media-change'];
export type CallDevicesChangeDetail = CallEventDetail['call-devices-change'];
export type CallActiveSpeakerDetail = CallEventDetail['call-active-speaker'];
export type CallStatsDetail = CallEventDetail['call-stats'];
export type CallHungUpDetail = CallEventDetail['call-hung-up'];
export type CallSessionClosedDetail = CallEventDetail['call-session-closed'];
export type CallErrorDetail = CallEventDetail['call-error'];

// The tool elements' own events.
export type PreviewJoinDetail = PreviewChoice;
export type DeviceChangeDetail = { kind: DeviceKind; deviceId: string };
export type NetworkQualityChangeDetail = { userId: string; level: NetworkLevel | undefined };
export type CallNotificationDetail = CallNotification;
