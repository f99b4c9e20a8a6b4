// The call stage (<call-session>'s default layout) in real calls through the real relay:
// focus after Call and after the call ends, the self tile's badges, pin and
// spotlight-on-share (measured tile sizes), "mute for me" (the listener's level of that
// peer), every new state axe-clean in both themes and RTL, one bar on a phone. Devices and
// network bars: call-stage-tools.test.ts.
import { expect, fixture, html } from '@open-wc/testing';
import '../../components/elements.js';
import type { CallSessionElement } from '../../components/call-session/call-session.js';
import type { AudioFrame } from '../../src/media/audio-sink.js';
import { connectClient, disconnectAll, uid, waitForEvent, waitForState, waitUntil } from '../helpers/call-harness.js';
import { queueFakeMedia, removeFakeMedia, toneMic } from '../helpers/fake-media.js';
import { audioPacketsReceived, waitForMoreAudio } from '../helpers/media-probes.js';
import { autoAccept, button, closeMemoryClients, deepQuery, memoryClients, waitForButton, callStage } from './element-helpers.js';

afterEach(() => {
  disconnectAll();
  closeMemoryClients();
  removeFakeMedia();
});

const part = (el: Element, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const tile = (el: CallSessionElement, userId: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="tile"][data-user-id="${userId}"]`)!;
const area = (node: Element) => {
  const r = node.getBoundingClientRect();
  return r.width * r.height;
};
/** The element with focus, through shadow roots. */
function focused(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

describe('the call stage of <call-session>', () => {
  it('focus moves to Hang up after Call and back to Call after the call ends; the self tile shows Muted', async function () {
    this.timeout(60_000);
    const bob = await connectClient(uid('bob'));
    autoAccept(bob);
    const { el } = await callStage({ opponents: bob.userId });
    const call = await waitForButton(el, 'Call');
    // Listening from the click: focus moves once the page is idle, which can be after connected.
    const connected = waitForEvent(el, 'call-connected');
    call.focus();
    call.click();
    await waitUntil(() => focused()?.getAttribute('part')?.includes('hang-up') === true, `focus on Hang up (it is on ${focused()?.outerHTML.slice(0, 80)})`);
    await connected;
    button(el, 'Mute microphone').click();
    const self = deepQuery(el, 'local-video')!;
    await waitUntil(() => !!self.shadowRoot!.querySelector('[part~="badge"][part~="muted"]'), 'the self tile shows Muted');
    expect(self.shadowRoot!.querySelector('[part~="muted"]')!.textContent!.trim()).to.equal('Muted');
    await expect(el).to.be.accessible();
    button(el, 'Hang up').click();
    await waitForState(el.session!, 'closed');
    await waitUntil(() => focused()?.getAttribute('part')?.includes('call') === true && focused()?.textContent?.trim() === 'Call', 'focus back on Call');
  });

  it('pin makes that tile large; a screen share puts the sharer in the spotlight by itself', async function () {
    this.timeout(90_000);
    const bob = await connectClient(uid('bob'));
    const carol = await connectClient(uid('carol'));
    autoAccept(bob);
    autoAccept(carol);
    const { el } = await callStage({ opponents: `${bob.userId},${carol.userId}`, preview: false });
    const bobSide = waitForEvent<{ session: import('../../src/call-session.js').CallSession }>(bob, 'incoming');
    button(el, 'Call').click();
    const session = await waitUntil(() => !!el.session, 'a session').then(() => el.session!);
    await waitUntil(() => session.peers.every((id) => session.connectionState(id) === 'connected'), 'both connected', 30_000);
    await el.updateComplete;
    expect(part(el, 'stage')!.dataset.layout).to.equal('grid');
    // Self tile of its own in a group: three equal tiles, none covering another.
    const [b, c] = [tile(el, bob.userId), tile(el, carol.userId)];
    expect(Math.abs(area(b) - area(c)) / area(b)).to.be.lessThan(0.05);
    const self = el.shadowRoot!.querySelector('[part~="self-tile"]')!;
    expect(Math.abs(area(self) - area(b)) / area(b)).to.be.lessThan(0.05);

    // Pin Carol through her tile menu.
    button(el, `Options for ${carol.userId}`).click();
    await el.updateComplete;
    const pin = button(el, 'Pin');
    pin.click();
    await el.updateComplete;
    expect(part(el, 'stage')!.dataset.layout).to.equal('spotlight');
    expect(part(el, 'main')!.querySelector('remote-video')!.getAttribute('user-id')).to.equal(carol.userId);
    expect(area(tile(el, carol.userId))).to.be.greaterThan(4 * area(tile(el, bob.userId)));
    await expect(el).to.be.accessible();
    // Unpin: back to the grid.
    button(el, 'Pin').click();
    await el.updateComplete;
    expect(part(el, 'stage')!.dataset.layout).to.equal('grid');
    expect(Math.abs(area(tile(el, bob.userId)) - area(tile(el, carol.userId))) / area(tile(el, bob.userId))).to.be.lessThan(0.05);

    // Bob shares his screen: he is spotlit without anyone choosing it.
    const { session: bobSession } = await bobSide;
    await bobSession.startScreenShare();
    await waitUntil(() => part(el, 'stage')?.dataset.layout === 'spotlight', 'spotlight while Bob shares');
    expect(part(el, 'main')!.querySelector('remote-video')!.getAttribute('user-id')).to.equal(bob.userId);
    expect(area(tile(el, bob.userId))).to.be.greaterThan(4 * area(tile(el, carol.userId)));
    await expect(el).to.be.accessible();
    bobSession.stopScreenShare();
    await waitUntil(() => part(el, 'stage')?.dataset.layout === 'grid', 'the grid again after sharing stops');
    el.hangUp();
  });

  it('"Mute for me" drops that peer’s level at the listener to 0 and back, while the peer keeps sending', async function () {
    this.timeout(60_000);
    const { alice, el } = await callStage({ preview: false });
    const bob = await connectClient(uid('bob'));
    queueFakeMedia(toneMic(0.5)); // Bob speaks steadily (his getUserMedia is the next one)
    const caller = bob.createSession([alice.userId], { video: false });
    await caller.start();
    (await waitForButton(el, 'Accept')).click();
    await waitForState(caller, 'connected');
    const session = el.session!;
    let level = 0;
    const unsubscribe = session.addAudioSink(bob.userId, (frame: AudioFrame) => {
      const s = frame.samples[0]!;
      level = Math.sqrt(s.reduce((sum, v) => sum + v * v, 0) / s.length);
    });
    await waitUntil(() => level > 0.05, 'Alice hears Bob');
    (await waitForButton(el, `Options for ${bob.userId}`)).click();
    await el.updateComplete;
    const mute = button(el, 'Mute for me');
    expect(mute.getAttribute('aria-pressed')).to.equal('false');
    mute.click();
    await el.updateComplete;
    expect(mute.getAttribute('aria-pressed')).to.equal('true');
    await waitUntil(() => level === 0, 'Bob is silent at Alice');
    const packets = await audioPacketsReceived(session, bob.userId);
    await waitForMoreAudio(session, bob.userId);
    expect(await audioPacketsReceived(session, bob.userId)).to.be.greaterThan(packets);
    expect(caller.audioEnabled).to.equal(true);
    await expect(el).to.be.accessible();
    mute.click();
    await waitUntil(() => level > 0.05, 'Alice hears Bob again');
    unsubscribe();
    caller.hangUp();
  });

  it('every new state is axe-clean in dark, light and Arabic (RTL): group grid, tile menu, settings, labels, phone width', async function () {
    this.timeout(180_000); // seven axe runs over a 3-way call
    const [alice, bob, carol] = memoryClients('alice', 'bob', 'carol');
    autoAccept(bob!, { name: 'Bob' });
    autoAccept(carol!, { name: 'Carol' });
    const wrapper = await fixture<HTMLDivElement>(html`<div style="width: 1000px; height: 640px">
      <call-session .client=${alice} opponents="bob,carol"></call-session>
    </div>`);
    const el = wrapper.querySelector('call-session')!;
    await expect(el).to.be.accessible(); // pre-join
    button(el, 'Call').click();
    const session = await waitUntil(() => !!el.session, 'a session').then(() => el.session!);
    await waitUntil(() => session.peers.every((id) => session.connectionState(id) === 'connected'), 'both connected');
    const check = async (what: string) => {
      await el.updateComplete;
      await expect(el, what).to.be.accessible();
    };
    await check('dark grid');
    button(el, 'Options for Carol').click();
    await check('tile menu');
    button(el, 'Settings').click();
    await check('settings open');
    el.theme = 'light';
    await check('light');
    el.labels = true;
    await check('labels');
    el.setAttribute('lang', 'ar');
    await check('Arabic');
    expect(part(el, 'base')!.getAttribute('dir')).to.equal('rtl');
    wrapper.style.width = '390px';
    wrapper.style.height = '844px';
    el.removeAttribute('lang');
    el.labels = false;
    await check('phone width');
    // One bar of controls: every button on one row.
    const controls = el.shadowRoot!.querySelector('call-controls')!;
    await waitUntil(() => el.shadowRoot!.querySelector('.narrow') !== null, 'the phone layout');
    const shown = [...controls.shadowRoot!.querySelectorAll('button'), ...controls.querySelectorAll('button')].filter((b) => b.getClientRects().length > 0);
    const centres = shown.map((b) => b.getBoundingClientRect()).map((r) => r.top + r.height / 2);
    expect(Math.max(...centres) - Math.min(...centres)).to.be.lessThan(4); // one row: a wrapped button would sit a button's height lower
    el.hangUp();
  });
});
