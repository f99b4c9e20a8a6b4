// The seed's callback order when a call ends, as an app sees it on both sides of a real
// call (two <call-session> elements, real peer connections, the real relay): the reason
// (`hung-up` / `rejected`, with the other side's userInfo) first, then `disconnected`, then
// `connection-closed`, then `session-closed`. Each element's `call-*` events and its
// session's own events are recorded and must be the same sequence.
import { expect } from '@open-wc/testing';
import '../../components/elements.js';
import type { CallSessionElement } from '../../components/call-session/call-session.js';
import type { CallSession } from '../../src/call-session.js';
import { waitForEvent, waitUntil } from '../helpers/call-harness.js';
import { twoCallSessions } from '../elements/element-helpers.js';

const END = ['hung-up', 'rejected', 'user-not-answered', 'connection-failed', 'disconnected', 'connection-closed', 'session-closed'] as const;

interface Recorded {
  element: string[];
  session: string[];
  userInfo: Record<string, unknown>;
}

function entry(name: string, detail: { userId?: string; userInfo?: unknown }, into: Recorded): string {
  if (detail.userInfo) into.userInfo[name] = detail.userInfo;
  return detail.userId ? `${name}:${detail.userId}` : name;
}

/** Records the end events of `el` (its `call-*` DOM events) from now on. */
function recordElement(el: CallSessionElement): Recorded {
  const rec: Recorded = { element: [], session: [], userInfo: {} };
  for (const name of END) el.addEventListener(`call-${name}`, (e) => rec.element.push(entry(name, (e as CustomEvent).detail, rec)));
  return rec;
}

/** And the same events straight from the session, once it exists. */
function recordSession(session: CallSession, rec: Recorded): void {
  for (const name of END) session.addEventListener(name, (e) => rec.session.push(entry(name, (e as CustomEvent).detail, rec)));
}

async function twoUsers() {
  const { root, alice, bob, aliceId, bobId } = await twoCallSessions();
  const recA = recordElement(alice);
  const recB = recordElement(bob);
  const incoming = waitForEvent(bob, 'call-incoming');
  await alice.call();
  await incoming;
  await waitUntil(() => alice.session !== undefined && bob.session !== undefined, 'both elements have their session');
  recordSession(alice.session!, recA);
  recordSession(bob.session!, recB);
  return { root, alice, bob, aliceId, bobId, recA, recB };
}

async function bothClosed(...els: CallSessionElement[]): Promise<void> {
  await Promise.all(els.map((el) => waitUntil(() => el.session?.state === 'closed', `${el.id}'s call closes`)));
}

describe('callback order when a call ends (seed), both sides of a real call', () => {
  it('hang-up: the one who hangs up gets disconnected, connection-closed, session-closed; the other gets hung-up first', async () => {
    const { root, alice, bob, aliceId, bobId, recA, recB } = await twoUsers();
    await bob.accept();
    await waitUntil(() => alice.session!.connectionState(bobId) === 'connected' && bob.session!.connectionState(aliceId) === 'connected', 'both connected');
    expect(recA.element).to.deep.equal([]);
    alice.hangUp();
    await bothClosed(alice, bob);
    expect(recA.element).to.deep.equal([`disconnected:${bobId}`, `connection-closed:${bobId}`, 'session-closed']);
    expect(recB.element).to.deep.equal([`hung-up:${aliceId}`, `disconnected:${aliceId}`, `connection-closed:${aliceId}`, 'session-closed']);
    expect(recB.userInfo['hung-up']).to.deep.equal({ name: 'Alice' });
    expect(recA.session).to.deep.equal(recA.element);
    expect(recB.session).to.deep.equal(recB.element);
    root.remove();
  });

  it('reject: the caller gets rejected (with the callee’s userInfo) first; the callee gets disconnected, connection-closed, session-closed', async () => {
    const { root, alice, bob, aliceId, bobId, recA, recB } = await twoUsers();
    bob.reject();
    await bothClosed(alice, bob);
    expect(recA.element).to.deep.equal([`rejected:${bobId}`, `disconnected:${bobId}`, `connection-closed:${bobId}`, 'session-closed']);
    expect(recA.userInfo['rejected']).to.deep.equal({ name: 'Bob' });
    expect(recB.element).to.deep.equal([`disconnected:${aliceId}`, `connection-closed:${aliceId}`, 'session-closed']);
    expect(recA.session).to.deep.equal(recA.element);
    expect(recB.session).to.deep.equal(recB.element);
    root.remove();
  });
});
