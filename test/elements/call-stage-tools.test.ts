// The call stage's device and network tools in real calls through the real relay: a camera
// picked mid-call in Settings (the peer decodes the new one), and the tiles' network bars
// when the TURN path freezes. (Split from call-stage.test.ts so each file ends in time.)
import { expect, fixture, html } from '@open-wc/testing';
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
});
