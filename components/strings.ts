/**
 * Every label the elements show, one table per language, and the registry apps extend.
 *
 * Shipped: English, Arabic, German, Spanish, French, Persian, Hebrew, Japanese
 * (components/strings/). `registerStrings(lang, table)` adds a language or overrides some
 * labels of one; a table for `de-CH` or `en-x-support` (a private-use tag: one page
 * region, or one element, with `lang="en-x-support"`) needs only the labels that differ.
 * A language is looked up by its full tag, then by ever shorter prefixes (`de-CH` → `de`),
 * and every label still missing comes from English — so a table written before a release
 * added labels keeps working. Names inside these strings are rendered as text by lit
 * templates, never as HTML.
 */
import type { CallErrorCode } from '../src/errors.js';
import type { ConnectionState } from '../src/states.js';
import type { NetworkLevel } from './network-quality/network-score.js';

/** The browsers whose permission settings `permissionHelp` describes (see `browserFamily()`). */
export type BrowserFamily = 'chromium' | 'firefox' | 'safari' | 'other';

export interface Strings {
  call: string;
  accept: string;
  reject: string;
  hangUp: string;
  mute: string;
  cameraOff: string;
  switchCamera: string;
  shareScreen: string;
  playAudio: (name: string) => string;
  controls: string;
  you: string;
  cameraIsOff: string;
  participants: string;
  incomingCall: string;
  isCalling: (name: string) => string;
  calling: (names: string) => string;
  connectedTo: (names: string) => string;
  hungUp: (name: string) => string;
  declined: (name: string) => string;
  busy: (name: string) => string;
  noAnswer: (name: string) => string;
  callEnded: string;
  noOneToCall: string;
  muted: string;
  videoOff: string;
  sharingScreen: string;
  speaking: string;
  connectionState: Record<ConnectionState, string>;
  stats: {
    title: string;
    waiting: string;
    codec: string;
    resolution: string;
    frameRate: string;
    bitrate: string;
    packetLoss: string;
    rtt: string;
    audioLevel: string;
  };
  /** Reasons shown for failures, by `CallError` code; missing codes show the error's own message. */
  errors: Partial<Record<CallErrorCode, string>>;

  // <device-picker>
  camera: string;
  microphone: string;
  speaker: string;
  /** An unlabelled device (no permission yet): "Camera 2"; `kind` is `camera`, `microphone` or `speaker`. */
  deviceNumbered: (kind: string, n: number) => string;
  systemDefault: string;
  noDevices: string;
  /** Choosing speakers is not possible in this browser. */
  speakerNotSupported: string;
  deviceSwitchFailed: string;
  // <call-preview> (and `cameraIsOff` above)
  preview: string;
  previewVideo: string;
  microphoneLevel: string;
  joinMicOff: string;
  joinCameraOff: string;
  join: string;
  tryAgain: string;
  startingCamera: string;
  /** What to do after the browser refused camera/microphone access, per browser; names its menus and `tryAgain`. */
  permissionHelp: Record<BrowserFamily, string>;
  permissionDenied: string;
  noDevice: string;
  noDeviceHelp: string;
  deviceBusy: string;
  deviceBusyHelp: string;
  mediaUnavailable: string;
  mediaError: string;
  // <call-timer>
  callDuration: string;
  // <network-quality>; `level` is one of `networkLevel` or `networkMeasuring`
  networkQuality: (level: string) => string;
  networkLevel: Record<NetworkLevel, string>;
  networkMeasuring: string;
  // <call-notifications>
  notifications: string;
  dismiss: string;
  joined: (name: string) => string;
  left: (name: string) => string;
  reconnecting: (name: string) => string;
  reconnected: (name: string) => string;
  poorNetwork: (name: string) => string;
  // the call stage of <call-session>
  settings: string;
  pictureInPicture: string;
  fullscreen: string;
  exitFullscreen: string;
  /** The per-tile menu button: "Options for Bob". */
  tileOptions: (name: string) => string;
  /** Silences one person's audio on this side only. */
  muteForMe: string;
  pin: string;
  spotlightLayout: string;
}

import { ar } from './strings/ar.js';
import { de } from './strings/de.js';
import { en } from './strings/en.js';
import { es } from './strings/es.js';
import { fa } from './strings/fa.js';
import { fr } from './strings/fr.js';
import { he } from './strings/he.js';
import { ja } from './strings/ja.js';

/** A table an app registers: any subset of the labels, nested groups included. */
export type StringsTable = {
  [K in keyof Strings]?: Strings[K] extends (...args: never[]) => string ? Strings[K] : Strings[K] extends object ? Partial<Strings[K]> : Strings[K];
};

/** The shipped tables, by primary language subtag. */
export const STRINGS: Readonly<Record<string, Readonly<Strings>>> = Object.freeze({ en, ar, de, es, fr, fa, he, ja });

