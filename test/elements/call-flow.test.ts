// Two <call-session> elements, two users, through the real relay over WebSockets: every
// step is a click on a button inside the shadow roots, every check is what a user sees.
import { expect } from '@open-wc/testing';
import '../../components/elements.js';
import type { CallSessionElement } from '../../components/call-session/call-session.js';
import { waitForEvent, waitUntil } from '../helpers/call-harness.js';
import { button, deepQuery, tracksEnded, twoCallSessions, waitForButton } from './element-helpers.js';

function remoteVideo(el: CallSessionElement): HTMLVideoElement | undefined {
  return deepQuery<HTMLVideoElement>(el, 'remote-video')?.shadowRoot?.querySelector('video') ?? undefined;
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
    const { alice, bob } = await twoCallSessions();
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
    const { root, alice, bob, aliceId } = await twoCallSessions();
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
