/** Session states (the seed's CYBCallSessionState). */
export type SessionState = 'new' | 'pending' | 'connecting' | 'connected' | 'closed';

/** Per-peer connection states (the seed's CYBCallConnectionState, minus its internal `Count`). */
export type ConnectionState =
  | 'unknown'
  | 'new'
  | 'pending'
  | 'connecting'
  | 'checking'
  | 'connected'
  | 'disconnected'
  | 'closed'
  | 'disconnect-timeout'
  | 'no-answer'
  | 'rejected'
  | 'hang-up'
  | 'failed';

const TERMINAL: ReadonlySet<ConnectionState> = new Set<ConnectionState>(['closed', 'disconnect-timeout', 'no-answer', 'rejected', 'hang-up', 'failed']);

/** A terminal connection never comes back: its peer connection is closed and its timers are gone. */
export function isTerminal(state: ConnectionState): boolean {
  return TERMINAL.has(state);
}

/**
 * Why a session or a peer ended. Sent as `reason` in `hangUp`/`reject` messages and
 * carried in `session-closed`. Apps may pass their own strings too.
 */
export type EndReason =
  'hang-up' | 'rejected' | 'busy' | 'no-answer' | 'failed' | 'disconnect-timeout' | 'page-hide' | 'element-removed' | 'media-error' | (string & {});
