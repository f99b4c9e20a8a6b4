/**
 * Every session and connection state, in order, for apps that list them. A module of its
 * own, exported by the package entry: the core never reads them, so the CDN's call part
 * does not carry them.
 */
import type { ConnectionState, SessionState } from './states.js';

export const CONNECTION_STATES: readonly ConnectionState[] = [
  'unknown',
  'new',
  'pending',
  'connecting',
  'checking',
  'connected',
  'disconnected',
  'closed',
  'disconnect-timeout',
  'no-answer',
  'rejected',
  'hang-up',
  'failed',
];

export const SESSION_STATES: readonly SessionState[] = ['new', 'pending', 'connecting', 'connected', 'closed'];
