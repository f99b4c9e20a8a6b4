/**
 * webrtc-adapter, only where it does something. Its last version gates are Chromium 149 and
 * Firefox 151 (webrtc-adapter 9: `shimSendThrowTypeError`, Firefox's `shimGetStats`); above
 * them every shim it applies is a feature-detected no-op. So a current Chromium (Chrome,
 * Edge, Opera…) or Firefox never downloads it, and every other browser (Safari, older
 * engines) loads it once, on demand — from the CDN folder beside the kit's file, or as its
 * own chunk in an app's bundle — before the first camera or connection is opened.
 */

/** Browsers at or above these versions skip the adapter. */
export const ADAPTER_NOT_NEEDED_FROM = { chromium: 149, firefox: 151 } as const;

/** Whether a browser with this user agent needs webrtc-adapter's shims. */
export function needsAdapter(userAgent: string = globalThis.navigator?.userAgent ?? ''): boolean {
  if (typeof globalThis.RTCPeerConnection !== 'function') return false; // nothing to shim (Node, no WebRTC)
  const firefox = /\bFirefox\/(\d+)/.exec(userAgent);
  if (firefox) return Number(firefox[1]) < ADAPTER_NOT_NEEDED_FROM.firefox;
  const chromium = /Chrom(?:e|ium)\/(\d+)/.exec(userAgent); // HeadlessChrome too
  if (chromium && !/\bEdge\//.test(userAgent)) return Number(chromium[1]) < ADAPTER_NOT_NEEDED_FROM.chromium;
  return true;
}

let loading: Promise<void> | undefined;
let applied = false;

/** Whether nothing is left to wait for: the adapter is not needed here, or already applied. */
export function adapterReady(): boolean {
  return applied || !needsAdapter();
}

/**
 * Loads and applies webrtc-adapter once, if this browser needs it; resolves at once
 * otherwise. A failed download is retried by the next call (WebRTC itself may still work).
 */
export function ensureAdapter(): Promise<void> {
  if (!needsAdapter()) return Promise.resolve();
  loading ??= import('webrtc-adapter').then(
    () => {
      applied = true;
    },
    (error: unknown) => {
      loading = undefined;
      console.warn(`meshcall: webrtc-adapter did not load (${String(error)}); going on without it`);
    },
  );
  return loading;
}
