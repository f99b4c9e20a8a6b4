// meshcall without a framework: import the elements once, then use the tags like any
// other HTML element — attributes for strings, properties for objects, addEventListener.
import 'meshcall/elements';
import { callSettings } from '../shared/call-settings.js';

const { userId, callee, signalingUrl, userInfo, config } = callSettings('HTML');
const call = /** @type {HTMLElementTagNameMap['call-session']} */ (document.getElementById('call'));
const lastEvent = /** @type {HTMLOutputElement} */ (document.getElementById('last-event'));
/** @type {HTMLElement} */ (document.getElementById('me')).textContent = userId;

// Attributes (strings)...
call.setAttribute('user-id', userId);
call.setAttribute('signaling-url', signalingUrl);
call.setAttribute('opponents', callee);
// ...and properties (objects).
call.userInfo = userInfo;
call.config = config;

call.addEventListener('call-incoming', (event) => {
  lastEvent.value = `call-incoming from ${event.detail.userInfo?.name ?? event.detail.from}`;
});
call.addEventListener('call-hung-up', (event) => {
  lastEvent.value = `call-hung-up by ${event.detail.userInfo?.name ?? event.detail.userId}`;
});
