// A camera the browser refuses (an iframe whose permissions policy blocks camera and
// microphone: a real NotAllowedError) ends in an `error` event with a reason, never a hang.
import { expect } from '@open-wc/testing';
import type { CallSession } from '../../src/call-session.js';
import { connectClient, disconnectAll, relayUrl, uid, waitForEvent, waitForState } from '../helpers/call-harness.js';

afterEach(() => {
  disconnectAll();
  document.querySelectorAll('iframe').forEach((f) => f.remove());
});

/** Opens a peer page with camera and microphone blocked; resolves its messages by event name. */
async function blockedPeer(userId: string, extra = ''): Promise<(event: string) => Promise<Record<string, unknown>>> {
  const seen: Record<string, unknown>[] = [];
  const waiters: { event: string; resolve: (d: Record<string, unknown>) => void }[] = [];
  window.addEventListener('message', (e: MessageEvent<Record<string, unknown>>) => {
    if (e.data?.peer !== userId) return;
    seen.push(e.data);
    for (const w of waiters.filter((w) => w.event === e.data.event)) w.resolve(e.data);
  });
  const next = (event: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const done = seen.find((d) => d.event === event);
      if (done) return resolve(done);
      waiters.push({ event, resolve });
      setTimeout(() => reject(new Error(`peer page never reported "${event}"`)), 20_000);
    });
  const frame = document.createElement('iframe');
  frame.allow = "camera 'none'; microphone 'none'";
  frame.src = `/test/e2e/fixtures/peer-page.html?user=${userId}&relay=${encodeURIComponent(await relayUrl())}${extra}`;
  document.body.append(frame);
  await next('ready');
  return next;
}

describe('camera or microphone denied', () => {
  it('the callee gets `error` permission-denied and the caller hears a reject with reason media-error', async () => {
    const alice = await connectClient(uid('alice'));
    const bobId = uid('bob');
    const bob = await blockedPeer(bobId);
    const session = alice.createSession([bobId]);
    const rejected = waitForEvent<{ userId: string; reason?: string }>(session, 'rejected');
    await session.start();
    const error = await bob('error');
    expect(error.code).to.equal('permission-denied');
    expect(error.message).to.match(/denied/i);
    expect((await bob('closed')).reason).to.equal('media-error');
    expect((await rejected).reason).to.equal('media-error');
    await waitForState(session, 'closed');
  });

  it('the caller gets `error` permission-denied and nobody is left ringing', async () => {
    const alice = await connectClient(uid('alice'));
    let rang = false;
    alice.addEventListener('incoming', () => (rang = true));
    const bobId = uid('bob');
    const bob = await blockedPeer(bobId, `&call=${alice.userId}`);
    const error = await bob('error');
    expect(error.code).to.equal('permission-denied');
    expect((await bob('closed')).reason).to.equal('media-error');
    expect(rang).to.equal(false);
    expect(alice.sessions).to.deep.equal([] as CallSession[]);
  });
});
