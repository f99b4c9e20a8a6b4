// The incoming-call Notification as a person with the tab in the background gets it:
// notifications permission really granted to the test page (Playwright, see
// test/page-control-plugin.js), a real call ringing through the relay. The page is made
// "hidden" by overriding document.visibilityState: headless Chromium under Playwright
// reports every page as visible, whatever tab or window state (a minimized window and a
// tab behind another were tried: still 'visible'; microsoft/playwright#2286).
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { notifyIncomingCall, requestNotificationPermission } from '../../src/incoming-call-notification.js';
import { connectClient, disconnectAll, nextIncoming, uid, waitForState } from '../helpers/call-harness.js';

describe('incoming-call notification while the page is hidden', () => {
  let restoreVisibility = () => {};

  /** The tab goes to the background: visibilityState 'hidden' and a visibilitychange, as a browser does. */
  function hidePage(): void {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    document.dispatchEvent(new Event('visibilitychange'));
    restoreVisibility = () => {
      // Deleting the own properties uncovers the real getters on Document.prototype.
      delete (document as { visibilityState?: unknown }).visibilityState;
      delete (document as { hidden?: unknown }).hidden;
      document.dispatchEvent(new Event('visibilitychange'));
    };
  }

  after(() => {
    restoreVisibility();
    disconnectAll();
  });

  it('shows the caller’s name for a ringing call in a hidden page, and closes when the call stops ringing', async () => {
    await executeServerCommand('meshcall:grant-notifications');
    expect(await requestNotificationPermission()).to.equal('granted');
    const alice = await connectClient(uid('alice'));
    const bob = await connectClient(uid('bob'));
    const incoming = nextIncoming(bob);
    const caller = alice.createSession([bob.userId], { video: false });
    await caller.start({ userInfo: { name: 'Alice Example' } });
    const session = await incoming;
    expect(session.state).to.equal('pending');

    // Visible: nothing is shown (the person sees the page's own prompt).
    expect(notifyIncomingCall({ session, from: alice.userId, userInfo: { name: 'Alice Example' } })).to.equal(undefined);

    hidePage();
    const notification = notifyIncomingCall({ session, from: alice.userId, userInfo: { name: 'Alice Example' } });
    expect(notification).to.be.instanceOf(Notification);
    expect(notification!.title).to.equal('Incoming audio call');
    expect(notification!.body).to.equal('Alice Example');
    expect(notification!.tag).to.equal(`meshcall-${session.id}`);
    expect(notification!.requireInteraction).to.equal(true);

    // The caller gives up: the call stops ringing, and the notification goes away.
    const closed = new Promise<void>((resolve) => notification!.addEventListener('close', () => resolve(), { once: true }));
    caller.hangUp();
    await waitForState(session, 'closed');
    await closed;
    restoreVisibility();
    expect(document.visibilityState).to.equal('visible');
  });
});
