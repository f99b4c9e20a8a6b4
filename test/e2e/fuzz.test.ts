// 10,000 random and malformed signaling messages thrown at a client in a live call (real
// peer connections, real relay): nothing escapes, the call stays up, every message the
// client cannot use is dropped with a logged reason.
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import type { CallSession } from '../../src/call-session.js';
import { parseSignalMessage } from '../../src/signaling/protocol.js';
import { WebSocketTransport } from '../../src/signaling/websocket-transport.js';
import { TapTransport } from '../helpers/tap-transport.js';
import { connectClient, disconnectAll, framesDecoded, relayUrl, uid, waitForEvent, waitForRemoteVideo, waitUntil } from '../helpers/call-harness.js';

afterEach(() => disconnectAll());

const MESSAGES = 10_000;
const TYPES = ['call', 'accept', 'reject', 'hangUp', 'iceCandidates', 'update'] as const;

/** Breaks one field of a real message: wrong type, missing, oversized, or a hostile value. */
function mutations(base: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(base);
  const badValue = fc.oneof(
    fc.anything(),
    fc.constant(undefined),
    fc.constant('x'.repeat(100_000)),
    fc.constant('<img src=x onerror=alert(1)>'),
    fc.constant(-1),
    fc.constant(NaN),
    fc.constant({ __proto__: { polluted: true } }),
    fc.array(fc.string(), { minLength: 4, maxLength: 8 }),
  );
  return fc.record({ key: fc.constantFrom(...keys, 'version', 'type', 'sessionID'), value: badValue, drop: fc.boolean() }).map(({ key, value, drop }) => {
    const copy: Record<string, unknown> = structuredClone(base);
    if (drop) delete copy[key];
    else copy[key] = value;
    return copy;
  });
}

describe('fuzzing a client in a live call', () => {
  it(`survives ${MESSAGES.toLocaleString('en')} random, malformed, foreign, duplicated and out-of-order messages`, async function () {
    this.timeout(120_000);
    const alice = await connectClient(uid('alice'));
    const bobId = uid('bob');
    const tap = new TapTransport(new WebSocketTransport({ url: await relayUrl(), userId: bobId }));
    const bob = await connectClient(bobId, { transport: tap });
    const incoming = waitForEvent<{ session: CallSession }>(bob, 'incoming');
    const caller = alice.createSession([bob.userId]);
    await caller.start();
    const callee = (await incoming).session;
    await callee.accept();
    await waitForRemoteVideo(callee, [alice.userId]);
    await waitForRemoteVideo(caller, [bob.userId]);

    // What the client itself sees, after the reliable-delivery layer.
    const delivered: unknown[] = [];
    bob.transport.onMessage((_from, msg) => delivered.push(msg));
    const invalid: string[] = [];
    bob.addEventListener('invalid-message', (e) => invalid.push(e.detail.reason));
    const escaped: unknown[] = [];
    const onError = (e: ErrorEvent | PromiseRejectionEvent) => escaped.push('reason' in e ? e.reason : e.error);
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onError);

    const real = tap.received.map((r) => r.msg).filter((m): m is Record<string, unknown> => typeof m === 'object' && m !== null);
    const realMessages = real
      .map((m) => (m.type === 'frame' ? (m.msg as Record<string, unknown>) : m))
      .filter((m) => m && m.type !== 'hangUp' && m.type !== 'reject');
    expect(realMessages.length, 'real messages to replay and mutate').to.be.greaterThan(2);
    const live = callee.id;
    const validForeign = fc.record({
      version: fc.constant(1),
      type: fc.constantFrom(...TYPES),
      sessionID: fc.uuid(),
      callerID: fc.constant(alice.userId),
      opponentsIDs: fc.constant([bob.userId]),
      reason: fc.string({ maxLength: 20 }),
    });
    const message = fc.oneof(
      { weight: 3, arbitrary: fc.anything({ maxDepth: 3 }) },
      { weight: 3, arbitrary: fc.constantFrom(...realMessages).chain((m) => mutations(m)) },
      { weight: 2, arbitrary: validForeign },
      { weight: 1, arbitrary: fc.constantFrom(...realMessages) }, // duplicates, out of order
      {
        weight: 1,
        arbitrary: fc.record({
          version: fc.constant(1),
          type: fc.constant('frame'),
          stream: fc.string(),
          seq: fc.oneof(fc.integer(), fc.double()),
          msg: fc.anything({ maxDepth: 2 }),
        }),
      },
    );
    const senders = fc.constantFrom(alice.userId, alice.userId, 'mallory', bob.userId);
    const samples = fc.sample(fc.tuple(senders, message), { numRuns: MESSAGES, seed: 4242 });
    // A valid hang-up or reject from Alice would end the call legitimately; keep those out.
    const ending = (m: unknown) => {
      const parsed = parseSignalMessage(m);
      return parsed.ok && parsed.message.sessionID === live && (parsed.message.type === 'hangUp' || parsed.message.type === 'reject');
    };
    const batch = samples.filter(([, m]) => !ending(m));
    expect(batch.length).to.be.greaterThan(MESSAGES * 0.98);

    const before = await framesDecoded(callee.peerConnection(alice.userId));
    for (const [from, msg] of batch) tap.inject(from, msg);
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onError);

    expect(escaped, 'exceptions that reached the page').to.deep.equal([]);
    const expectedInvalid = delivered.filter((m) => !parseSignalMessage(m).ok).length;
    expect(expectedInvalid).to.be.greaterThan(MESSAGES / 3);
    // Every unusable message (invalid, or from someone outside its session) was dropped with a reason.
    expect(invalid.length).to.be.at.least(expectedInvalid);
    expect(invalid.every((r) => typeof r === 'string' && r.length > 0)).to.equal(true);
    const warnings = bob.logs.filter((l) => l.message.startsWith('dropped a signaling message')).length;
    expect(warnings).to.equal(invalid.length);

    // The call is still up, and still carries video.
    expect(callee.state).to.equal('connected');
    expect(callee.connectionState(alice.userId)).to.equal('connected');
    expect(caller.connectionState(bob.userId)).to.equal('connected');
    await waitUntil(async () => (await framesDecoded(callee.peerConnection(alice.userId))) > before + 10, 'video keeps decoding');
    const heard = waitForEvent(caller, 'hung-up');
    callee.hangUp();
    await heard;
  });
});
