/**
 * The English labels of the pre-join and in-call tool elements (`<call-preview>`,
 * `<device-picker>`, `<call-timer>`, `<network-quality>`, `<call-notifications>`), kept apart
 * from strings.ts until they are folded into its extensible table. `uiStringsFor(lang)` has
 * the same shape as `stringsFor`: any language without a table gets English.
 */
import type { NetworkLevel } from './network-quality/network-score.js';

/** The browsers whose permission settings the help text describes. */
export type BrowserFamily = 'chromium' | 'firefox' | 'safari' | 'other';

export interface UiStrings {
  camera: string;
  microphone: string;
  speaker: string;
  /** An unlabelled device (no permission yet): "Camera 2". */
  deviceNumbered: (kind: string, n: number) => string;
  systemDefault: string;
  noDevices: string;
  /** Choosing speakers is not possible in this browser. */
  speakerNotSupported: string;
  deviceSwitchFailed: string;
  preview: string;
  previewVideo: string;
  microphoneLevel: string;
  joinMicOff: string;
  joinCameraOff: string;
  join: string;
  tryAgain: string;
  startingCamera: string;
  cameraIsOff: string;
  /** What to do after the browser refused camera/microphone access, per browser. */
  permissionHelp: Record<BrowserFamily, string>;
  permissionDenied: string;
  noDevice: string;
  noDeviceHelp: string;
  deviceBusy: string;
  deviceBusyHelp: string;
  mediaUnavailable: string;
  mediaError: string;
  callDuration: string;
  networkQuality: (level: string) => string;
  networkLevel: Record<NetworkLevel, string>;
  networkMeasuring: string;
  notifications: string;
  dismiss: string;
  joined: (name: string) => string;
  left: (name: string) => string;
  reconnecting: (name: string) => string;
  reconnected: (name: string) => string;
  poorNetwork: (name: string) => string;
}

const en: UiStrings = {
  camera: 'Camera',
  microphone: 'Microphone',
  speaker: 'Speaker',
  deviceNumbered: (kind, n) => `${kind} ${n}`,
  systemDefault: 'System default',
  noDevices: 'None found',
  speakerNotSupported: 'This browser plays calls on the system speaker; it cannot choose another.',
  deviceSwitchFailed: 'Could not switch to that device.',
  preview: 'Check your camera and microphone',
  previewVideo: 'Your camera',
  microphoneLevel: 'Microphone level',
  joinMicOff: 'Join with microphone off',
  joinCameraOff: 'Join with camera off',
  join: 'Join',
  tryAgain: 'Try again',
  startingCamera: 'Starting camera…',
  cameraIsOff: 'Camera is off',
  permissionHelp: {
    chromium: 'Click the camera icon at the right end of the address bar (or the site icon at its left), choose Allow for the camera and microphone, then Try again.',
    firefox: 'Click the crossed-out camera or microphone icon at the left of the address bar, clear the Blocked permission, then Try again and choose Allow.',
    safari: 'Open Safari › Settings for This Website (or Settings › Websites › Camera and Microphone), set this site to Allow, then Try again.',
    other: 'Allow this site to use the camera and microphone in the browser’s site settings, then Try again.',
  },
  permissionDenied: 'The browser blocked the camera and microphone for this site.',
  noDevice: 'No camera or microphone was found.',
  noDeviceHelp: 'Plug one in (or check that it is switched on) and Try again, or join with it off.',
  deviceBusy: 'The camera or microphone is in use by another program.',
  deviceBusyHelp: 'Close the other program or browser tab that uses it, then Try again.',
  mediaUnavailable: 'This page cannot use a camera or microphone: it needs https (or localhost).',
  mediaError: 'Could not open the camera or microphone.',
  callDuration: 'Call duration',
  networkQuality: (level) => `Network: ${level}`,
  networkLevel: { 0: 'no connection', 1: 'poor', 2: 'fair', 3: 'good', 4: 'excellent' },
  networkMeasuring: 'measuring…',
  notifications: 'Call notifications',
  dismiss: 'Dismiss',
  joined: (name) => `${name} joined`,
  left: (name) => `${name} left`,
  reconnecting: (name) => `Reconnecting to ${name}…`,
  reconnected: (name) => `Reconnected to ${name}`,
  poorNetwork: (name) => `Poor network with ${name}`,
};

/** The shipped tables, by primary language subtag (only English until the merge into strings.ts). */
export const UI_STRINGS: Readonly<Record<string, UiStrings>> = Object.freeze({ en });

export function uiStringsFor(lang: string | undefined): UiStrings {
  const primary = (lang ?? '').trim().toLowerCase().split('-')[0] ?? '';
  return UI_STRINGS[primary] ?? en;
}

/** Which browser's settings to describe, from the user agent (brands first, then the UA string). */
export function browserFamily(nav: Pick<Navigator, 'userAgent'> & { userAgentData?: { brands?: { brand: string }[] } } = navigator): BrowserFamily {
  const brands = nav.userAgentData?.brands?.map((b) => b.brand).join(' ') ?? '';
  if (/Chrom|Edge|Opera/i.test(brands)) return 'chromium';
  const ua = nav.userAgent;
  if (/Firefox\//.test(ua)) return 'firefox';
  if (/Chrome\/|Chromium\/|Edg\//.test(ua)) return 'chromium';
  if (/Safari\//.test(ua) && /Version\//.test(ua)) return 'safari';
  return 'other';
}
