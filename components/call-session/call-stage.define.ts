/**
 * The tags of the default layout's call stage: the tiles, the call's duration, the network
 * bars and the notification region. A page needs them only once a call starts, so
 * `defineCallSession()` loads this module right after the first paint instead of with it
 * (`<call-session>` renders them as they upgrade; Lit keeps properties set before that).
 * Importing it registers them.
 */
import { defineCallNotifications } from '../call-notifications/call-notifications.define.js';
import { defineCallTimer } from '../call-timer/call-timer.define.js';
import { defineLocalVideo } from '../local-video/local-video.define.js';
import { defineNetworkQuality } from '../network-quality/network-quality.define.js';
import { defineRemoteVideo } from '../remote-video/remote-video.define.js';

/** Registers the call stage's tags; calling it again (or after another copy registered them) does nothing. */
export function defineCallStage(): void {
  defineLocalVideo();
  defineRemoteVideo();
  defineCallTimer();
  defineNetworkQuality();
  defineCallNotifications();
}

defineCallStage();
