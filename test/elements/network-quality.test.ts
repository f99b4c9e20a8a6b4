// <network-quality>: bars from the session's stats for one user, a text alternative, a
// standalone mode polling any RTCPeerConnection.
import { expect, fixture, html } from '@open-wc/testing';
import '../../components/network-quality/network-quality.define.js';
import type { NetworkQualityElement } from '../../components/network-quality/network-quality.js';
import { waitForState, waitUntil } from '../helpers/call-harness.js';
import { closeMemoryClients } from './element-helpers.js';
import { connectedPair, expectAccessibleEverywhere } from './tool-helpers.js';

afterEach(() => closeMemoryClients());

const base = (el: NetworkQualityElement) => el.shadowRoot!.querySelector('[part~="base"]')!;
const litBars = (el: NetworkQualityElement) => el.shadowRoot!.querySelectorAll('[part~="bar-on"]').length;

describe('<network-quality>', () => {
  it('before a call: no bars, "measuring…"', async () => {
    const el = await fixture<NetworkQualityElement>(html`<network-quality user-id="bob"></network-quality>`);
    expect(base(el).getAttribute('role')).to.equal('img');
    expect(base(el).getAttribute('aria-label')).to.equal('Network: measuring…');
    expect(el.shadowRoot!.querySelectorAll('[part~="bar"]')).to.have.length(4);
    expect(litBars(el)).to.equal(0);
    expect(el.hasAttribute('level')).to.equal(false);
  });

  // A call inside one page scores 4 bars; on a busy machine CPU-starved jitter can cost one, hence "3 or more".
  it('a clean local call from the session’s stats events: good bars with their text alternative; unknown again after hang-up', async function () {
    this.timeout(60_000);
    const { caller } = await connectedPair({ statsInterval: 1 });
    const el = await fixture<NetworkQualityElement>(html`<network-quality user-id="bob" .session=${caller}></network-quality>`);
    const changes: (number | undefined)[] = [];
    el.addEventListener('network-quality-change', (e) => changes.push(e.detail.level));
    // The second report has bitrates and a loss rate (the first has no interval yet).
    await waitUntil(() => (el.level ?? 0) >= 3, 'three or four bars', 15_000);
    const level = el.level!;
    expect(litBars(el)).to.equal(level);
    expect(el.getAttribute('level')).to.equal(String(level));
    const text = level === 4 ? 'Network: excellent' : 'Network: good';
    expect(base(el).getAttribute('aria-label')).to.equal(text);
    expect(base(el).getAttribute('title')).to.equal(text);
    expect(changes.at(-1)).to.equal(level);
    await expectAccessibleEverywhere(el);
    caller.hangUp();
    await waitForState(caller, 'closed');
    await el.updateComplete;
    expect(el.level).to.equal(undefined);
    expect(litBars(el)).to.equal(0);
  });

  it('with statsInterval 0 it polls the session’s peer connection itself', async () => {
    const { caller } = await connectedPair({ statsInterval: 0 });
    const el = await fixture<NetworkQualityElement>(html`<network-quality user-id="bob" interval="0.5" .session=${caller}></network-quality>`);
    await waitUntil(() => (el.level ?? 0) >= 3, 'good bars from its own polling', 15_000);
    caller.hangUp();
  });

  it('alone: rates any RTCPeerConnection it is given', async () => {
    const { caller } = await connectedPair({ statsInterval: 0 });
    const el = await fixture<NetworkQualityElement>(html`<network-quality interval="0.5" .peerConnection=${caller.peerConnection('bob')}></network-quality>`);
    await waitUntil(() => (el.level ?? 0) >= 3, 'good bars', 15_000);
    caller.hangUp();
  });
});
