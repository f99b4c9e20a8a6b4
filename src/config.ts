import type { Logger } from './log.js';
import { LOG_LEVELS, type LogLevel } from './log.js';
import {
  DEFAULT_CONFIG,
  MESH_MAX_PARTICIPANTS,
  SESSION_SETTING_KEYS,
  SFU_MAX_PARTICIPANTS,
  pickSessionSettings,
  type PrepareWhileRinging,
} from './config-defaults.js';

export { DEFAULT_CONFIG, MESH_MAX_PARTICIPANTS, SESSION_SETTING_KEYS, SFU_MAX_PARTICIPANTS, pickSessionSettings, type PrepareWhileRinging };

export type VideoCodec = 'VP8' | 'VP9' | 'H264' | 'H264High' | 'AV1';
export type AudioCodec = 'opus' | 'iSAC' | 'iLBC';

export interface VideoFormat {
  width: number;
  height: number;
  frameRate: number;
}

/** Call settings (the seed's CYBCallConfig). Times are in seconds, bitrates in kbps. */
export interface CallConfig {
  /** How long a callee may ring before the caller gives up (`no-answer`). Default 45, min 10. */
  answerTimeInterval: number;
  /** How often the caller re-sends `call` to peers that have not answered. Default 5, min 3. */
  dialingTimeInterval: number;
  /** How long a peer may stay `disconnected` (while ICE restarts run) before `disconnect-timeout`. Default 30, min 5. */
  disconnectTimeInterval: number;
  /** Seconds between `stats` reports; 0 turns them off. */
  statsInterval: number;
  iceServers: RTCIceServer[];
  iceTransportPolicy: RTCIceTransportPolicy;
  /** Must stay true: WebRTC media is always DTLS-SRTP. `false` throws. */
  dtls: true;
  videoCodec: VideoCodec | undefined;
  audioCodec: AudioCodec;
  maxVideoBitrate: number | undefined;
  maxAudioBitrate: number | undefined;
  video: VideoFormat;
  logLevel: LogLevel;
  /**
   * Most people in one call, the caller included. Default 4 (a full mesh); 12 when conference
   * mode is possible (`topology` not `mesh` and an `sfuUrl`). A mesh call is never above 4.
   */
  maxParticipants: number;
  /**
   * How media travels: `mesh` (peer to peer, up to 4 people), `sfu` (through the SFU at
   * `sfuUrl`, up to 12) or `auto` (default: mesh up to 4 people, SFU above). The caller
   * decides when the call starts; callees follow what its `call` says.
   */
  topology: Topology;
  /**
   * The SFU (Janus VideoRoom WebSocket API, `wss://…`) for conference mode; a list spreads
   * sessions over several instances (`pickJanusInstance`). A callee joins an SFU call only on
   * an instance in its own list. Unset: calls above 4 people fail with `not-supported`.
   */
  sfuUrl: string | string[] | undefined;
  /** The VideoRoom `admin_key` of that Janus, when it sets one (room creation needs it). */
  sfuAdminKey: string | undefined;
  /**
   * What a ringing incoming call prepares before the user accepts. `'local'` (default): apply
   * the offer, make the connection and the answer, gather candidates, and hold them; nothing
   * leaves this side before accept. `'connect'`: also send the answer and candidates so
   * ICE/DTLS finish while it rings (accept → picture is faster), which tells the caller this
   * side's network candidates before the user accepted (with `iceTransportPolicy: 'relay'`,
   * TURN addresses only). The camera is never opened before accept in either mode.
   */
  prepareWhileRinging: PrepareWhileRinging;
}

export type Topology = 'mesh' | 'sfu' | 'auto';

/** The configured SFU instances (none without `sfuUrl`). */
export function sfuUrls(config: Pick<CallConfig, 'sfuUrl'>): string[] {
  const { sfuUrl } = config;
  return sfuUrl === undefined ? [] : typeof sfuUrl === 'string' ? [sfuUrl] : [...sfuUrl];
}

