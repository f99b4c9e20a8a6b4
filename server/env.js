// Relay options from environment variables (what `npm start` / server/main.js reads):
//   PORT (8080), HOST (localhost), MESHCALL_SECRET (unset = dev mode),
//   MESHCALL_MAX_CONNECTIONS (1000), MESHCALL_MAX_CONNECTIONS_PER_IP (50, 0 = no cap),
//   MESHCALL_ORIGINS (comma list of extra allowed origins, `*` = any), REDIS_URL (scale-out),
//   MESHCALL_MAX_TOKEN_TTL (seconds; refuse tokens expiring further out than this; unset = no bound),
//   MESHCALL_TURN_SECRET + MESHCALL_TURN_URLS (comma list) [+ MESHCALL_TURN_TTL seconds, 86400]:
//   issue coturn use-auth-secret credentials at GET /turn,
//   MESHCALL_METRICS_TOKEN (serve /metrics to `Authorization: Bearer <token>`) or
//   MESHCALL_METRICS=on (serve /metrics to anyone: only where the port is not public),
//   MESHCALL_TRUST_PROXY (off; a hop count, or a comma list of proxy addresses: client
//   addresses then come from X-Forwarded-For / Forwarded for the per-address caps and logs).

import { normaliseOrigin } from './origin.js';
import { parseTrustProxy } from './proxy.js';

/** A bad environment value; the message names the variable and what it should be. */
export class EnvError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'EnvError';
  }
}

/**
 * @param {Record<string, string | undefined>} env
 * @param {string} name
 * @param {number} fallback
 * @param {{ min: number, max: number }} range
 */
function integer(env, name, fallback, { min, max }) {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new EnvError(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/**
 * @param {Record<string, string | undefined>} env
 * @param {string} name
 * @param {{ min: number, max: number }} range
 * @returns {number | undefined} undefined when unset
 */
function optionalInteger(env, name, range) {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  return integer(env, name, 0, range);
}

/**
 * Reads the relay's settings from `env`. Throws EnvError for a value that cannot be used.
 * @param {Record<string, string | undefined>} env
 * @returns {import('./relay.js').RelayOptions & { port: number, host: string }}
 */
export function relayOptionsFromEnv(env) {
  const origins = (env.MESHCALL_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of origins) {
    if (origin !== '*' && !normaliseOrigin(origin)) {
      throw new EnvError(`MESHCALL_ORIGINS: ${JSON.stringify(origin)} is not an origin like https://app.example.com`);
    }
  }
  const turnSecret = env.MESHCALL_TURN_SECRET || undefined;
  const turnUrls = (env.MESHCALL_TURN_URLS ?? '')
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean);
  if (turnSecret && turnUrls.length === 0)
    throw new EnvError('MESHCALL_TURN_SECRET is set but MESHCALL_TURN_URLS is not: list the TURN URLs, e.g. turn:turn.example.com:3478');
  if (!turnSecret && turnUrls.length > 0)
    throw new EnvError('MESHCALL_TURN_URLS is set but MESHCALL_TURN_SECRET is not: set it to coturn’s static-auth-secret');
  for (const url of turnUrls) {
    if (!/^turns?:[^\s]+$/.test(url)) throw new EnvError(`MESHCALL_TURN_URLS: ${JSON.stringify(url)} is not a turn: or turns: URL`);
  }
  const metricsSwitch = (env.MESHCALL_METRICS ?? '').trim().toLowerCase();
  if (!['', 'on', 'off'].includes(metricsSwitch)) throw new EnvError(`MESHCALL_METRICS must be on or off, got ${JSON.stringify(env.MESHCALL_METRICS)}`);
  const metricsToken = env.MESHCALL_METRICS_TOKEN || undefined;
  if (metricsSwitch === 'off' && metricsToken) throw new EnvError('MESHCALL_METRICS=off contradicts MESHCALL_METRICS_TOKEN: unset one of them');
  const trustProxy = env.MESHCALL_TRUST_PROXY?.trim() || undefined;
  try {
    parseTrustProxy(trustProxy);
  } catch (err) {
    throw new EnvError(`MESHCALL_TRUST_PROXY: ${err instanceof Error ? err.message : String(err)}`);
  }
  return {
    port: integer(env, 'PORT', 8080, { min: 0, max: 65535 }),
    host: env.HOST || 'localhost',
    secret: env.MESHCALL_SECRET || undefined,
    maxConnections: integer(env, 'MESHCALL_MAX_CONNECTIONS', 1000, { min: 1, max: 1_000_000 }),
    maxConnectionsPerIp: integer(env, 'MESHCALL_MAX_CONNECTIONS_PER_IP', 50, { min: 0, max: 1_000_000 }),
    allowedOrigins: origins,
    redisUrl: env.REDIS_URL || undefined,
    maxTokenTtl: optionalInteger(env, 'MESHCALL_MAX_TOKEN_TTL', { min: 1, max: 10 * 365 * 24 * 3600 }),
    trustProxy,
    metrics: metricsToken ? { token: metricsToken } : metricsSwitch === 'on' ? {} : undefined,
    turn: turnSecret
      ? { secret: turnSecret, urls: turnUrls, ttlSeconds: integer(env, 'MESHCALL_TURN_TTL', 86400, { min: 60, max: 30 * 24 * 3600 }) }
      : undefined,
  };
}
