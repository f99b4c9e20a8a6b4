import type { CallSession } from '../src/call-session.js';

/** What the UI shows for a session: one value per screen, derived from the core's states. */
export type CallPhase = 'idle' | 'incoming' | 'dialing' | 'connecting' | 'connected';

export function callPhase(session: CallSession | undefined): CallPhase {
  if (!session || session.state === 'closed') return 'idle';
  if (session.direction === 'incoming') {
    if (session.state === 'pending' && !session.localStream) return 'incoming';
    return session.state === 'connected' ? 'connected' : 'connecting';
  }
  if (session.state === 'new' || session.state === 'pending') return 'dialing';
  return session.state;
}
