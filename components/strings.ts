/**
 * Every label the elements show, in one table per language. English and Arabic ship;
 * `stringsFor(lang)` picks by primary subtag (`ar-EG` → Arabic) and falls back to English.
 * Names inside these strings are rendered as text by lit templates, never as HTML.
 */
import type { CallErrorCode } from '../src/errors.js';
import type { ConnectionState } from '../src/states.js';

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
}

const en: Strings = {
  call: 'Call',
  accept: 'Accept',
  reject: 'Reject',
  hangUp: 'Hang up',
  mute: 'Mute microphone',
  cameraOff: 'Camera off',
  switchCamera: 'Switch camera',
  shareScreen: 'Share screen',
  playAudio: (name) => `Play audio from ${name}`,
  controls: 'Call controls',
  you: 'You',
  cameraIsOff: 'Camera is off',
  participants: 'Participants',
  incomingCall: 'Incoming call',
  isCalling: (name) => `${name} is calling`,
  calling: (names) => `Calling ${names}…`,
  connectedTo: (names) => `Connected to ${names}`,
  hungUp: (name) => `${name} hung up`,
  declined: (name) => `${name} declined the call`,
  busy: (name) => `${name} is busy`,
  noAnswer: (name) => `${name} did not answer`,
  callEnded: 'Call ended',
  noOneToCall: 'Enter who to call first.',
  muted: 'Muted',
  videoOff: 'Camera off',
  sharingScreen: 'Sharing screen',
  speaking: 'Speaking',
  connectionState: {
    unknown: 'Unknown',
    new: 'Starting',
    pending: 'Ringing…',
    connecting: 'Connecting…',
    checking: 'Connecting…',
    connected: 'Connected',
    disconnected: 'Reconnecting…',
    closed: 'Left',
    'disconnect-timeout': 'Connection lost',
    'no-answer': 'No answer',
    rejected: 'Declined',
    'hang-up': 'Hung up',
    failed: 'Connection failed',
  },
  stats: {
    title: 'Call statistics',
    waiting: 'Waiting for statistics…',
    codec: 'Codec',
    resolution: 'Resolution',
    frameRate: 'Frame rate',
    bitrate: 'Bitrate',
    packetLoss: 'Packets lost',
    rtt: 'Round-trip time',
    audioLevel: 'Audio level',
  },
  errors: {
    'permission-denied': 'Camera or microphone permission was denied.',
    'no-device': 'No camera or microphone was found.',
    'device-busy': 'The camera or microphone is in use by another program.',
    'media-unavailable': 'This page cannot use a camera or microphone (it needs https or localhost).',
    'media-error': 'Could not open the camera or microphone.',
    busy: 'The person you called is busy.',
    'invalid-state': 'That is not possible right now.',
    'invalid-argument': 'The call settings are not valid.',
    'not-supported': 'This browser does not support that.',
    'negotiation-failed': 'The connection could not be set up.',
    'signaling-unavailable': 'The call service (signaling relay) is unreachable.',
  },
};

const ar: Strings = {
  call: 'اتصال',
  accept: 'قبول',
  reject: 'رفض',
  hangUp: 'إنهاء المكالمة',
  mute: 'كتم الميكروفون',
  cameraOff: 'إيقاف الكاميرا',
  switchCamera: 'تبديل الكاميرا',
  shareScreen: 'مشاركة الشاشة',
  playAudio: (name) => `تشغيل صوت ${name}`,
  controls: 'أدوات التحكم في المكالمة',
  you: 'أنت',
  cameraIsOff: 'الكاميرا متوقفة',
  participants: 'المشاركون',
  incomingCall: 'مكالمة واردة',
  isCalling: (name) => `${name} يتصل بك`,
  calling: (names) => `جارٍ الاتصال بـ ${names}…`,
  connectedTo: (names) => `متصل مع ${names}`,
  hungUp: (name) => `أنهى ${name} المكالمة`,
  declined: (name) => `رفض ${name} المكالمة`,
  busy: (name) => `${name} مشغول`,
  noAnswer: (name) => `لم يرد ${name}`,
  callEnded: 'انتهت المكالمة',
  noOneToCall: 'أدخل أولًا من تريد الاتصال به.',
  muted: 'الميكروفون مكتوم',
  videoOff: 'الكاميرا متوقفة',
  sharingScreen: 'يشارك الشاشة',
  speaking: 'يتحدث',
  connectionState: {
    unknown: 'غير معروف',
    new: 'جارٍ التجهيز',
    pending: 'يرن…',
    connecting: 'جارٍ الاتصال…',
    checking: 'جارٍ الاتصال…',
    connected: 'متصل',
    disconnected: 'جارٍ إعادة الاتصال…',
    closed: 'غادر',
    'disconnect-timeout': 'انقطع الاتصال',
    'no-answer': 'لا يوجد رد',
    rejected: 'رفض المكالمة',
    'hang-up': 'أنهى المكالمة',
    failed: 'فشل الاتصال',
  },
  stats: {
    title: 'إحصاءات المكالمة',
    waiting: 'في انتظار الإحصاءات…',
    codec: 'الترميز',
    resolution: 'الدقة',
    frameRate: 'معدل الإطارات',
    bitrate: 'معدل البت',
    packetLoss: 'الحزم المفقودة',
    rtt: 'زمن الذهاب والإياب',
    audioLevel: 'مستوى الصوت',
  },
  errors: {
    'permission-denied': 'تم رفض إذن استخدام الكاميرا أو الميكروفون.',
    'no-device': 'لم يتم العثور على كاميرا أو ميكروفون.',
    'device-busy': 'الكاميرا أو الميكروفون قيد الاستخدام من برنامج آخر.',
    'media-unavailable': 'لا يمكن لهذه الصفحة استخدام الكاميرا أو الميكروفون (تحتاج إلى https أو localhost).',
    'media-error': 'تعذر تشغيل الكاميرا أو الميكروفون.',
    busy: 'الشخص الذي تتصل به مشغول.',
    'invalid-state': 'لا يمكن تنفيذ ذلك الآن.',
    'invalid-argument': 'إعدادات المكالمة غير صالحة.',
    'not-supported': 'هذا المتصفح لا يدعم هذه الميزة.',
    'negotiation-failed': 'تعذر إنشاء الاتصال.',
    'signaling-unavailable': 'تعذر الوصول إلى خدمة الاتصال (خادم الإشارات).',
  },
};

/** The shipped tables, by primary language subtag. */
export const STRINGS: Readonly<Record<string, Strings>> = Object.freeze({ en, ar });

const RTL_LANGUAGES = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'yi', 'dv', 'ckb', 'sd', 'ug']);

function primary(lang: string | undefined): string {
  return (lang ?? '').trim().toLowerCase().split('-')[0] ?? '';
}

export function stringsFor(lang: string | undefined): Strings {
  return STRINGS[primary(lang)] ?? en;
}

export function directionFor(lang: string | undefined): 'ltr' | 'rtl' {
  return RTL_LANGUAGES.has(primary(lang)) ? 'rtl' : 'ltr';
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
