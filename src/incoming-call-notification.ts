/**
 * A system notification for a call that rings while the tab is in the background (the web
 * counterpart of the seed's push-for-a-background-app). For a closed tab, see
 * docs/background-calls.md (Web Push through a service worker).
 */
import type { CallSession } from './call-session.js';
import type { UserInfo } from './signaling/protocol.js';

export type NotificationPermissionResult = NotificationPermission | 'unsupported';

/**
 * Asks for notification permission. Browsers only show the prompt in answer to a click,
 * so call it from one (e.g. a "notify me about calls" toggle). Never throws.
 */
export async function requestNotificationPermission(): Promise<NotificationPermissionResult> {
  if (typeof Notification === 'undefined') return 'unsupported';
  if (Notification.permission !== 'default') return Notification.permission;
  try {
    return await Notification.requestPermission();
  } catch {
    return Notification.permission;
  }
}

export interface IncomingCallDetail {
  session: CallSession;
  from: string;
  userInfo?: UserInfo;
}

export interface IncomingNotificationOptions {
  /** Default: "Incoming video call" / "Incoming audio call". */
  title?: string;
  /** Default: the caller's `userInfo.name`, else their user id. Shown as text, never as markup. */
  body?: string;
  icon?: string;
  /** Force showing it even while the page is visible (default: only when hidden). */
  evenIfVisible?: boolean;
  /** Called when the person clicks it (after the window is focused). */
  onClick?(): void;
}

/**
 * Shows a notification for an `incoming` call when the page is hidden and permission is
 * granted; closes it as soon as the call stops ringing (answered, rejected, ended,
 * missed). Returns the notification, or `undefined` when none was shown.
 */
export function notifyIncomingCall(detail: IncomingCallDetail, options: IncomingNotificationOptions = {}): Notification | undefined {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return undefined;
  if (!options.evenIfVisible && globalThis.document?.visibilityState !== 'hidden') return undefined;
  const { session } = detail;
  if (session.state !== 'pending') return undefined;
  const name = typeof detail.userInfo?.name === 'string' && detail.userInfo.name ? detail.userInfo.name : detail.from;
  let notification: Notification;
  try {
    notification = new Notification(options.title ?? `Incoming ${session.callType} call`, {
      body: options.body ?? name,
      tag: `meshcall-${session.id}`,
      requireInteraction: true,
      ...(options.icon ? { icon: options.icon } : {}),
    });
  } catch {
    // Some browsers (Android Chrome) only allow notifications from a service worker.
    return undefined;
  }
  const onStateChange = () => {
    if (session.state !== 'pending') close();
  };
  const onClick = () => {
    globalThis.focus?.();
    options.onClick?.();
    close();
  };
  const close = () => {
    session.removeEventListener('state-change', onStateChange);
    notification.removeEventListener('click', onClick);
    notification.close();
  };
  session.addEventListener('state-change', onStateChange);
  notification.addEventListener('click', onClick);
  return notification;
}
