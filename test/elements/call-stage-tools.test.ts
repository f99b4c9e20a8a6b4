// The call stage's device and network tools in real calls through the real relay: a camera
// picked mid-call in Settings (the peer decodes the new one), and the tiles' network bars
// when the TURN path freezes, and the picture-in-picture window following who is in the call.
// (Split from call-stage.test.ts so each file ends in time.)
import { expect, fixture, html } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import '../../components/elements.js';
import type { NetworkQualityElement } from '../../components/network-quality/network-quality.js';
import { connectClient, disconnectAll, uid, waitForEvent, waitUntil } from '../helpers/call-harness.js';
import { canvasCamera, queueFakeMedia, removeFakeMedia } from '../helpers/fake-media.js';
import { receivedSize } from '../helpers/media-probes.js';
import { autoAccept, button, closeMemoryClients, waitForButton, callStage } from './element-helpers.js';

afterEach(() => {
  disconnectAll();
  closeMemoryClients();
  removeFakeMedia();
});

const part = (el: Element, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);

describe('the call stage of <call-session>: devices and network', () => {
  it('a camera picked in Settings mid-call reaches the peer (it decodes the new camera)', async function () {
    this.timeout(60_000);
    const bob = await connectClient(uid('bob'));
    const bobSide = waitForEvent<{ session: import('../../src/call-session.js').CallSession }>(bob, 'incoming');
    autoAccept(bob);
    const { alice, el } = await callStage({ opponents: bob.userId, preview: false });
    button(el, 'Call').click();
    await waitForEvent(el, 'call-connected');
    const { session: callee } = await bobSide;
    await waitUntil(async () => (await receivedSize(callee, alice.userId)).width === 640, 'Bob decodes the first camera (640×480)');
    const settings = await waitForButton(el, 'Settings');
    settings.click();
    await el.updateComplete;
    expect(settings.getAttribute('aria-expanded')).to.equal('true');
    const picker = el.shadowRoot!.querySelector('device-picker[kind="videoinput"]')!;
    const select = await waitUntil(() => !!picker.shadowRoot?.querySelector('option[value]:not([value=""])'), 'the cameras are listed').then(() =>
      picker.shadowRoot!.querySelector('select')!,
    );
    const other = [...select.options].find((o) => o.textContent!.trim() === 'fake_device_2')!;
    // The next camera opened is a 320×180 canvas: what Bob decodes tells the two apart.
    queueFakeMedia(canvasCamera(320, 180));
    const changed = waitForEvent(picker, 'device-change');
    select.value = other.value;
    select.dispatchEvent(new Event('change'));
    await changed;
    await waitUntil(async () => (await receivedSize(callee, alice.userId)).width === 320, 'Bob decodes the picked camera (320×180)', 20_000);
    await expect(el).to.be.accessible();
    // Escape closes Settings and gives focus back to its button.
    part(el, 'settings-panel')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await el.updateComplete;
    expect(part(el, 'settings-panel')).to.equal(null);
    el.hangUp();
  });

  it('the tile’s network bars fall to 0 while the TURN path is frozen, and come back', async function () {
    this.timeout(120_000);
    const turn = (await (await fetch('/__meshcall/turn', { method: 'POST' })).json()) as RTCIceServer;
    try {
      const config = { iceServers: [turn], iceTransportPolicy: 'relay' as const };
      const alice = await connectClient(uid('alice'), { config });
      const bob = await connectClient(uid('bob'), { config });
      autoAccept(bob);
      const wrapper = await fixture<HTMLDivElement>(html`<div style="width: 800px; height: 600px">
        <call-session .client=${alice} opponents=${bob.userId} preview="false"></call-session>
      </div>`);
      const el = wrapper.querySelector('call-session')!;
      button(el, 'Call').click();
      await waitForEvent(el, 'call-connected', () => true, 30_000);
      const bars = await waitUntil(() => !!el.shadowRoot!.querySelector('network-quality'), 'the tile has bars').then(() =>
        el.shadowRoot!.querySelector<NetworkQualityElement>(`network-quality[user-id="${bob.userId}"]`)!,
      );
      expect(el.session!.statsInterval).to.be.within(1, 2); // the stage turns stats on
      await waitUntil(() => (bars.level ?? 0) >= 3, 'good bars on the healthy relayed call', 20_000);
      await fetch('/__meshcall/turn/freeze', { method: 'POST' });
      try {
        await waitUntil(() => bars.level === 0, 'the bars fall to 0 while nothing arrives', 40_000);
        expect(bars.shadowRoot!.querySelector('[part~="base"]')!.getAttribute('aria-label')).to.equal('Network: no connection');
      } finally {
        await fetch('/__meshcall/turn/thaw', { method: 'POST' });
      }
      await waitUntil(() => (bars.level ?? 0) >= 3, 'the bars come back', 40_000);
      el.hangUp();
    } finally {
      await fetch('/__meshcall/turn', { method: 'DELETE' });
    }
  });

  it('Picture in picture opens a window with every remote video: a later joiner appears in it, a leaver goes, and it closes with the call', async function () {
    this.timeout(90_000);
    const pip = (window as Window & { documentPictureInPicture?: { window: Window | null } }).documentPictureInPicture;
    expect(pip, 'headless Chromium has Document picture-in-picture').to.not.equal(undefined);
    const bob = await connectClient(uid('bob'));
    const carol = await connectClient(uid('carol'));
    autoAccept(bob);
    const carolSide = waitForEvent<{ session: import('../../src/call-session.js').CallSession }>(carol, 'incoming');
    const { el } = await callStage({ opponents: `${bob.userId},${carol.userId}`, preview: false });
    button(el, 'Call').click();
    await waitForEvent(el, 'call-connected', () => true, 30_000);
    // A real click: the browser opens the window only on a user's gesture.
    const open = await waitForButton(el, 'Picture in picture');
    const box = open.getBoundingClientRect();
    await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
    await waitUntil(() => !!pip!.window, 'the picture-in-picture window opens');
    const shown = () => [...pip!.window!.document.querySelectorAll('video')].map((v) => v.dataset['user']).sort();
    await waitUntil(() => shown().length === 1, 'Bob’s video in the window');
    expect(shown()).to.deep.equal([bob.userId]);

    // Carol answers late: she joins the window; she leaves: she goes from it.
    const { session: carolSession } = await carolSide;
    await carolSession.accept();
    await waitUntil(() => shown().length === 2, 'Carol’s video joins the window', 30_000);
    expect(shown()).to.deep.equal([bob.userId, carol.userId].sort());
    carolSession.hangUp();
    await waitUntil(() => shown().length === 1, 'Carol’s video leaves the window', 30_000);
    expect(shown()).to.deep.equal([bob.userId]);

    el.hangUp();
    await waitUntil(() => !pip!.window, 'the window closes with the call');
  });
});