/** Whether a call of `people` (caller included) goes through the SFU, or why it cannot be made. */
export function chooseTopology(config: CallConfig, people: number): { topology: 'mesh' | 'sfu' } | { error: string } {
  const sfu = sfuUrls(config).length > 0;
  const wantsSfu = config.topology === 'sfu' || (config.topology === 'auto' && people > MESH_MAX_PARTICIPANTS);
  if (!wantsSfu && people > MESH_MAX_PARTICIPANTS) {
    return { error: `a mesh call has at most ${MESH_MAX_PARTICIPANTS} people; got ${people} (use topology "auto" or "sfu")` };
  }
  if (wantsSfu && !sfu) {
    return { error: `a call of ${people} people needs conference mode, and no SFU is configured: set sfuUrl (or <call-session sfu-url>)` };
  }
  if (people > config.maxParticipants) return { error: `a call has at most ${config.maxParticipants} people (maxParticipants); got ${people}` };
  return { topology: wantsSfu ? 'sfu' : 'mesh' };
}

const MINIMUMS = {
  answerTimeInterval: 10,
  dialingTimeInterval: 3,
  disconnectTimeInterval: 5,
} as const;

const VIDEO_CODECS: readonly VideoCodec[] = ['VP8', 'VP9', 'H264', 'H264High', 'AV1'];
const AUDIO_CODECS: readonly AudioCodec[] = ['opus', 'iSAC', 'iLBC'];

/** Thrown for a setting that cannot be repaired by falling back to the default (`dtls: false`). */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(message);
  }
}

type Warn = (message: string) => void;

/** A value for a warning: primitives as themselves, objects by kind (never "[object Object]"). */
function describe(value: unknown): string {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return String(value);
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

function positiveNumber(key: string, value: unknown, fallback: number, warn: Warn, min = 0): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    warn(`${key}: expected a non-negative number, got ${String(value)}; using ${fallback}`);
    return fallback;
  }
  if (value < min) {
    warn(`${key}: ${value} is below the minimum ${min}; using ${min}`);
    return min;
  }
  return value;
}

function optionalBitrate(key: string, value: unknown, warn: Warn): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    warn(`${key}: expected a positive number of kbps, got ${describe(value)}; leaving it unlimited`);
    return undefined;
  }
  return value;
}

function urlsOf(server: RTCIceServer): string[] {
  return typeof server.urls === 'string' ? [server.urls] : [...server.urls];
}

/** Whether any of `servers` is a TURN server (the only kind a relay-only policy can use). */
export function hasTurn(servers: readonly RTCIceServer[]): boolean {
  return servers.some((s) => urlsOf(s).some((u) => /^turns?:/i.test(u)));
}

/**
 * The usable entries of `iceServers`. `RTCPeerConnection` throws on a malformed server (a
 * bad URL, a TURN server without username/credential), which would fail every call, so
 * each bad entry is dropped here with a warning instead.
 */
function validIceServers(servers: unknown[], warn: Warn): RTCIceServer[] {
  const valid: RTCIceServer[] = [];
  servers.forEach((server, index) => {
    const s = server as Partial<Record<keyof RTCIceServer, unknown>> | null;
    const urls = typeof s?.urls === 'string' ? [s.urls] : Array.isArray(s?.urls) ? (s.urls as unknown[]) : undefined;
    if (!s || typeof s !== 'object' || !urls || urls.length === 0 || !urls.every((u) => typeof u === 'string' && /^(stuns?|turns?):./i.test(u))) {
      warn(`iceServers[${index}]: expected { urls: "stun:…" | "turn:…" | [...] }; dropped`);
      return;
    }
    const turn = (urls as string[]).some((u) => /^turns?:/i.test(u));
    if (turn && (typeof s.username !== 'string' || typeof s.credential !== 'string')) {
      warn(`iceServers[${index}]: a TURN server needs a username and a credential (strings); dropped`);
      return;
    }
    valid.push({
      urls: s.urls as string | string[],
      ...(typeof s.username === 'string' ? { username: s.username } : {}),
      ...(typeof s.credential === 'string' ? { credential: s.credential } : {}),
    });
  });
  return valid;
}

