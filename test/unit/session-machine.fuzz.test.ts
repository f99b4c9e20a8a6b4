// Property-based tests of the pure machine: any sequence of events, in any order, leaves it
// in a valid state; once closed it stays closed with every timer it started cancelled.
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { MachineDriver, ANSWER, OFFER } from '../helpers/machine-driver.js';
import { CONNECTION_STATES, SESSION_STATES } from '../../src/state-lists.js';
import { isTerminal } from '../../src/states.js';
import { timerKey, type MachineEvent, type PeerNetState, type TimerId } from '../../src/session-machine.js';
import type { SignalMessage } from '../../src/signaling/protocol.js';

const PEOPLE = ['alice', 'bob', 'carol', 'dave'];
const SENDERS = [...PEOPLE, 'mallory'];
const NET: PeerNetState[] = ['checking', 'connecting', 'connected', 'disconnected', 'failed'];
const TIMERS: TimerId[] = [
  { kind: 'dial' },
  { kind: 'ring' },
  ...PEOPLE.flatMap((userId) => (['answer', 'disconnect', 'ice-restart'] as const).map((kind) => ({ kind, userId }))),
  { kind: 'answer', userId: 'bogus' },
];

type Body = Partial<SignalMessage> & { type: SignalMessage['type'] };
const body = (b: Body): Body => b;
const signalBody: fc.Arbitrary<Body> = fc.oneof(
  fc.constant(body({ type: 'call', callType: 'video', sdp: OFFER })),
  fc.constant(body({ type: 'accept', sdp: ANSWER })),
  fc.constantFrom('busy', 'glare', 'rejected').map((reason) => body({ type: 'reject', reason })),
  fc.constantFrom('hang-up', 'no-answer', 'failed').map((reason) => body({ type: 'hangUp', reason })),
  fc.constant(body({ type: 'iceCandidates', candidates: [{ candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host' }] })),
  fc.constant(body({ type: 'update', sdp: OFFER, media: { audio: false, video: true, screen: false } })),
);

type Step = { kind: 'event'; event: MachineEvent } | { kind: 'advance'; seconds: number } | { kind: 'signal'; from: string; body: Body };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('signal' as const), from: fc.constantFrom(...SENDERS), body: signalBody }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('advance' as const), seconds: fc.integer({ min: 0, max: 50 }) }) },
  {
    weight: 4,
    arbitrary: fc
      .oneof(
        fc.constant<MachineEvent>({ type: 'start', userInfo: { n: '1' } }),
        fc.constant<MachineEvent>({ type: 'accept' }),
        fc.constant<MachineEvent>({ type: 'reject' }),
        fc.constant<MachineEvent>({ type: 'hang-up' }),
        fc.record({ type: fc.constant('local-description' as const), userId: fc.constantFrom(...SENDERS), description: fc.constantFrom(OFFER, ANSWER) }),
        fc.record({ type: fc.constant('peer-state' as const), userId: fc.constantFrom(...SENDERS), state: fc.constantFrom(...NET) }),
        fc.record({ type: fc.constant('timer' as const), id: fc.constantFrom(...TIMERS) }),
      )
      .map((event) => ({ kind: 'event' as const, event })),
  },
);

const setup = fc.record({
  self: fc.constantFrom(...PEOPLE),
  initiator: fc.constantFrom(...PEOPLE),
  size: fc.integer({ min: 2, max: 4 }),
});

function checkInvariants(d: MachineDriver, wasClosed: boolean, terminalBefore: Map<string, string>): void {
  const { state } = d;
  expect(SESSION_STATES).to.include(state.session);
  for (const [id, peer] of Object.entries(state.peers)) {
    expect(CONNECTION_STATES).to.include(peer.state);
    // A peer that ended never comes back.
    if (terminalBefore.has(id)) expect(peer.state, `peer ${id}`).to.equal(terminalBefore.get(id));
  }
  // The machine's list of running timers is exactly what is running on the clock.
  expect(d.timers.size, `timers ${state.timers.join(',')}`).to.equal(state.timers.length);
  if (wasClosed) expect(state.session).to.equal('closed');
  if (state.session === 'closed') {
    expect(state.timers).to.have.length(0);
    expect(d.clock.pending).to.equal(0);
    expect(Object.values(state.peers).every((p) => isTerminal(p.state))).to.equal(true);
    expect(d.events('session-closed')).to.have.length(1);
  } else {
    expect(d.events('session-closed')).to.have.length(0);
  }
}

describe('session machine: property-based', () => {
  it('stays valid under any event sequence, and a closed session has cancelled every timer it started', () => {
    let sequences = 0;
    let events = 0;
    fc.assert(
      fc.property(setup, fc.array(step, { minLength: 10, maxLength: 60 }), ({ self, initiator, size }, steps) => {
        const everyone = [initiator, ...PEOPLE.filter((p) => p !== initiator)].slice(0, size);
        if (!everyone.includes(self)) everyone[everyone.length - 1] = self;
        const d = new MachineDriver({ self, initiator, opponents: everyone.filter((p) => p !== initiator) });
        sequences += 1;
        for (const s of steps) {
          events += 1;
          const wasClosed = d.state.session === 'closed';
          const terminal = new Map(
            Object.entries(d.state.peers)
              .filter(([, p]) => isTerminal(p.state))
              .map(([id, p]) => [id, p.state]),
          );
          if (s.kind === 'advance') d.advance(s.seconds);
          else if (s.kind === 'signal') d.signal(s.from, s.body);
          else {
            // A timer event models that timer firing now: its clock handle is gone.
            if (s.event.type === 'timer') d.timers.cancel(timerKey(s.event.id));
            d.dispatch(s.event);
          }
          checkInvariants(d, wasClosed, terminal);
        }
        // Hanging up always ends it, whatever came before.
        d.dispatch({ type: 'hang-up' });
        checkInvariants(d, true, new Map());
      }),
      { numRuns: 600, seed: 20261125 },
    );
    expect(sequences).to.equal(600);
    expect(events).to.be.greaterThan(10_000);
  });
});