/** Right-to-left scripts by primary subtag (Arabic, Persian, Hebrew, Urdu, Pashto, Yiddish, Dhivehi, Sorani, Sindhi, Uyghur). */
const RTL_LANGUAGES = new Set(['ar', 'fa', 'he', 'iw', 'ur', 'ps', 'yi', 'dv', 'ckb', 'sd', 'ug']);

/** What apps registered, by lower-case tag. */
const registered = new Map<string, StringsTable>();
/** Registered directions, by lower-case tag. */
const directions = new Map<string, 'ltr' | 'rtl'>();
/** Merged tables, by lower-case tag; emptied by every registration. */
const cache = new Map<string, Strings>();

function normalise(lang: string | undefined): string {
  return (lang ?? '').trim().toLowerCase().replace(/_/g, '-');
}

/** `de-ch-x-a` → [`de-ch-x-a`, `de-ch-x`, `de-ch`, `de`]. */
function prefixes(tag: string): string[] {
  const parts = tag.split('-').filter(Boolean);
  return parts.map((_, i) => parts.slice(0, parts.length - i).join('-'));
}

/** `base` with `over` on top; the groups (`connectionState`, `stats`, `errors`, `permissionHelp`, `networkLevel`) merge key by key. */
function merge<T extends object>(base: T, over: object | undefined): T {
  if (!over) return base;
  const out = { ...base } as Record<string, unknown>;
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    const current = out[key];
    out[key] = current && typeof current === 'object' && value && typeof value === 'object' ? { ...current, ...value } : value;
  }
  return out as T;
}

/**
 * Adds a language, or overrides labels of one, for every meshcall element on the page
 * (register before the elements render, or set their `lang` again). Tags are matched
 * case-insensitively; `dir` sets the direction of a language the kit does not know.
 *
 * ```ts
 * registerStrings('it', { call: 'Chiama', hangUp: 'Riaggancia' });      // the rest in English
 * registerStrings('en', { hangUp: 'Leave' });                            // one label changed
 * registerStrings('ckb', { call: 'پەیوەندی' }, { dir: 'rtl' });
 * ```
 */
export function registerStrings(lang: string, table: StringsTable, options: { dir?: 'ltr' | 'rtl' } = {}): void {
  const tag = normalise(lang);
  if (!tag) throw new TypeError('registerStrings: lang must be a language tag such as "it" or "pt-BR"');
  if (!table || typeof table !== 'object') throw new TypeError(`registerStrings("${lang}"): the table must be an object of labels`);
  registered.set(tag, merge(registered.get(tag) ?? {}, table));
  if (options.dir) directions.set(tag, options.dir);
  cache.clear();
}

/** The labels for `lang`: its table (and its prefixes'), with every missing label from English. */
export function stringsFor(lang: string | undefined): Strings {
  const tag = normalise(lang) || 'en';
  let strings = cache.get(tag);
  if (!strings) {
    strings = merge(en, registered.get('en'));
    for (const prefix of prefixes(tag).reverse()) {
      if (prefix !== 'en') strings = merge(strings, STRINGS[prefix]);
      if (prefix !== 'en') strings = merge(strings, registered.get(prefix));
    }
    cache.set(tag, strings);
  }
  return strings;
}

export function directionFor(lang: string | undefined): 'ltr' | 'rtl' {
  const tag = normalise(lang);
  for (const prefix of prefixes(tag)) {
    const dir = directions.get(prefix);
    if (dir) return dir;
  }
  return RTL_LANGUAGES.has(tag.split('-')[0] ?? '') ? 'rtl' : 'ltr';
}

/** "Bob", "Bob and Carol", "Bob, Carol, and Dave" in the given language. */
export function joinNames(names: readonly string[], lang: string | undefined): string {
  try {
    return new Intl.ListFormat(lang || 'en', { type: 'conjunction' }).format(names);
  } catch {
    return names.join(', ');
  }
}

/** Elapsed seconds as m:ss (h:mm:ss past an hour). */
export function formatElapsed(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const pad = (n: number) => String(n).padStart(2, '0');
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(s % 60)}` : `${minutes}:${pad(s % 60)}`;
}

/** Which browser's settings `permissionHelp` describes, from the user agent (brands first, then the UA string). */
export function browserFamily(nav: Pick<Navigator, 'userAgent'> & { userAgentData?: { brands?: { brand: string }[] } } = navigator): BrowserFamily {
  const brands = nav.userAgentData?.brands?.map((b) => b.brand).join(' ') ?? '';
  if (/Chrom|Edge|Opera/i.test(brands)) return 'chromium';
  const ua = nav.userAgent;
  if (/Firefox\//.test(ua)) return 'firefox';
  if (/Chrome\/|Chromium\/|Edg\//.test(ua)) return 'chromium';
  if (/Safari\//.test(ua) && /Version\//.test(ua)) return 'safari';
  return 'other';
}
