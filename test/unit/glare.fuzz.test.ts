// Property-based test of the glare arbiter: two people call each other at the same moment,
// each message arriving in any order and any delay; both sides settle on the same call (the
// lower session ID), and neither side rings.
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { decideIncoming, NO_GLARE, onDeclined, peopleKey, type GlareState } from '../../src/glare.js';

interface Side {
  name: string;
  glare: GlareState;
  /** Our own outgoing session, while it is live. */
  own: string | undefined;
  /** The session this side ends up in. */
  kept: string | undefined;
  rang: boolean;
}

const HOLD = 45_000;

describe('glare arbiter (property-based)', () => {
  it('two sides calling each other always keep the same call, the one with the lower ID', () => {
    const people = peopleKey('alice', ['bob']);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { minLength: 2, maxLength: 2 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 4, maxLength: 4 }),
        fc.integer({ min: 0, max: 1 }),
        ([aId, bId], delays, first) => {
          const sides: Record<'a' | 'b', Side> = {
            a: { name: 'alice', glare: NO_GLARE, own: aId, kept: undefined, rang: false },
            b: { name: 'bob', glare: NO_GLARE, own: bId, kept: undefined, rang: false },
          };
          // Messages in flight: [deliver at, to, what]. Each side's call goes to the other.
          type Msg = { at: number; to: 'a' | 'b'; kind: 'call' | 'reject-glare'; session: string; order: number };
          let order = 0;
          const queue: Msg[] = [
            { at: delays[0]!, to: 'b', kind: 'call', session: aId!, order: first === 0 ? order++ : 10 },
            { at: delays[1]!, to: 'a', kind: 'call', session: bId!, order: first === 1 ? order++ : 11 },
          ];
          let now = 0;
          while (queue.length > 0) {
            queue.sort((x, y) => x.at - y.at || x.order - y.order);
            const msg = queue.shift()!;
            now = Math.max(now, msg.at);
            const side = sides[msg.to];
            const other = msg.to === 'a' ? 'b' : 'a';
            if (msg.kind === 'reject-glare') {
              // Our call was declined for glare: it gives way, the winner is expected.
              if (side.own === msg.session) {
                side.own = undefined;
                side.glare = onDeclined(people, now, HOLD);
              }
              continue;
            }
            const live = side.own ? [{ id: side.own, people, yields: true }] : [];
            const { state, decision } = decideIncoming(side.glare, { sessionId: msg.session, people }, live, now, HOLD);
            side.glare = state;
            if (decision.action === 'decline') {
              queue.push({ at: now + delays[2]!, to: other, kind: 'reject-glare', session: msg.session, order: order++ });
              side.kept = decision.keep;
            } else {
              if (decision.action === 'ring') side.rang = true;
              if (decision.action === 'auto-accept' && decision.leave) side.own = undefined;
              side.kept = msg.session;
            }
          }
          const winner = aId! < bId! ? aId : bId;
          expect(sides.a.kept, 'alice keeps the lower ID').to.equal(winner);
          expect(sides.b.kept, 'bob keeps the lower ID').to.equal(winner);
          expect(sides.a.rang || sides.b.rang, 'nobody rings').to.equal(false);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a call after glare settled rings again', () => {
    const people = peopleKey('alice', ['bob']);
    const expected = onDeclined(people, 0, HOLD);
    expect(decideIncoming(expected, { sessionId: 'z', people }, [], 1000, HOLD).decision.action).to.equal('auto-accept');
    expect(decideIncoming(expected, { sessionId: 'z', people }, [], HOLD + 1, HOLD).decision.action).to.equal('ring');
    expect(
      decideIncoming(NO_GLARE, { sessionId: 'z', people: peopleKey('alice', ['carol']) }, [{ id: 'a', people, yields: true }], 0, HOLD).decision.action,
    ).to.equal('ring');
  });
});
