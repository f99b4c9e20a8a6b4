/**
 * The defaults and the per-call setting keys of `config.ts`, on their own: what the elements
 * need before a call (the CDN's first paint) without the config checks, which load with the core.
 */
import type { CallConfig, SessionSettings } from './config.js';

/** The largest full mesh (everyone sends to everyone). */
export const MESH_MAX_PARTICIPANTS = 4;

/** The largest conference-mode call. */
export const SFU_MAX_PARTICIPANTS = 12;

export type PrepareWhileRinging = 'local' | 'connect';

export const DEFAULT_CONFIG: Readonly<CallConfig> = Object.freeze({
  answerTimeInterval: 45,
  dialingTimeInterval: 5,
  disconnectTimeInterval: 30,
  statsInterval: 0,
  // No public STUN server by default: a kit should not phone a third party unasked.
  // Same-network calls work with host candidates; add STUN/TURN for calls across NATs.
  iceServers: [],
  iceTransportPolicy: 'all',
  dtls: true,
  videoCodec: undefined,
  audioCodec: 'opus',
  maxVideoBitrate: undefined,
  maxAudioBitrate: undefined,
  video: Object.freeze({ width: 640, height: 480, frameRate: 30 }),
  logLevel: 'verbose',
  maxParticipants: MESH_MAX_PARTICIPANTS,
  topology: 'auto',
  sfuUrl: undefined,
  sfuAdminKey: undefined,
  prepareWhileRinging: 'local',
});

export const SESSION_SETTING_KEYS = [
  'answerTimeInterval',
  'dialingTimeInterval',
  'disconnectTimeInterval',
  'statsInterval',
  'iceServers',
  'iceTransportPolicy',
  'videoCodec',
  'audioCodec',
  'maxVideoBitrate',
  'maxAudioBitrate',
  'topology',
  'prepareWhileRinging',
  'sfuUrl',
] as const satisfies readonly (keyof CallConfig)[];

/** The per-call settings present (not undefined) in `from`. */
export function pickSessionSettings(from: object): SessionSettings {
  const picked: Record<string, unknown> = {};
  for (const key of SESSION_SETTING_KEYS) {
    const value = (from as Partial<Record<string, unknown>>)[key];
    if (value !== undefined) picked[key] = value;
  }
  return picked;
}
