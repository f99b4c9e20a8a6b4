// The network indicators in a real relay-only call through a real TURN server: freezing the
// TURN server (SIGSTOP) makes <network-quality> fall to 0 bars and <call-notifications> say
// "Reconnecting to …"; thawing it brings the bars back and "Reconnected to …".
import { expect, fixture, html } from '@open-wc/testing';
import '../../components/call-notifications/call-notifications.define.js';
import '../../components/network-quality/network-quality.define.js';
import type { CallNotificationsElement } from '../../components/call-notifications/call-notifications.js';
import type { NetworkQualityElement } from '../../components/network-quality/network-quality.js';
import { connectedCall, disconnectAll, waitForEvent, waitForState, waitUntil } from '../helpers/call-harness.js';

afterEach(async () => {
  disconnectAll();
  await fetch('/__meshcall/turn', { method: 'DELETE' });
});

const messages = (el: CallNotificationsElement) => [...el.shadowRoot!.querySelectorAll('[part~="message"]')].map((m) => m.textContent ?? '');

describe('network indicators when the media path breaks and comes back', () => {
  it('bars fall to 0 and "Reconnecting" shows while TURN is frozen; bars and "Reconnected" come back after', async function () {
    this.timeout(90_000);
    const turn = (await (await fetch('/__meshcall/turn', { method: 'POST' })).json()) as RTCIceServer;
    // The path stays down until the test thaws it: no disconnect timeout may end the call first
    // (on a starved machine the steps between the freeze and the checks took over the 30 s default).
    const config = { iceServers: [turn], iceTransportPolicy: 'relay' as const, disconnectTimeInterval: 120, statsInterval: 1 };
    const { bob, caller, callee } = await connectedCall({ alice: { config }, bob: { config } });
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <network-quality user-id=${bob.userId} .session=${caller}></network-quality>
      <call-notifications duration="0" .session=${caller}></call-notifications>
    </div>`);
    const bars = wrapper.querySelector<NetworkQualityElement>('network-quality')!;
    const notices = wrapper.querySelector<CallNotificationsElement>('call-notifications')!;
    await waitUntil(() => (bars.level ?? 0) >= 3, 'good bars on the healthy relayed call', 15_000);

    const log: string[] = []; // for the failure message
    notices.addEventListener('call-notification', (e) => log.push(`notice ${e.detail.kind} ${e.detail.message}`));
    caller.addEventListener('connection-state-change', (e) => log.push(`state ${e.detail.state}`));
    const seen: number[] = [];
    bars.addEventListener('network-quality-change', (e) => e.detail.level !== undefined && seen.push(e.detail.level));
    const disconnected = waitForEvent(caller, 'disconnected', () => true, 40_000);
    await fetch('/__meshcall/turn/freeze', { method: 'POST' });
    try {
      await waitUntil(() => bars.level === 0, 'the bars fall to 0 while nothing arrives', 40_000);
      await disconnected;
      await waitUntil(() => messages(notices).includes(`Reconnecting to ${bob.userId}…`), '"Reconnecting to bob…"');
      expect(bars.shadowRoot!.querySelector('[part~="base"]')!.getAttribute('aria-label')).to.equal('Network: no connection');
    } finally {
      await fetch('/__meshcall/turn/thaw', { method: 'POST' });
    }
    await waitForEvent(caller, 'connected', () => true, 40_000);
    await waitUntil(() => messages(notices).includes(`Reconnected to ${bob.userId}`), '"Reconnected to bob"').catch((error: Error) => {
      throw new Error(`${error.message}; notices ${JSON.stringify(messages(notices))}, events ${JSON.stringify(log)}`);
    });
    expect(messages(notices).some((m) => m.startsWith('Reconnecting'))).to.equal(false); // replaced, not stacked
    await waitUntil(() => (bars.level ?? 0) >= 3, 'the bars come back', 20_000);
    expect(seen).to.include(0);
    caller.hangUp();
    await waitForState(callee, 'closed');
  });
});
