/**
 * Every label the elements show, one table per language, and the registry apps extend.
 *
 * Shipped: English, Arabic, German, Spanish, French, Persian, Hebrew, Japanese
 * (components/strings/). `registerStrings(lang, table)` (app-strings.ts) adds a language or overrides some
 * labels of one; a table for `de-CH` or `en-x-support` (a private-use tag: one page
 * region, or one element, with `lang="en-x-support"`) needs only the labels that differ.
 * A language is looked up by its full tag, then by ever shorter prefixes (`de-CH` → `de`),
 * and every label still missing comes from English — so a table written before a release
 * added labels keeps working. Names inside these strings are rendered as text by lit
 * templates, never as HTML.
 *
 * English is built in; every other shipped table is its own module, loaded the first time an
 * element renders in that language (`loadStrings`): a page downloads only its own language.
 * Elements wait for it before they render (no flash of English).
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

import { en } from './strings/en.js';

/** A table an app registers: any subset of the labels, nested groups included. */
export type StringsTable = {
  [K in keyof Strings]?: Strings[K] extends (...args: never[]) => string ? Strings[K] : Strings[K] extends object ? Partial<Strings[K]> : Strings[K];
};

/** The shipped tables other than English, each its own module (one request, on first use). */
const SHIPPED: Readonly<Record<string, () => Promise<Strings>>> = {
  ar: () => import('./strings/ar.js').then((m) => m.ar),
  de: () => import('./strings/de.js').then((m) => m.de),
  es: () => import('./strings/es.js').then((m) => m.es),
  fa: () => import('./strings/fa.js').then((m) => m.fa),
  fr: () => import('./strings/fr.js').then((m) => m.fr),
  he: () => import('./strings/he.js').then((m) => m.he),
  ja: () => import('./strings/ja.js').then((m) => m.ja),
};

/** The languages the kit ships a table for, by primary language subtag. */
export const SHIPPED_LANGUAGES: readonly string[] = Object.freeze(['en', ...Object.keys(SHIPPED)]);

/** The shipped tables loaded so far, by primary language subtag: English always, the others once `loadStrings` brought them. */
export const STRINGS: Readonly<Record<string, Readonly<Strings>>> = { en };

/** Shipped tables on their way, by primary subtag. */
const loading = new Map<string, Promise<void>>();

/** Right-to-left scripts by primary subtag (Arabic, Persian, Hebrew, Urdu, Pashto, Yiddish, Dhivehi, Sorani, Sindhi, Uyghur). */
const RTL_LANGUAGES = new Set(['ar', 'fa', 'he', 'iw', 'ur', 'ps', 'yi', 'dv', 'ckb', 'sd', 'ug']);

/** What apps registered, by lower-case tag. */
const registered = new Map<string, StringsTable>();
/** Registered directions, by lower-case tag. */
const directions = new Map<string, 'ltr' | 'rtl'>();
/** Merged tables, by lower-case tag; emptied by every registration. */
const cache = new Map<string, Strings>();

/** A language tag as the tables are keyed: trimmed, lower case, `-` for `_`. */
export function normalise(lang: string | undefined): string {
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
 * Adds `table` (already checked) over what was registered for `tag` (normalised), with its
 * direction: what `registerStrings` (app-strings.ts) does. Every merged table is made anew.
 */
export function addStrings(tag: string, table: StringsTable, dir: 'ltr' | 'rtl' | undefined): void {
  registered.set(tag, merge(registered.get(tag) ?? {}, table));
  if (dir) directions.set(tag, dir);
  cache.clear();
}

/** The load of `lang`'s shipped table, started now if needed; undefined when there is nothing to wait for. */
export function pendingStrings(lang: string | undefined): Promise<void> | undefined {
  const primary = normalise(lang).split('-')[0] ?? '';
  const load = SHIPPED[primary];
  if (!load || STRINGS[primary]) return undefined;
  let pending = loading.get(primary);
  if (!pending) {
    pending = load().then(
      (table) => {
        (STRINGS as Record<string, Strings>)[primary] = Object.freeze(table);
        cache.clear();
      },
      (error: unknown) => console.warn(`meshcall: the "${primary}" labels did not load (${String(error)}); showing English`),
    );
    loading.set(primary, pending);
  }
  return pending;
}

/**
 * The labels for `lang`: its table (and its prefixes'), with every missing label from
 * English. A shipped table that has not loaded yet is asked for, and English stands in.
 */
export function stringsFor(lang: string | undefined): Strings {
  const tag = normalise(lang) || 'en';
  void pendingStrings(tag);
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
