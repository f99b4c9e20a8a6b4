// <call-timer>: counts from the moment the call connects, not from dialing; role="timer";
// stops at the final duration when the call ends.
import { expect, fixture, html } from '@open-wc/testing';
import '../../components/call-timer/call-timer.define.js';
import { formatDuration, type CallTimerElement } from '../../components/call-timer/call-timer.js';
import type { CallSession } from '../../src/call-session.js';
import { waitForState, waitUntil } from '../helpers/call-harness.js';
import { closeMemoryClients, memoryClients } from './element-helpers.js';
import { expectAccessibleEverywhere } from './tool-helpers.js';

afterEach(() => closeMemoryClients());

const shown = (el: CallTimerElement) => el.shadowRoot!.querySelector('[part~="time"]')?.textContent ?? '';

describe('<call-timer>', () => {
  it('formats mm:ss and h:mm:ss', () => {
    expect([0, 5, 65, 599, 3599, 3600, 3723, 36000].map(formatDuration)).to.deep.equal([
      '00:00',
      '00:05',
      '01:05',
      '09:59',
      '59:59',
      '1:00:00',
      '1:02:03',
      '10:00:00',
    ]);
    expect(formatDuration(-3)).to.equal('00:00');
  });

  it('shows nothing while dialing, counts from connected, stops when the call ends', async () => {
    const [alice, bob] = memoryClients('alice', 'bob');
    let callee: CallSession | undefined;
    bob!.addEventListener('incoming', (e) => (callee = e.detail.session));
    const caller = alice!.createSession(['bob']);
    const el = await fixture<CallTimerElement>(html`<call-timer .session=${caller}></call-timer>`);
    await caller.start();
    await waitUntil(() => !!callee, 'bob rings');
    // Ring for over a second: that time must not count.
    await new Promise((resolve) => setTimeout(resolve, 1300));
    expect(el.shadowRoot!.querySelector('[part~="base"]')).to.equal(null);
    await callee!.accept();
    await waitForState(caller, 'connected');
    await el.updateComplete;
    expect(shown(el)).to.equal('00:00');
    const timer = el.shadowRoot!.querySelector('[part~="base"]')!;
    expect(timer.getAttribute('role')).to.equal('timer');
    expect(timer.getAttribute('aria-live')).to.equal(null); // role=timer is aria-live=off: never announced by itself
    expect(timer.textContent).to.include('Call duration');
    await waitUntil(() => shown(el) === '00:01', 'one second of call', 5000);
    expect(el.shadowRoot!.querySelector('time')!.getAttribute('datetime')).to.equal('PT1S');
    await expectAccessibleEverywhere(el);

    caller.hangUp();
    await waitForState(caller, 'closed');
    await el.updateComplete;
    const final = shown(el);
    expect(el.elapsedSeconds).to.be.greaterThanOrEqual(1);
    const seconds = el.elapsedSeconds;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(el.elapsedSeconds).to.equal(seconds);
    expect(shown(el)).to.equal(final);
  });
});
