// Two <call-session> elements, two users, through the real relay over WebSockets: every
// step is a click on a button inside the shadow roots, every check is what a user sees.
import { ContextEvent } from '@lit/context';
import { expect, fixture, html } from '@open-wc/testing';
import '../../components/elements.js';
import type { CallSessionElement } from '../../components/call-session/call-session.js';
import { clientContext } from '../../components/context.js';
import type { CallClient } from '../../src/call-client.js';
import { relayUrl, uid, waitForEvent, waitUntil } from '../helpers/call-harness.js';
import { button, deepQuery, tracksEnded, waitForButton } from './element-helpers.js';

function remoteVideo(el: CallSessionElement): HTMLVideoElement | undefined {
  return deepQuery<HTMLVideoElement>(el, 'remote-video')?.shadowRoot?.querySelector('video') ?? undefined;
}

async function twoUsers() {
  const url = await relayUrl();
  const aliceId = uid('alice');
  const bobId = uid('bob');
  const root = await fixture<HTMLDivElement>(html`
    <div>
      <call-session id="alice" user-id=${aliceId} signaling-url=${url} opponents=${bobId} .userInfo=${{ name: 'Alice' }}></call-session>
      <call-session id="bob" user-id=${bobId} signaling-url=${url} .userInfo=${{ name: 'Bob' }}></call-session>
    </div>
  `);
  const alice = root.querySelector<CallSessionElement>('#alice')!;
  const bob = root.querySelector<CallSessionElement>('#bob')!;
  // Both are on the relay before anyone calls (the client an element made, asked for the way a child would).
  await Promise.all([alice, bob].map((el) => providedClient(el).connect()));
  return { root, alice, bob, aliceId, bobId };
}

function providedClient(el: CallSessionElement): CallClient {
  let client: CallClient | undefined;
  const inside = el.shadowRoot!.querySelector('[part~="base"]')!;
  inside.dispatchEvent(new ContextEvent(clientContext, inside, (value) => (client = value)));
  if (!client) throw new Error(`${el.id} provides no client`);
  return client;
}

/** Alice clicks Call, Bob clicks Accept; resolves once both decode the other's video in their <remote-video>. */
async function connect(alice: CallSessionElement, bob: CallSessionElement) {
  const incoming = waitForEvent(bob, 'call-incoming');
  (await waitForButton(alice, 'Call')).click();
  await incoming;
  (await waitForButton(bob, 'Accept')).click();
  await Promise.all(
    [alice, bob].map((el) => waitUntil(() => (remoteVideo(el)?.videoWidth ?? 0) > 0 && remoteVideo(el)?.paused === false, `${el.id} plays the remote video`)),
  );
}

describe('<call-session> through the relay', () => {
  it('call, accept, see each other, mute, hang up: all by clicking', async () => {
    const { alice, bob } = await twoUsers();
    await connect(alice, bob);
    expect(remoteVideo(alice)!.videoWidth).to.be.greaterThan(0);
    expect(remoteVideo(bob)!.videoWidth).to.be.greaterThan(0);
    expect(deepQuery(bob, 'remote-video')!.shadowRoot!.textContent).to.include('Alice');

    const mute = button(alice, 'Mute microphone');
    mute.click();
    await waitUntil(() => mute.getAttribute('aria-pressed') === 'true', 'Mute microphone is pressed');
    expect(alice.session!.localStream!.getAudioTracks()[0]!.enabled).to.equal(false);
    // Bob sees the badge.
    await waitUntil(() => !!deepQuery(bob, 'remote-video')!.shadowRoot!.textContent?.includes('Muted'), 'Bob sees Alice muted');

    const bobHeard = waitForEvent(bob, 'call-hung-up');
    button(alice, 'Hang up').click();
    await bobHeard;
    await waitUntil(() => bob.session?.state === 'closed', 'Bob’s call closes');
    expect(tracksEnded(alice.session)).to.equal(true);
    expect(tracksEnded(bob.session)).to.equal(true);
    await waitForButton(alice, 'Call');
  });

  it('removing a connected <call-session> hangs up (the other side hears it) and releases the camera', async () => {
    const { root, alice, bob, aliceId } = await twoUsers();
    await connect(alice, bob);
    const aliceSession = alice.session!;
    const camera = aliceSession.localStream!.getVideoTracks()[0]!;
    const hungUp = waitForEvent<{ userId: string; reason?: string }>(bob, 'call-hung-up');
    alice.remove();
    const detail = await hungUp;
    expect(detail.userId).to.equal(aliceId);
    expect(detail.reason).to.equal('element-removed');
    expect(camera.readyState).to.equal('ended');
    expect(tracksEnded(aliceSession)).to.equal(true);
    await waitUntil(() => bob.session?.state === 'closed', 'Bob’s call closes');
    root.remove();
  });
});
