/**
 * Whether this page can make calls at all: an old browser lacks `RTCPeerConnection`; a page
 * served over plain http (not localhost) has no `navigator.mediaDevices`. Checked before a
 * call opens the camera and by `<call-session>` when it connects, so the person sees why
 * instead of a raw `ReferenceError`.
 */
import { CallError } from './errors.js';

/** A `CallError` (`insecure-context` or `not-supported`) saying why calls cannot work here, or undefined. */
export function unsupportedReason(): CallError | undefined {
  const g = globalThis as { RTCPeerConnection?: unknown; isSecureContext?: boolean; navigator?: Navigator };
  const hasMedia = typeof g.navigator?.mediaDevices?.getUserMedia === 'function';
  if (g.isSecureContext === false && (!hasMedia || typeof g.RTCPeerConnection !== 'function')) {
    return new CallError('insecure-context', 'Calls need a secure page: open it over https (or on localhost).');
  }
  if (typeof g.RTCPeerConnection !== 'function') {
    return new CallError('not-supported', 'This browser cannot make video calls (no WebRTC). Try a current Chrome, Edge, Firefox or Safari.');
  }
  if (!hasMedia) {
    return new CallError('not-supported', 'This browser cannot use a camera or microphone here. Try a current Chrome, Edge, Firefox or Safari.');
  }
  return undefined;
}
