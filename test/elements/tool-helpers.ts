// Helpers for the tests of the pre-join and in-call tool elements: a connected call on an
// in-page network, and the axe check in the light theme, the dark theme and Arabic (RTL).
import { expect } from '@open-wc/testing';
import type { CallSession } from '../../src/call-session.js';
import { waitForState } from '../helpers/call-harness.js';
import { memoryClients } from './element-helpers.js';

/** A connected 1:1 call between alice (caller) and bob (named "Bob"). */
export async function connectedPair(options: { statsInterval?: number } = {}): Promise<{ caller: CallSession; callee: CallSession }> {
  const [alice, bob] = memoryClients('alice', 'bob');
  let callee: CallSession | undefined;
  bob!.addEventListener('incoming', (e) => {
    callee = e.detail.session;
    void callee.accept({ userInfo: { name: 'Bob' } });
  });
  const caller = alice!.createSession(['bob']);
  if (options.statsInterval !== undefined) caller.statsInterval = options.statsInterval;
  await caller.start();
  await waitForState(caller, 'connected');
  return { caller, callee: callee! };
}

/** Axe finds nothing in the light theme, the dark theme, and with lang="ar" (right-to-left). */
export async function expectAccessibleEverywhere(el: HTMLElement & { updateComplete?: Promise<unknown> }): Promise<void> {
  const lang = el.getAttribute('lang');
  for (const scheme of ['light', 'dark']) {
    el.style.setProperty('--meshcall-color-scheme', scheme);
    el.style.colorScheme = scheme;
    document.body.style.colorScheme = scheme;
    document.body.style.background = scheme === 'dark' ? '#0d1117' : '#ffffff';
    await el.updateComplete;
    await expect(el).to.be.accessible();
  }
  el.setAttribute('lang', 'ar');
  await el.updateComplete;
  expect(getComputedStyle(el.shadowRoot!.querySelector('[dir]') ?? el).direction).to.equal('rtl');
  await expect(el).to.be.accessible();
  if (lang === null) el.removeAttribute('lang');
  else el.setAttribute('lang', lang);
  for (const prop of ['--meshcall-color-scheme', 'color-scheme']) el.style.removeProperty(prop);
  document.body.style.removeProperty('color-scheme');
  document.body.style.removeProperty('background');
  await el.updateComplete;
}
