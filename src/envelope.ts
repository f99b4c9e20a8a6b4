/** Wraps a message body in a session's envelope (version, ids): the one place envelopes are built. */
import { PROTOCOL_VERSION, type SignalMessage } from './signaling/protocol.js';

export type EnvelopeKey = 'version' | 'sessionID' | 'callerID' | 'opponentsIDs';
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A message without its envelope. */
export type MessageBody = DistributiveOmit<SignalMessage, EnvelopeKey>;

export interface SessionIds {
  id: string;
  initiator: string;
  opponents: readonly string[];
}

export function envelope(session: SessionIds, body: MessageBody): SignalMessage {
  return {
    version: PROTOCOL_VERSION,
    sessionID: session.id,
    callerID: session.initiator,
    opponentsIDs: [...session.opponents],
    ...body,
  };
}

/** The envelope of the session `about` belongs to. */
export function idsOf(about: SignalMessage): SessionIds {
  return { id: about.sessionID, initiator: about.callerID, opponents: about.opponentsIDs };
}
