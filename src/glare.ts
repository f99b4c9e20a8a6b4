/**
 * Glare: the same people call each other at the same moment, so each side has its own
 * session for one conversation. Every side keeps the session with the lowest ID, so all
 * settle on the same one without talking about it. A pure arbiter: the client asks it what
 * to do with a new `call` and tells it what happened; it holds no timers and reads no clock
 * (time comes in as `now`). Covered by a property-based test (test/unit/glare.fuzz.test.ts).
 */

/** The people of a session, order-free: the key two sessions share when they are the same conversation. */
export function peopleKey(initiator: string, opponents: readonly string[]): string {
  return [initiator, ...opponents].sort().join(',');
}

export interface GlareState {
  /** After giving way: a call from these people is joined without ringing, until `until` (ms). */
  readonly expected: { readonly people: string; readonly until: number } | undefined;
}

export const NO_GLARE: GlareState = { expected: undefined };

/** A live session of this client, as glare sees it. */
export interface GlareSession {
  id: string;
  people: string;
  /**
   * It may give way: started here (or taken here to settle glare), not closed, and not yet
   * connected to everyone. A call that is fully up never yields.
   */
  yields: boolean;
}

export type GlareDecision =
  /** Keep ours (lower ID): decline theirs with `reject` reason `glare`. */
  | { action: 'decline'; keep: string }
  /** Take theirs without ringing; `leave` is our session that gives way (hang it up, reason `glare`). */
  | { action: 'auto-accept'; leave?: string }
  /** No glare: ring as usual. */
  | { action: 'ring' };

/** A new `call` (session `sessionId`, `people`) arrived. `holdMs`: how long the winner is expected after giving way. */
export function decideIncoming(
  state: GlareState,
  call: { sessionId: string; people: string },
  sessions: readonly GlareSession[],
  now: number,
  holdMs: number,
): { state: GlareState; decision: GlareDecision } {
  const rival = sessions.find((s) => s.people === call.people && s.yields);
  if (rival) {
    if (rival.id < call.sessionId) return { state, decision: { action: 'decline', keep: rival.id } };
    return { state: expect(call.people, now, holdMs), decision: { action: 'auto-accept', leave: rival.id } };
  }
  if (state.expected && state.expected.people === call.people && now < state.expected.until) {
    return { state, decision: { action: 'auto-accept' } };
  }
  return { state, decision: { action: 'ring' } };
}

/** Our yielding session was rejected with `glare`: it gives way, and the winner is expected. */
export function onDeclined(people: string, now: number, holdMs: number): GlareState {
  return expect(people, now, holdMs);
}

/** A session with `people` is connected to everyone: glare is settled, a later call between them rings again. */
export function onSettled(state: GlareState, people: string): GlareState {
  return state.expected?.people === people ? NO_GLARE : state;
}

function expect(people: string, now: number, holdMs: number): GlareState {
  return { expected: { people, until: now + holdMs } };
}
