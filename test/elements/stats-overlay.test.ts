// <stats-overlay>: fed by the session's `stats` events, or polling any RTCPeerConnection.
import { expect, fixture, html } from '@open-wc/testing';
import '../../components/elements.js';
import type { StatsOverlayElement } from '../../components/stats-overlay/stats-overlay.js';
import { waitUntil } from '../helpers/call-harness.js';
import { closeMemoryClients } from './element-helpers.js';
import { connectedPair } from './tool-helpers.js';

afterEach(() => closeMemoryClients());

/** A connected 1:1 call; alice's side reports stats every second. */
const connectedCall = () => connectedPair({ statsInterval: 1 });

function metrics(el: StatsOverlayElement): Record<string, string> {
  return Object.fromEntries(
    [...el.shadowRoot!.querySelectorAll('[part~="metrics"] > div')].map((row) => [
      row.querySelector('dt')!.textContent!,
      row.querySelector('dd')!.textContent!,
    ]),
  );
}

describe('<stats-overlay>', () => {
  it('before any report: says it is waiting', async () => {
    const el = await fixture<StatsOverlayElement>(html`<stats-overlay></stats-overlay>`);
    expect(el.shadowRoot!.querySelector('[part~="empty"]')!.textContent).to.equal('Waiting for statistics…');
    await expect(el).to.be.accessible();
  });

  it('shows the session’s stats events per peer, with the statsString lines', async () => {
    const { caller } = await connectedCall();
    const el = await fixture<StatsOverlayElement>(html`<stats-overlay .session=${caller}></stats-overlay>`);
    await waitUntil(() => /\d+×\d+/.test(metrics(el)['Resolution'] ?? '') && /kbps/.test(metrics(el)['Bitrate'] ?? ''), 'a full report', 10_000);
    const values = metrics(el);
    expect(values['Codec']).to.match(/VP8|VP9|H264|AV1/);
    expect(values['Codec']).to.include('opus');
    expect(values['Frame rate']).to.match(/\d+ fps/);
    expect(values['Round-trip time']).to.match(/\d+ ms/);
    expect(values['Packets lost']).to.match(/\d+/);
    expect(values['Audio level']).to.match(/\d+%/);
    expect(el.shadowRoot!.querySelector('[part~="peer-name"]')!.textContent).to.equal('bob');
    const lines = el.shadowRoot!.querySelector('[part~="lines"]')!.textContent!.split('\n');
    expect(lines).to.have.length(8);
    expect(lines[0]).to.match(/^CN \d+ms/);
    await expect(el).to.be.accessible();
    caller.hangUp();
    await waitUntil(() => !!el.shadowRoot!.querySelector('[part~="empty"]'), 'cleared when the call ends');
  });

  it('polls any RTCPeerConnection every `interval`, and stops once removed', async () => {
    const { caller, callee } = await connectedCall();
    caller.statsInterval = 0;
    const calls = new Map<RTCPeerConnection, number>();
    for (const pc of [caller.peerConnection('bob')!, callee.peerConnection('alice')!]) {
      const getStats = pc.getStats.bind(pc);
      calls.set(pc, 0);
      pc.getStats = ((...args: Parameters<RTCPeerConnection['getStats']>) => {
        calls.set(pc, calls.get(pc)! + 1);
        return getStats(...args);
      }) as RTCPeerConnection['getStats'];
    }
    const [watched, clock] = [...calls.keys()] as [RTCPeerConnection, RTCPeerConnection];
    const wrapper = await fixture<HTMLDivElement>(html`
      <div>
        <stats-overlay user-id="bob" interval="0.1" .peerConnection=${watched}></stats-overlay>
        <stats-overlay user-id="alice" interval="0.1" .peerConnection=${clock}></stats-overlay>
      </div>
    `);
    const el = wrapper.querySelector<StatsOverlayElement>('stats-overlay')!;
    await waitUntil(() => /\d+×\d+/.test(metrics(el)['Resolution'] ?? ''), 'a report from polling');
    expect(el.shadowRoot!.querySelector('[part~="peer-name"]')!.textContent).to.equal('bob');
    await waitUntil(() => calls.get(watched)! >= 3, 'several polls');
    await expect(el).to.be.accessible();

    el.remove();
    const stoppedAt = calls.get(watched)!;
    // The other overlay keeps polling at the same interval: five of its polls later, the removed one has not polled again.
    const clockAt = calls.get(clock)!;
    await waitUntil(() => calls.get(clock)! >= clockAt + 5, 'the other overlay polls on');
    expect(calls.get(watched)).to.equal(stoppedAt);
    caller.hangUp();
  });
});
