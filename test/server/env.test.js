// Relay settings from environment variables (server/env.js, used by `npm start`).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EnvError, relayOptionsFromEnv } from '../../server/env.js';

describe('relayOptionsFromEnv', () => {
  it('has safe defaults: dev mode, 1000 connections, 50 per address, same-origin only, no Redis', () => {
    assert.deepEqual(relayOptionsFromEnv({}), {
      port: 8080,
      host: 'localhost',
      secret: undefined,
      maxConnections: 1000,
      maxConnectionsPerIp: 50,
      allowedOrigins: [],
      redisUrl: undefined,
      maxTokenTtl: undefined,
      trustProxy: undefined,
      metrics: undefined,
      turn: undefined,
    });
  });

  it('reads every variable', () => {
    const options = relayOptionsFromEnv({
      PORT: '9000',
      HOST: '0.0.0.0',
      MESHCALL_SECRET: 's3cret',
      MESHCALL_MAX_CONNECTIONS: '200',
      MESHCALL_MAX_CONNECTIONS_PER_IP: '0',
      MESHCALL_ORIGINS: ' https://app.example.com, http://localhost:5173 ,',
      REDIS_URL: 'redis://127.0.0.1:6379',
      MESHCALL_MAX_TOKEN_TTL: '86400',
      MESHCALL_TURN_SECRET: 'turn-s3cret',
      MESHCALL_TURN_URLS: 'turn:turn.example.com:3478?transport=udp, turns:turn.example.com:5349?transport=tcp',
      MESHCALL_TURN_TTL: '3600',
      MESHCALL_METRICS_TOKEN: 'scrape-me',
      MESHCALL_TRUST_PROXY: '10.0.0.1, ::1',
    });
    assert.deepEqual(options, {
      port: 9000,
      host: '0.0.0.0',
      secret: 's3cret',
      maxConnections: 200,
      maxConnectionsPerIp: 0,
      allowedOrigins: ['https://app.example.com', 'http://localhost:5173'],
      redisUrl: 'redis://127.0.0.1:6379',
      maxTokenTtl: 86400,
      trustProxy: '10.0.0.1, ::1',
      metrics: { token: 'scrape-me' },
      turn: { secret: 'turn-s3cret', urls: ['turn:turn.example.com:3478?transport=udp', 'turns:turn.example.com:5349?transport=tcp'], ttlSeconds: 3600 },
    });
  });

  for (const [name, value] of /** @type {[string, string][]} */ ([
    ['PORT', '80a'],
    ['PORT', '70000'],
    ['MESHCALL_MAX_CONNECTIONS', '0'],
    ['MESHCALL_MAX_CONNECTIONS', 'lots'],
    ['MESHCALL_MAX_CONNECTIONS_PER_IP', '-1'],
    ['MESHCALL_ORIGINS', 'app.example.com'],
    ['MESHCALL_ORIGINS', 'https://app.example.com/login'],
    ['MESHCALL_MAX_TOKEN_TTL', '0'],
    ['MESHCALL_MAX_TOKEN_TTL', '1h'],
    ['MESHCALL_TURN_SECRET', 'no-urls'],
    ['MESHCALL_TURN_URLS', 'turn:turn.example.com'],
    ['MESHCALL_METRICS', 'yes'],
    ['MESHCALL_TRUST_PROXY', 'proxy.example.com'],
  ])) {
    it(`refuses ${name}=${value} with a message naming the variable`, () => {
      assert.throws(
        () => relayOptionsFromEnv({ [name]: value }),
        (err) => err instanceof EnvError && err.message.includes(name),
      );
    });
  }
});
