// <call-notifications>: a polite live region with joined / left notices from the session,
// dismissed by time or by button, timers cleared on removal.
import { expect, fixture, html } from '@open-wc/testing';
import '../../components/call-notifications/call-notifications.define.js';
import type { CallNotificationsElement } from '../../components/call-notifications/call-notifications.js';
import type { CallSession } from '../../src/call-session.js';
import { waitForState, waitUntil } from '../helpers/call-harness.js';
import { closeMemoryClients, memoryClients } from './element-helpers.js';
import { expectAccessibleEverywhere } from './tool-helpers.js';

afterEach(() => closeMemoryClients());

const messages = (el: CallNotificationsElement) => [...el.shadowRoot!.querySelectorAll('[part~="message"]')].map((m) => m.textContent);

describe('<call-notifications>', () => {
  it('a polite log region; "bob joined" when the call connects, "bob left" when he hangs up', async () => {
    const [alice, bob] = memoryClients('alice', 'bob');
    let callee: CallSession | undefined;
    bob!.addEventListener('incoming', (e) => {
      callee = e.detail.session;
      void callee.accept();
    });
    const caller = alice!.createSession(['bob']);
    const el = await fixture<CallNotificationsElement>(html`<call-notifications duration="0" .session=${caller}></call-notifications>`);
    const region = el.shadowRoot!.querySelector('[part~="base"]')!;
    expect(region.getAttribute('aria-live')).to.equal('polite');
    expect(region.getAttribute('role')).to.equal('log');
    expect(region.getAttribute('aria-label')).to.equal('Call notifications');
    const shown: string[] = [];
    el.addEventListener('call-notification', (e) => shown.push(e.detail.kind));
    await caller.start();
    await waitUntil(() => messages(el).includes('bob joined'), '"bob joined"');
    expect(el.shadowRoot!.querySelector('[part~="notification"]')!.getAttribute('part')).to.equal('notification notification-joined');
    await expectAccessibleEverywhere(el);
    callee!.hangUp();
    await waitForState(caller, 'closed');
    await waitUntil(() => messages(el).includes('bob left'), '"bob left"');
    expect(shown).to.deep.equal(['joined', 'left']);
  });

  it('notices go by themselves after `duration`, or with their Dismiss button; removal clears the timers', async () => {
    const el = await fixture<CallNotificationsElement>(html`<call-notifications duration="0.3"></call-notifications>`);
    el.notify('first');
    const kept = el.notify('kept', { persistent: true });
    await el.updateComplete;
    expect(messages(el)).to.deep.equal(['first', 'kept']);
    await waitUntil(() => messages(el).length === 1, 'the first notice goes by itself');
    expect(messages(el)).to.deep.equal(['kept']);
    const dismiss = el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="dismiss"]')!;
    expect(dismiss.getAttribute('aria-label')).to.equal('Dismiss');
    dismiss.focus();
    expect(el.shadowRoot!.activeElement).to.equal(dismiss);
    dismiss.click();
    await el.updateComplete;
    expect(messages(el)).to.deep.equal([]);
    expect(el.notifications.some((n) => n.id === kept)).to.equal(false);

    // Removed with a notice pending: nothing fires later, nothing is left showing.
    const fired: string[] = [];
    el.notify('pending');
    el.remove();
    expect(el.notifications).to.deep.equal([]);
    el.addEventListener('call-notification', (e) => fired.push(e.detail.message));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(el.notifications).to.deep.equal([]);
    expect(fired).to.deep.equal([]);
  });

  it('notices from other people are text, never markup', async () => {
    const el = await fixture<CallNotificationsElement>(html`<call-notifications></call-notifications>`);
    el.notify('<img src=x onerror="window.__pwned=1">');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
    expect(messages(el)[0]).to.equal('<img src=x onerror="window.__pwned=1">');
  });
});
