import { CallNotificationsElement } from './call-notifications.js';
import { attachContextRoot } from '../context-root.js';

export { CallNotificationsElement };

/** Registers `<call-notifications>`; calling it again (or after another copy registered the tag) does nothing. */
export function defineCallNotifications(): void {
  attachContextRoot();
  if (!globalThis.customElements || customElements.get('call-notifications')) return;
  customElements.define('call-notifications', CallNotificationsElement);
}

defineCallNotifications();

declare global {
  interface HTMLElementTagNameMap {
    'call-notifications': CallNotificationsElement;
  }
}
