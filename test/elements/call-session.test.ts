// <call-session> in each state it shows, driven by real CallClients (real peer connections,
// in-page signaling), each state checked with axe.
import { ContextEvent } from '@lit/context';
import { expect, fixture, html } from '@open-wc/testing';
import '../../components/elements.js';
import type { CallSessionElement } from '../../components/call-session/call-session.js';
import { clientContext } from '../../components/context.js';
import type { CallClient } from '../../src/call-client.js';
import type { CallError } from '../../src/errors.js';
import { waitForEvent, waitForState, waitUntil } from '../helpers/call-harness.js';
import { countGetUserMedia } from '../helpers/fake-media.js';
import {
  autoAccept,
  button,
  buttonTexts,
  closeMemoryClients,
  deepQuery,
  deepQueryAll,
  hasSeveralCameras,
  memoryClients,
  tracksEnded,
  waitForButton,
} from './element-helpers.js';

afterEach(() => closeMemoryClients());

function part(el: Element, name: string): HTMLElement | undefined {
  return el.shadowRoot?.querySelector<HTMLElement>(`[part~="${name}"]`) ?? undefined;
}

function text(el: Element | undefined): string {
  return (el?.shadowRoot ?? el)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

describe('<call-session> states', () => {
  it('idle: the pre-join preview with its Call button (preview="false": only a Call button)', async () => {
    const [alice, bob] = memoryClients('alice', 'bob');
    const el = await fixture<CallSessionElement>(html`<call-session .client=${alice} opponents=${bob!.userId}></call-session>`);
    expect(deepQuery(el, 'call-preview')).to.not.equal(null);
    expect(buttonTexts(el)).to.deep.equal(['Join with microphone off', 'Join with camera off', 'Call']);
    await expect(el).to.be.accessible();
    el.preview = false;
    await el.updateComplete;
    expect(buttonTexts(el)).to.deep.equal(['Call']);
    await expect(el).to.be.accessible();
  });

  it('Call in the pre-join preview calls with the preview’s open camera: no second getUserMedia, the same tracks, stopped at hang-up', async () => {
    const [alice, bob] = memoryClients('alice', 'bob');
    autoAccept(bob!);
    const el = await fixture<CallSessionElement>(html`<call-session .client=${alice} opponents=${bob!.userId}></call-session>`);
    const preview = deepQuery(el, 'call-preview') as HTMLElement & { stream?: MediaStream };
    await waitUntil(() => !!preview.stream, 'the preview runs');
    const selfView = preview.stream!;
    const opens = countGetUserMedia();
    try {
      (await waitForButton(el, 'Call')).click();
      await waitUntil(() => el.session?.state === 'connected', 'the call connects');
    } finally {
      opens.stop();
    }
    expect(el.session!.localStream).to.equal(selfView);
    expect(opens.count(), 'getUserMedia calls after Call (bob answers with his own)').to.equal(1);
    expect(selfView.getTracks().every((t) => t.readyState === 'live')).to.equal(true);
    el.hangUp();
    await waitUntil(() => selfView.getTracks().every((t) => t.readyState === 'ended'), 'the preview’s tracks stop with the call');
  });

  it('dialing: rings with the elapsed time and a card per callee (no video players yet), until hang-up', async () => {
    const [alice, bob] = memoryClients('alice', 'bob');
    const el = await fixture<CallSessionElement>(html`<call-session .client=${alice} opponents="bob"></call-session>`);
    const incoming = waitForEvent(bob!, 'incoming');
    button(el, 'Call').click();
    await incoming;
    await waitUntil(() => !!part(el, 'ringing'), 'the ringing line shows');
    expect(text(part(el, 'ringing'))).to.match(/^Calling bob… 0:0\d$/);
    const timer = part(el, 'timer')!;
    expect(timer.getAttribute('role')).to.equal('timer');
    const started = timer.textContent;
    await waitUntil(() => timer.textContent !== started, 'the ringing time counts up', 3000);
    expect(text(part(el, 'status'))).to.equal('Calling bob…');
    const card = part(el, 'waiting-peer');
    expect(card?.dataset.userId).to.equal('bob');
    await waitUntil(() => text(card).includes('Ringing…'), 'the card says Ringing…');
    // No video players before the call is up: they would only slow its setup.
    expect(deepQuery(el, 'remote-video'), 'a <remote-video> while ringing').to.equal(undefined);
    expect(deepQuery(el, 'local-video'), 'a <local-video> while ringing').to.equal(undefined);
    expect(buttonTexts(el)).to.include.members(['Mute microphone', 'Camera off', 'Hang up']);
    await expect(el).to.be.accessible();
    button(el, 'Hang up').click();
    await waitForState(el.session!, 'closed');
    expect(tracksEnded(el.session)).to.equal(true);
    await el.updateComplete;
    expect(part(el, 'ringing')).to.equal(undefined);
    expect(buttonTexts(el)).to.deep.equal(['Call']);
  });

  it('incoming: names the caller, focuses Accept, and Reject declines', async () => {
    const [alice, bob] = memoryClients('alice', 'bob');
    const el = await fixture<CallSessionElement>(html`<call-session .client=${bob}></call-session>`);
    const incoming = waitForEvent(el, 'call-incoming');
    const caller = alice!.createSession(['bob']);
    const rejected = waitForEvent(caller, 'rejected');
    await caller.start({ userInfo: { name: 'Alice Liddell' } });
    await incoming;
    await el.updateComplete;
    expect(text(part(el, 'incoming-title'))).to.equal('Alice Liddell is calling');
    expect(buttonTexts(el)).to.deep.equal(['Accept', 'Reject']);
    await waitUntil(() => el.shadowRoot!.activeElement?.textContent?.trim() === 'Accept', 'focus on Accept (moved once the page is idle)');
    await expect(el).to.be.accessible();
    button(el, 'Reject').click();
    await rejected;
    await waitForState(caller, 'closed');
    expect(el.session?.localStream).to.equal(undefined); // never opened the camera
  });

  it('auto-answer accepts at once', async () => {
    const [alice, bob] = memoryClients('alice', 'bob');
    const el = await fixture<CallSessionElement>(html`<call-session .client=${bob} auto-answer></call-session>`);
    const caller = alice!.createSession(['bob']);
    await caller.start();
    await waitForState(caller, 'connected');
    // The two sides reach connected a moment apart: wait for Bob's too (without auto-answer it rings on).
    await waitUntil(() => el.session?.state === 'connected', 'bob’s side connected without a click');
    caller.hangUp();
  });

  describe('connected 1:1', () => {
    it('shows the remote video, and the mute and camera toggles work (each state passes axe)', async () => {
      const [alice, bob] = memoryClients('alice', 'bob');
      autoAccept(bob!, { name: 'Bob' });
      const el = await fixture<CallSessionElement>(html`<call-session .client=${alice} opponents="bob"></call-session>`);
      const connected = waitForEvent(el, 'call-connected');
      button(el, 'Call').click();
      await connected;
      await el.updateComplete; // the stage renders once connected
      const video = deepQuery<HTMLVideoElement>(el, 'remote-video')!.shadowRoot!.querySelector('video')!;
      await waitUntil(() => video.videoWidth > 0, 'the remote video plays');
      const switchCamera = await hasSeveralCameras();
      await waitForButton(el, switchCamera ? 'Switch camera' : 'Hang up');
      expect(text(part(el, 'status'))).to.equal('Connected to Bob');
      expect(text(deepQuery(el, 'remote-video'))).to.include('Bob');
      const pip = document.pictureInPictureEnabled || 'documentPictureInPicture' in window;
      // Text of every button (icon buttons carry it as their name and tooltip); '' is a notice's Dismiss (named by aria-label).
      expect(buttonTexts(el).filter(Boolean)).to.deep.equal([
        'Options for Bob',
        'Settings',
        'Spotlight layout',
        ...(pip ? ['Picture in picture'] : []),
        'Full screen',
        'Mute microphone',
        'Camera off',
        ...(switchCamera ? ['Switch camera'] : []),
        'Share screen',
        'Hang up',
      ]);
      await expect(el).to.be.accessible();

      const mute = button(el, 'Mute microphone');
      expect(mute.getAttribute('aria-pressed')).to.equal('false');
      mute.click();
      await waitUntil(() => mute.getAttribute('aria-pressed') === 'true', 'Mute shows pressed');
      expect(el.session!.localStream!.getAudioTracks()[0]!.enabled).to.equal(false);
      await expect(el).to.be.accessible();

      const camera = button(el, 'Camera off');
      camera.click();
      await waitUntil(() => camera.getAttribute('aria-pressed') === 'true', 'Camera off shows pressed');
      expect(el.session!.localStream!.getVideoTracks()[0]!.enabled).to.equal(false);
      await waitUntil(() => text(deepQuery(el, 'local-video')).includes('Camera is off'), 'the preview shows the camera-off placeholder');
      await expect(el).to.be.accessible();
      el.theme = 'dark'; // the pressed toggles and the red Hang up, in the dark theme
      await el.updateComplete;
      await expect(el).to.be.accessible();

      const hungUp = waitForEvent(el, 'call-session-closed');
      button(el, 'Hang up').click();
      await hungUp;
      expect(tracksEnded(el.session)).to.equal(true);
    });
  });

  describe('failed', () => {
    it('relay unreachable: call-error signaling-unavailable with a reason, shown as an alert', async () => {
      const errors: CallError[] = [];
      const el = await fixture<CallSessionElement>(
        html`<call-session user-id="alice" signaling-url="ws://127.0.0.1:9/signal" opponents="bob" @call-error=${(e: CustomEvent<{ error: CallError }>) => errors.push(e.detail.error)}></call-session>`,
      );
      await waitUntil(() => errors.length > 0, 'a call-error');
      expect(errors[0]!.code).to.equal('signaling-unavailable');
      expect(errors[0]!.message).to.include('ws://127.0.0.1:9/signal');
      await el.updateComplete;
      const alert = part(el, 'error')!;
      expect(alert.getAttribute('role')).to.equal('alert');
      expect(text(alert)).to.equal('The call service (signaling relay) is unreachable.');
      await expect(el).to.be.accessible();
      // Pressing Call tries again and says why it failed again.
      button(el, 'Call').click();
      await waitUntil(() => errors.length > 1, 'a second call-error');
      expect(errors[1]!.code).to.equal('signaling-unavailable');
    });

    it('busy: calling someone who is in another call gives call-error busy and says so', async () => {
      const [alice, bob, carol] = memoryClients('alice', 'bob', 'carol');
      autoAccept(bob!);
      const other = carol!.createSession(['bob']);
      await other.start();
      await waitForState(other, 'connected');
      const el = await fixture<CallSessionElement>(html`<call-session .client=${alice} opponents="bob" preview="false"></call-session>`);
      const error = waitForEvent<{ error: CallError; userId?: string }>(el, 'call-error');
      const rejected = waitForEvent<{ reason?: string }>(el, 'call-rejected');
      button(el, 'Call').click();
      expect((await rejected).reason).to.equal('busy');
      const detail = await error;
      expect(detail.error.code, detail.error.message).to.equal('busy');
      expect(detail.userId).to.equal('bob');
      await el.updateComplete;
      expect(text(part(el, 'error'))).to.equal('bob is busy');
      expect(text(part(el, 'status'))).to.equal('bob is busy. Call ended');
      await expect(el).to.be.accessible();
      other.hangUp();
    });

    it('no one to call: call-error invalid-argument, nothing thrown', async () => {
      const [alice] = memoryClients('alice');
      const el = await fixture<CallSessionElement>(html`<call-session .client=${alice}></call-session>`);
      const error = waitForEvent<{ error: CallError }>(el, 'call-error');
      await el.call();
      expect((await error).error.code).to.equal('invalid-argument');
      expect(el.session).to.equal(undefined);
    });
  });
});

describe('<call-session> attributes', () => {
  it('parses booleans, lists and seconds; bad values fall back to the default with a warning', async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(' '));
    try {
      const el = await fixture<CallSessionElement>(
        html`<call-session user-id="alice" signaling-url="ws://127.0.0.1:9/signal" opponents=" bob, carol ,," video="false" audio="nope" answer-timeout="abc" dialing-interval="4" auto-answer prepare-while-ringing="early"></call-session>`,
      );
      expect(el.opponents).to.deep.equal(['bob', 'carol']);
      expect(el.video).to.equal(false);
      expect(el.audio).to.equal(true);
      expect(el.answerTimeout).to.equal(undefined);
      expect(el.dialingInterval).to.equal(4);
      expect(el.autoAnswer).to.equal(true);
      expect(warnings.some((w) => w.includes('answer-timeout="abc"'))).to.equal(true);
      expect(warnings.some((w) => w.includes('audio="nope"'))).to.equal(true);
      expect(el.prepareWhileRinging).to.equal(undefined);
      expect(warnings.some((w) => w.includes('prepare-while-ringing="early"'))).to.equal(true);
    } finally {
      console.warn = warn;
    }
  });

  it('passes the timing attributes to the client it makes, and provides that client to children', async () => {
    const el = await fixture<CallSessionElement>(
      html`<call-session user-id="alice" signaling-url="ws://127.0.0.1:9/signal" answer-timeout="abc" dialing-interval="4" prepare-while-ringing="connect"><div></div></call-session>`,
    );
    let client: CallClient | undefined;
    el.querySelector('div')!.dispatchEvent(new ContextEvent(clientContext, el.querySelector('div')!, (value) => (client = value)));
    expect(client?.userId).to.equal('alice');
    // Per-call settings become the made client's session defaults (not its config): changing them never remakes it.
    expect(client?.sessionDefaults.answerTimeInterval).to.equal(45);
    expect(client?.sessionDefaults.dialingTimeInterval).to.equal(4);
    expect(client?.sessionDefaults.prepareWhileRinging).to.equal('connect');
    // A new user-id makes a new client; the old one is closed.
    el.userId = 'alice2';
    await el.updateComplete;
    let next: CallClient | undefined;
    el.querySelector('div')!.dispatchEvent(new ContextEvent(clientContext, el.querySelector('div')!, (value) => (next = value)));
    expect(next?.userId).to.equal('alice2');
    expect(next).to.not.equal(client);
  });
});

