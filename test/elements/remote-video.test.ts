// <remote-video> in each state a peer can be in: ringing, declined, connected (playing),
// muted / camera off / sharing (badges from the other side's announcements); plus sink-id.
import { expect, fixture, html } from '@open-wc/testing';
import '../../components/elements.js';
import type { RemoteVideoElement } from '../../components/remote-video/remote-video.js';
import type { CallSession } from '../../src/call-session.js';
import type { CallError } from '../../src/errors.js';
import { waitForEvent, waitForState, waitUntil } from '../helpers/call-harness.js';
import { playsThroughRenders, videoBrightness } from '../helpers/media-probes.js';
import { closeMemoryClients, memoryClients } from './element-helpers.js';

afterEach(() => closeMemoryClients());

/** The connection state the tile shows ('' once connected). */
function state(el: RemoteVideoElement): string {
  return el.shadowRoot!.querySelector('[part~="state"]')?.textContent?.trim() ?? '';
}

function video(el: RemoteVideoElement): HTMLVideoElement {
  return el.shadowRoot!.querySelector('video')!;
}

function badges(el: RemoteVideoElement): string[] {
  return [...el.shadowRoot!.querySelectorAll('[part~="badge"]')].map((b) => b.textContent!.trim());
}

describe('<remote-video>', () => {
  it('standalone: plays a given stream with the given name, on through re-renders (a speaking ring)', async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ video: true });
    const el = await fixture<RemoteVideoElement>(html`<remote-video user-id="x" name="Grace" .stream=${stream}></remote-video>`);
    await waitUntil(() => video(el).videoWidth > 0 && !video(el).paused, 'the video plays');
    await playsThroughRenders(el, video(el));
    expect(videoBrightness(video(el))).to.be.greaterThan(20);
    expect(el.shadowRoot!.querySelector('[part~="name"]')!.textContent).to.equal('Grace');
    expect(el.shadowRoot!.querySelector('[part~="state"]')).to.equal(null);
    await expect(el).to.be.accessible();
    stream.getTracks().forEach((t) => t.stop());
  });

  it('follows one peer through ringing, declined, connected, muted, camera off and screen sharing', async () => {
    const [alice, bob, carol] = memoryClients('alice', 'bob', 'carol');
    const ringing = [waitForEvent<{ session: CallSession }>(bob!, 'incoming'), waitForEvent<{ session: CallSession }>(carol!, 'incoming')];
    const session = alice!.createSession(['bob', 'carol']);
    const wrapper = await fixture<HTMLDivElement>(html`
      <div>
        <remote-video user-id="bob" .session=${session}></remote-video>
        <remote-video user-id="carol" .session=${session}></remote-video>
      </div>
    `);
    const [bobTile, carolTile] = [...wrapper.querySelectorAll<RemoteVideoElement>('remote-video')];
    await session.start();
    const [bobSide, carolSide] = (await Promise.all(ringing)).map((r) => r.session);
    await waitUntil(() => state(carolTile!) === 'Ringing…', 'carol rings');
    await expect(carolTile).to.be.accessible();

    bobSide!.reject();
    await waitUntil(() => state(bobTile!) === 'Declined', 'bob declined');
    await expect(bobTile).to.be.accessible();

    await carolSide!.accept({ userInfo: { name: 'Carol' } });
    await waitUntil(() => video(carolTile!).videoWidth > 0 && !video(carolTile!).paused, 'carol’s video plays');
    await waitUntil(() => state(carolTile!) === '', 'no state shown once connected');
    expect(carolTile!.shadowRoot!.querySelector('[part~="name"]')!.textContent).to.equal('Carol');
    expect(badges(carolTile!)).to.deep.equal([]);
    await expect(carolTile).to.be.accessible();

    carolSide!.setAudioEnabled(false);
    await waitUntil(() => badges(carolTile!).includes('Muted'), 'the Muted badge');
    carolSide!.setVideoEnabled(false);
    await waitUntil(() => badges(carolTile!).includes('Camera off'), 'the Camera off badge');
    expect(video(carolTile!).hidden).to.equal(true);
    expect(carolTile!.shadowRoot!.querySelector('[part~="placeholder"]')!.textContent).to.equal('Carol');
    await expect(carolTile).to.be.accessible();

    // Needs CallSession.startScreenShare (remote-media-change with screen: true).
    carolSide!.setVideoEnabled(true);
    await carolSide!.startScreenShare();
    await waitUntil(() => badges(carolTile!).includes('Sharing screen'), 'the Sharing screen badge');
    await expect(carolTile).to.be.accessible();

    session.hangUp();
    await waitForState(carolSide!, 'closed');
    await waitUntil(() => !video(carolTile!).srcObject, 'the tile lets go of the stream');
  });

  // Needs CallSession's `active-speaker` event (stats on): the fake microphone beeps, so the peer talks.
  it('highlights the active speaker with the `speaking` part', async () => {
    const [alice, bob] = memoryClients('alice', 'bob');
    bob!.addEventListener('incoming', (e) => void e.detail.session.accept());
    const session = alice!.createSession(['bob']);
    session.statsInterval = 0.5;
    const el = await fixture<RemoteVideoElement>(html`<remote-video user-id="bob" .session=${session}></remote-video>`);
    const base = el.shadowRoot!.querySelector('[part~="base"]')!;
    expect(base.getAttribute('part')).to.equal('base');
    const speaking = waitForEvent<{ userId?: string }>(session, 'active-speaker', (d) => d.userId === 'bob');
    await session.start();
    await speaking;
    await el.updateComplete;
    expect(base.getAttribute('part')).to.equal('base speaking');
    session.hangUp();
  });

  it('sink-id: plays on the chosen output; an unknown device is a call-error', async () => {
    const outputs = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'audiooutput' && d.deviceId !== 'default');
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    const el = await fixture<RemoteVideoElement>(html`<remote-video user-id="x" .stream=${stream}></remote-video>`);
    if (outputs[0]) {
      el.sinkId = outputs[0].deviceId;
      await waitUntil(() => (video(el) as HTMLVideoElement & { sinkId: string }).sinkId === outputs[0]!.deviceId, 'the sink is applied');
    }
    const error = waitForEvent<{ error: CallError; userId?: string }>(el, 'call-error');
    el.setAttribute('sink-id', 'no-such-device');
    const detail = await error;
    expect(detail.error.code).to.equal('no-device');
    expect(detail.userId).to.equal('x');
    stream.getTracks().forEach((t) => t.stop());
  });
});
