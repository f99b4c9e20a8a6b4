// <local-video>: mirrored, muted preview; a placeholder while the camera is off.
import { expect, fixture, html } from '@open-wc/testing';
import '../../components/elements.js';
import type { LocalVideoElement } from '../../components/local-video/local-video.js';
import { waitForState, waitUntil } from '../helpers/call-harness.js';
import { playsThroughRenders } from '../helpers/media-probes.js';
import { autoAccept, closeMemoryClients, memoryClients } from './element-helpers.js';

afterEach(() => closeMemoryClients());

function video(el: LocalVideoElement): HTMLVideoElement {
  return el.shadowRoot!.querySelector('video')!;
}

function placeholder(el: LocalVideoElement): string | undefined {
  return el.shadowRoot!.querySelector('[part~="placeholder"]')?.textContent ?? undefined;
}

describe('<local-video>', () => {
  it('without a stream: the camera-off placeholder', async () => {
    const el = await fixture<LocalVideoElement>(html`<local-video></local-video>`);
    expect(placeholder(el)).to.equal('Camera is off');
    expect(el.shadowRoot!.querySelector('figcaption')!.textContent).to.equal('You');
    await expect(el).to.be.accessible();
  });

  it('with a stream: plays it muted and mirrored, on through re-renders', async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
    const el = await fixture<LocalVideoElement>(html`<local-video .stream=${stream}></local-video>`);
    await waitUntil(() => video(el).videoWidth > 0 && !video(el).paused, 'the preview plays');
    await playsThroughRenders(el, video(el));
    expect(video(el).muted).to.equal(true);
    expect(getComputedStyle(video(el)).transform).to.equal('matrix(-1, 0, 0, 1, 0, 0)');
    expect(placeholder(el)).to.equal(undefined);
    await expect(el).to.be.accessible();
    stream.getTracks().forEach((t) => t.stop());
  });

  it('an audio-only stream shows the placeholder', async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    const el = await fixture<LocalVideoElement>(html`<local-video .stream=${stream}></local-video>`);
    expect(placeholder(el)).to.equal('Camera is off');
    stream.getTracks().forEach((t) => t.stop());
  });

  it('follows the session: the camera turned off shows the placeholder, on again the video', async () => {
    const [alice, bob] = memoryClients('alice', 'bob');
    autoAccept(bob!);
    const session = alice!.createSession(['bob']);
    const el = await fixture<LocalVideoElement>(html`<local-video .session=${session}></local-video>`);
    expect(placeholder(el)).to.equal('Camera is off');
    await session.start();
    await waitUntil(() => video(el).videoWidth > 0, 'the preview plays');
    session.setVideoEnabled(false);
    await waitUntil(() => placeholder(el) === 'Camera is off', 'the placeholder');
    expect(video(el).hidden).to.equal(true);
    await expect(el).to.be.accessible();
    session.setVideoEnabled(true);
    await waitUntil(() => placeholder(el) === undefined && !video(el).hidden, 'the video again');
    session.hangUp();
    await waitForState(session, 'closed');
    await waitUntil(() => placeholder(el) === 'Camera is off', 'the placeholder after the call');
  });
});