/**
 * Merges `input` over the defaults. Values below a minimum are clamped, values of the
 * wrong type fall back to the default, unknown keys are ignored: each with a warning.
 * Only `dtls: false` throws (a call without DTLS cannot be made, and must not be
 * mistaken for one that is encrypted).
 */
export function resolveConfig(input: Partial<CallConfig> | undefined, logger?: Logger, options: { turnFromRelay?: boolean } = {}): CallConfig {
  const warn: Warn = (message) => logger?.warn(`config ${message}`);
  const raw = (input ?? {}) as Record<string, unknown>;
  const config: CallConfig = { ...DEFAULT_CONFIG, video: { ...DEFAULT_CONFIG.video } };
  for (const key of Object.keys(raw)) {
    if (!(key in DEFAULT_CONFIG)) warn(`${key}: unknown setting, ignored`);
  }
  if ('dtls' in raw && raw.dtls !== true) {
    throw new ConfigError('dtls', 'dtls must stay enabled: WebRTC media is always encrypted with DTLS-SRTP');
  }
  for (const key of ['answerTimeInterval', 'dialingTimeInterval', 'disconnectTimeInterval'] as const) {
    if (key in raw) config[key] = positiveNumber(key, raw[key], DEFAULT_CONFIG[key], warn, MINIMUMS[key]);
  }
  if ('statsInterval' in raw) config.statsInterval = positiveNumber('statsInterval', raw.statsInterval, 0, warn);
  if ('iceServers' in raw) {
    if (Array.isArray(raw.iceServers)) config.iceServers = validIceServers(raw.iceServers, warn);
    else warn('iceServers: expected an array of { urls, username?, credential? }; using none');
  }
  if ('iceTransportPolicy' in raw) {
    if (raw.iceTransportPolicy === 'all' || raw.iceTransportPolicy === 'relay') config.iceTransportPolicy = raw.iceTransportPolicy;
    else warn(`iceTransportPolicy: expected "all" or "relay", got ${String(raw.iceTransportPolicy)}; using "all"`);
  }
  // With a relay that may issue TURN credentials (a signaling URL), CallClient decides once it asked.
  if (!options.turnFromRelay && config.iceTransportPolicy === 'relay' && !hasTurn(config.iceServers)) {
    warn('iceTransportPolicy: "relay" without a TURN server in iceServers can never connect');
  }
  if (raw.videoCodec !== undefined) {
    if (VIDEO_CODECS.includes(raw.videoCodec as VideoCodec)) config.videoCodec = raw.videoCodec as VideoCodec;
    else warn(`videoCodec: ${describe(raw.videoCodec)} is not one of ${VIDEO_CODECS.join(', ')}; using the browser's choice`);
  }
  if ('audioCodec' in raw) {
    const codec = raw.audioCodec as AudioCodec;
    if (!AUDIO_CODECS.includes(codec)) warn(`audioCodec: ${String(codec)} is unknown; using opus`);
    else if (codec !== 'opus') warn(`audioCodec: ${codec} is not available in browsers; using opus`);
  }
  config.maxVideoBitrate = optionalBitrate('maxVideoBitrate', raw.maxVideoBitrate, warn);
  config.maxAudioBitrate = optionalBitrate('maxAudioBitrate', raw.maxAudioBitrate, warn);
  if ('video' in raw) {
    const video = (raw.video ?? {}) as Partial<Record<keyof VideoFormat, unknown>>;
    for (const key of ['width', 'height', 'frameRate'] as const) {
      if (key in video) config.video[key] = positiveNumber(`video.${key}`, video[key], DEFAULT_CONFIG.video[key], warn, 1);
    }
  }
  if ('logLevel' in raw) {
    if (LOG_LEVELS.includes(raw.logLevel as LogLevel)) config.logLevel = raw.logLevel as LogLevel;
    else warn(`logLevel: expected one of ${LOG_LEVELS.join(', ')}; using verbose`);
  }
  if ('prepareWhileRinging' in raw) {
    if (raw.prepareWhileRinging === 'local' || raw.prepareWhileRinging === 'connect') config.prepareWhileRinging = raw.prepareWhileRinging;
    else warn(`prepareWhileRinging: expected "local" or "connect", got ${describe(raw.prepareWhileRinging)}; using "local"`);
  }
  if ('topology' in raw && raw.topology !== undefined) {
    if (raw.topology === 'mesh' || raw.topology === 'sfu' || raw.topology === 'auto') config.topology = raw.topology;
    else warn(`topology: expected "mesh", "sfu" or "auto", got ${describe(raw.topology)}; using "auto"`);
  }
  if ('sfuUrl' in raw && raw.sfuUrl !== undefined) {
    const given = Array.isArray(raw.sfuUrl) ? (raw.sfuUrl as unknown[]) : [raw.sfuUrl];
    const urls = given.filter((url): url is string => typeof url === 'string' && /^wss?:\/\/[^\s]+$/i.test(url));
    if (urls.length < given.length)
      warn(`sfuUrl: expected ws:// or wss:// URLs, got ${given.map(describe).join(', ')}; ${urls.length ? 'kept the valid ones' : 'no SFU'}`);
    if (urls.length > 0) config.sfuUrl = typeof raw.sfuUrl === 'string' ? urls[0] : urls;
  }
  if ('sfuAdminKey' in raw && raw.sfuAdminKey !== undefined) {
    if (typeof raw.sfuAdminKey === 'string' && raw.sfuAdminKey.length > 0) config.sfuAdminKey = raw.sfuAdminKey;
    else warn('sfuAdminKey: expected a non-empty string; using none');
  }
  const conference = config.topology !== 'mesh' && sfuUrls(config).length > 0;
  const most = conference ? SFU_MAX_PARTICIPANTS : MESH_MAX_PARTICIPANTS;
  config.maxParticipants = most;
  if ('maxParticipants' in raw && raw.maxParticipants !== undefined) {
    const n = raw.maxParticipants;
    if (typeof n === 'number' && Number.isInteger(n) && n >= 2 && n <= most) config.maxParticipants = n;
    else {
      const what = conference ? 'conference mode supports 2 to 12 people' : 'a full mesh supports 2 to 4 people (12 with an sfuUrl)';
      warn(`maxParticipants: ${what}, got ${describe(n)}; using ${most}`);
    }
  }
  return config;
}

/** Settings one call may have of its own (`createSession(ids, { answerTimeInterval, ... })`); times in seconds, bitrates in kbps. */
export type SessionSettings = Partial<Pick<CallConfig, (typeof SESSION_SETTING_KEYS)[number]>>;

/**
 * One call's settings: `base` (the client's) with the per-call `settings` over it, each
 * checked like the config (clamped or defaulted with a warning). Other keys in `settings`
 * are ignored: the caller passes only per-call ones (see `pickSessionSettings`).
 */
export function resolveSessionConfig(base: CallConfig, settings: SessionSettings, logger?: Logger, options: { turnFromRelay?: boolean } = {}): CallConfig {
  const given = pickSessionSettings(settings);
  if (Object.keys(given).length === 0) return base;
  const merged: Partial<CallConfig> = { ...base, ...given };
  // The base's own default limit is re-derived: a per-call sfuUrl or topology may allow 12 people.
  if (base.maxParticipants === (base.topology !== 'mesh' && sfuUrls(base).length > 0 ? SFU_MAX_PARTICIPANTS : MESH_MAX_PARTICIPANTS))
    delete merged.maxParticipants;
  return resolveConfig(merged, logger, options);
}
