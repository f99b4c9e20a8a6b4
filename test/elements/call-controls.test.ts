// <call-controls> on its own (given a session): only the buttons the state allows, real
// buttons that work from the keyboard, toggles with aria-pressed, and the media actions.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/elements.js';
import type { CallControlsElement } from '../../components/call-controls/call-controls.js';
import type { LocalVideoElement } from '../../components/local-video/local-video.js';
import type { CallSession } from '../../src/call-session.js';
import type { CallError } from '../../src/errors.js';
import { waitForEvent, waitForState, waitUntil } from '../helpers/call-harness.js';
import { button, buttonTexts, closeMemoryClients, memoryClients, waitForButton } from './element-helpers.js';
import { connectedPair } from './tool-helpers.js';

afterEach(() => closeMemoryClients());

/** Alice's side of a connected 1:1 call with Bob. */
const connectedCall = async () => (await connectedPair()).caller;

function activeButton(el: CallControlsElement): string | undefined {
  return el.shadowRoot!.activeElement?.textContent?.trim();
}

describe('<call-controls>', () => {
  it('idle without a <call-session>: no buttons (nothing to call with), still axe-clean', async () => {
    const el = await fixture<CallControlsElement>(html`<call-controls></call-controls>`);
    expect(buttonTexts(el)).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('incoming: Accept and Reject; Accept answers the call', async () => {
    const [alice, bob] = memoryClients('alice', 'bob');
    const incoming = waitForEvent<{ session: CallSession }>(bob!, 'incoming');
    const caller = alice!.createSession(['bob']);
    await caller.start();
    const { session } = await incoming;
    const el = await fixture<CallControlsElement>(html`<call-controls .session=${session}></call-controls>`);
    expect(buttonTexts(el)).to.deep.equal(['Accept', 'Reject']);
    await expect(el).to.be.accessible();
    button(el, 'Accept').click();
    await waitForState(session, 'connected');
    await waitUntil(() => buttonTexts(el).includes('Hang up'), 'in-call buttons');
    caller.hangUp();
    await waitForState(session, 'closed');
    await waitUntil(() => buttonTexts(el).length === 0, 'no buttons after the call');
  });

  it('in a call: works from the keyboard, toggles announce their state with aria-pressed', async () => {
    const session = await connectedCall();
    const el = await fixture<CallControlsElement>(html`<call-controls .session=${session}></call-controls>`);
    await waitForButton(el, 'Switch camera'); // shown once the cameras are counted (3 fake ones)
    expect(buttonTexts(el)).to.deep.equal(['Mute microphone', 'Camera off', 'Switch camera', 'Share screen', 'Hang up']);
    for (const name of ['Mute microphone', 'Camera off', 'Share screen']) expect(button(el, name).getAttribute('aria-pressed')).to.equal('false');
    expect(button(el, 'Hang up').hasAttribute('aria-pressed')).to.equal(false);

    button(el, 'Mute microphone').focus();
    await sendKeys({ press: 'Space' });
    await waitUntil(() => button(el, 'Mute microphone').getAttribute('aria-pressed') === 'true', 'muted by Space');
    expect(session.localStream!.getAudioTracks()[0]!.enabled).to.equal(false);
    expect(activeButton(el)).to.equal('Mute microphone'); // focus stays on the toggle
    await expect(el).to.be.accessible();

    await sendKeys({ press: 'Tab' });
    expect(activeButton(el)).to.equal('Camera off');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => button(el, 'Camera off').getAttribute('aria-pressed') === 'true', 'camera off by Enter');
    expect(session.localStream!.getVideoTracks()[0]!.enabled).to.equal(false);
    await expect(el).to.be.accessible();

    await sendKeys({ press: 'Enter' });
    await waitUntil(() => button(el, 'Camera off').getAttribute('aria-pressed') === 'false', 'camera back on');
    button(el, 'Mute microphone').click();
    await waitUntil(() => button(el, 'Mute microphone').getAttribute('aria-pressed') === 'false', 'unmuted');
    expect(session.localStream!.getAudioTracks()[0]!.enabled).to.equal(true);
    session.hangUp();
  });

  // Needs CallSession.switchCamera/startScreenShare/stopScreenShare/screenSharing and `local-media-change`.
  it('switch camera moves to another camera; share screen toggles (preview unmirrored while sharing)', async () => {
    const session = await connectedCall();
    const wrapper = await fixture<HTMLDivElement>(
      html`<div><call-controls .session=${session}></call-controls><local-video .session=${session}></local-video></div>`,
    );
    const el = wrapper.querySelector<CallControlsElement>('call-controls')!;
    const preview = wrapper.querySelector<LocalVideoElement>('local-video')!;
    const mirrored = () => preview.shadowRoot!.querySelector('video')!.classList.contains('mirrored');
    const cameraId = () => session.localStream!.getVideoTracks()[0]!.getSettings().deviceId;
    const before = cameraId();
    expect(mirrored()).to.equal(true);

    const switched = waitForEvent(session, 'local-stream');
    (await waitForButton(el, 'Switch camera')).click();
    await switched;
    await waitUntil(() => cameraId() !== before, 'another camera is in use');

    const share = button(el, 'Share screen');
    // While the switch runs the buttons are aria-disabled (and ignore clicks).
    await waitUntil(() => share.getAttribute('aria-disabled') === 'false', 'the switch has finished');
    share.focus();
    share.click();
    await waitUntil(() => share.getAttribute('aria-pressed') === 'true', 'Share screen is pressed');
    expect(session.screenSharing).to.equal(true);
    expect(buttonTexts(el)).to.not.include('Switch camera');
    expect(activeButton(el)).to.equal('Share screen'); // the same button, still focused
    await waitUntil(() => !mirrored(), 'the preview is not mirrored while sharing');
    await expect(el).to.be.accessible();
    share.click();
    await waitUntil(() => share.getAttribute('aria-pressed') === 'false', 'Share screen is released');
    expect(session.screenSharing).to.equal(false);
    await waitUntil(mirrored, 'mirrored again with the camera');
    session.hangUp();
  });

  it('a failing action becomes call-error (nothing thrown into the page)', async () => {
    const session = await connectedCall();
    const el = await fixture<CallControlsElement>(html`<call-controls .session=${session}></call-controls>`);
    const share = button(el, 'Share screen');
    const error = waitForEvent<{ error: CallError }>(el, 'call-error');
    session.hangUp(); // the session is gone by the time the button acts
    share.click();
    expect((await error).error.code).to.equal('invalid-state');
  });
});
