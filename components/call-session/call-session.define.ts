import { attachContextRoot } from '../context-root.js';
import { defineCallControls } from '../call-controls/call-controls.define.js';
import { defineCallNotifications } from '../call-notifications/call-notifications.define.js';
import { defineCallPreview } from '../call-preview/call-preview.define.js';
import { defineCallTimer } from '../call-timer/call-timer.define.js';
import { defineNetworkQuality } from '../network-quality/network-quality.define.js';
import { defineLocalVideo } from '../local-video/local-video.define.js';
import { defineRemoteVideo } from '../remote-video/remote-video.define.js';
import { CallSessionElement } from './call-session.js';

export { CallSessionElement };

/**
 * Registers `<call-session>` and the elements its default layout uses (tiles, controls, preview and device pickers, timer, network bars, notifications). Calling it again
 * (or after another copy registered the tags) does nothing.
 */
export function defineCallSession(): void {
  attachContextRoot();
  if (globalThis.customElements && !customElements.get('call-session')) customElements.define('call-session', CallSessionElement);
  defineLocalVideo();
  defineRemoteVideo();
  defineCallControls();
  defineCallPreview();
  defineCallTimer();
  defineNetworkQuality();
  defineCallNotifications();
}

defineCallSession();

declare global {
  interface HTMLElementTagNameMap {
    'call-session': CallSessionElement;
  }
}
