// <call-session> in a 4-way full mesh (real peer connections, in-page signaling): the grid
// fits 3 remote videos, and shrinks when someone leaves.
import { expect, fixture, html } from '@open-wc/testing';
import '../../components/elements.js';
import type { CallSessionElement } from '../../components/call-session/call-session.js';
import type { CallSession } from '../../src/call-session.js';
import { waitForEvent, waitUntil } from '../helpers/call-harness.js';
import { button, closeMemoryClients, deepQueryAll, memoryClients } from './element-helpers.js';

afterEach(() => closeMemoryClients());

function tiles(el: CallSessionElement): HTMLElement[] {
  return [...el.shadowRoot!.querySelectorAll<HTMLElement>('remote-video')];
}

function playing(tile: HTMLElement): boolean {
  const video = tile.shadowRoot?.querySelector('video');
  return !!video && video.videoWidth > 0 && !video.paused;
}

describe('<call-session> with 3 peers', () => {
  it('shows everyone in a 2×2 grid with your own tile (axe-clean), and drops a tile when that person leaves', async () => {
    const [alice, ...others] = memoryClients('alice', 'bob', 'carol', 'dave');
    const sessions: CallSession[] = [];
    for (const [i, client] of others.entries()) {
      client.addEventListener('incoming', (event) => {
        sessions[i] = event.detail.session;
        void event.detail.session.accept({ userInfo: { name: client.userId.toUpperCase() } });
      });
    }
    const el = await fixture<CallSessionElement>(html`<call-session .client=${alice} opponents="bob,carol,dave"></call-session>`);
    button(el, 'Call').click();
    await waitUntil(() => tiles(el).length === 3 && tiles(el).every(playing), 'three remote videos play', 40_000);
    const grid = el.shadowRoot!.querySelector('[part~="grid"]')!;
    expect(grid.getAttribute('data-count')).to.equal('3');
    expect(tiles(el).map((t) => t.getAttribute('user-id'))).to.deep.equal(['bob', 'carol', 'dave']);
    // Three people and your own tile: a 2×2 grid of equal tiles, none over another.
    const [first, second, third] = tiles(el).map((t) => t.getBoundingClientRect());
    const self = el.shadowRoot!.querySelector('[part~="self-tile"]')!.getBoundingClientRect();
    expect(Math.round(first!.width)).to.equal(Math.round(second!.width));
    expect(Math.round(first!.top)).to.equal(Math.round(second!.top));
    expect(Math.round(third!.top)).to.equal(Math.round(self.top));
    expect(third!.top).to.be.at.least(first!.bottom);
    expect(Math.round(self.width)).to.equal(Math.round(third!.width));
    expect(deepQueryAll(el, 'remote-video').map((t) => t.shadowRoot!.querySelector('[part~="name"]')!.textContent)).to.deep.equal(['BOB', 'CAROL', 'DAVE']);
    await expect(el).to.be.accessible();

    const left = waitForEvent(el, 'call-hung-up');
    sessions[1]!.hangUp();
    await left;
    await waitUntil(() => tiles(el).length === 2, 'carol’s tile goes');
    expect(grid.getAttribute('data-count')).to.equal('2');
    expect(el.session!.state).to.equal('connected');
    await expect(el).to.be.accessible();
    el.hangUp();
  });
});