describe('<call-session> layout, theme and safety', () => {
  it('with children renders only them (and still provides the session to them)', async () => {
    const [alice, bob] = memoryClients('alice', 'bob');
    autoAccept(bob!);
    const el = await fixture<CallSessionElement>(html`
      <call-session .client=${alice} opponents="bob">
        <call-controls></call-controls>
        <remote-video user-id="bob"></remote-video>
      </call-session>
    `);
    expect(el.shadowRoot!.querySelector('slot')).to.not.equal(null);
    expect(el.shadowRoot!.querySelector('call-controls, local-video, remote-video')).to.equal(null);
    const controls = el.querySelector('call-controls')!;
    expect(buttonTexts(controls)).to.deep.equal(['Call']);
    button(controls, 'Call').click();
    await waitForState(await waitForSession(el), 'connected');
    const video = el.querySelector('remote-video')!.shadowRoot!.querySelector('video')!;
    await waitUntil(() => video.videoWidth > 0, 'the slotted remote-video plays');
    await expect(el).to.be.accessible();
    button(controls, 'Hang up').click();
    await waitForState(el.session!, 'closed');
  });

  it('theme="dark" and theme="light" switch the colours; both pass axe', async () => {
    const [alice] = memoryClients('alice');
    const el = await fixture<CallSessionElement>(html`<call-session .client=${alice} opponents="bob" theme="dark"></call-session>`);
    const base = part(el, 'base')!;
    const dark = getComputedStyle(base).backgroundColor;
    await expect(el).to.be.accessible();
    el.theme = 'light';
    await el.updateComplete;
    const light = getComputedStyle(base).backgroundColor;
    expect(dark).to.equal('rgb(13, 17, 23)');
    expect(light).to.equal('rgb(255, 255, 255)');
    // The theme reaches the elements inside.
    const call = button(el, 'Call');
    const lightButton = getComputedStyle(call).backgroundColor;
    el.theme = 'dark';
    await el.updateComplete;
    expect(getComputedStyle(call).backgroundColor).to.not.equal(lightButton);
    await expect(el).to.be.accessible();
  });

  it('a custom property on the page restyles the element (two tiers)', async () => {
    const [alice] = memoryClients('alice');
    const el = await fixture<CallSessionElement>(
      html`<call-session .client=${alice} preview="false" style="--meshcall-background: rgb(1, 2, 3); --meshcall-call-controls-accent: rgb(4, 5, 6)"></call-session>`,
    );
    expect(getComputedStyle(part(el, 'base')!).backgroundColor).to.equal('rgb(1, 2, 3)');
    expect(getComputedStyle(button(el, 'Call')).backgroundColor).to.equal('rgb(4, 5, 6)');
  });

  it('renders names from other users as text, never as HTML', async () => {
    const [alice, bob] = memoryClients('alice', 'bob');
    const el = await fixture<CallSessionElement>(html`<call-session .client=${bob}></call-session>`);
    const hostile = '<img src=x onerror="window.__pwned = true">';
    const incoming = waitForEvent(el, 'call-incoming');
    const caller = alice!.createSession(['bob']);
    await caller.start({ userInfo: { name: hostile } });
    await incoming;
    await el.updateComplete;
    expect(text(part(el, 'incoming-title'))).to.equal(`${hostile} is calling`);
    expect(text(part(el, 'status'))).to.equal(`${hostile} is calling`);
    button(el, 'Accept').click();
    await waitForState(el.session!, 'connected');
    await waitUntil(() => text(deepQuery(el, 'remote-video')).includes(hostile), 'the tile shows the name as text');
    expect(deepQueryAll(el, 'img')).to.have.length(0);
    expect((window as { __pwned?: boolean }).__pwned).to.equal(undefined);
    caller.hangUp();
    await waitForState(el.session!, 'closed');
  });
});

async function waitForSession(el: CallSessionElement) {
  await waitUntil(() => !!el.session, 'a session');
  return el.session!;
}
