// Registration: importing a class defines nothing; the define modules define their tag
// once (a second call is harmless); elements upgraded before their <call-session> still
// get its context.
import { expect } from '@open-wc/testing';
import { CallControlsElement } from '../../components/call-controls/call-controls.js';
import { CallSessionElement } from '../../components/call-session/call-session.js';
import { LocalVideoElement } from '../../components/local-video/local-video.js';
import { RemoteVideoElement } from '../../components/remote-video/remote-video.js';
import { StatsOverlayElement } from '../../components/stats-overlay/stats-overlay.js';
import { buttonTexts, closeMemoryClients, memoryClients } from './element-helpers.js';

const TAGS = ['call-session', 'local-video', 'remote-video', 'call-controls', 'stats-overlay'];

afterEach(() => closeMemoryClients());

describe('element registration', () => {
  it('importing the classes defines no tag', () => {
    expect([CallSessionElement, LocalVideoElement, RemoteVideoElement, CallControlsElement, StatsOverlayElement]).to.have.length(5);
    expect(TAGS.filter((tag) => customElements.get(tag))).to.deep.equal([]);
  });

  it('children upgraded before their <call-session> still get its context', async () => {
    const [alice] = memoryClients('alice');
    // Both tags in the page before either is defined (as if written in the HTML).
    const host = document.createElement('div');
    const session = document.createElement('call-session');
    session.setAttribute('opponents', 'bob');
    session.append(document.createElement('call-controls'));
    host.append(session);
    document.body.append(host);
    // The child's tag first, then its provider's.
    const { defineCallControls } = await import('../../components/call-controls/call-controls.define.js');
    defineCallControls();
    expect(customElements.get('call-session')).to.equal(undefined);
    const controls = host.querySelector('call-controls') as CallControlsElement;
    await controls.updateComplete;
    expect(buttonTexts(controls)).to.deep.equal([]); // no provider yet: nothing to act on
    const { defineCallSession } = await import('../../components/call-session/call-session.define.js');
    defineCallSession();
    (session as CallSessionElement).client = alice;
    await (session as CallSessionElement).updateComplete;
    await controls.updateComplete;
    expect(buttonTexts(controls)).to.deep.equal(['Call']);
    host.remove();
  });

  it('defineCallSession registers what shows before a call at once and the call stage once its promise resolves', async () => {
    const { defineCallSession } = await import('../../components/call-session/call-session.define.js');
    const before = ['call-session', 'call-controls', 'call-preview', 'device-picker'];
    const stage = ['local-video', 'remote-video', 'call-timer', 'network-quality', 'call-notifications'];
    const pending = defineCallSession();
    expect(before.filter((tag) => !customElements.get(tag))).to.deep.equal([]);
    await pending;
    expect(stage.filter((tag) => !customElements.get(tag))).to.deep.equal([]);
    expect(customElements.get('stats-overlay')).to.equal(undefined); // not in the default layout: only the elements entry defines it
  });

  it('the elements entry defines all five tags with the right classes; defining again is harmless', async () => {
    const elements = await import('../../components/elements.js');
    expect(TAGS.map((tag) => customElements.get(tag))).to.deep.equal([
      CallSessionElement,
      LocalVideoElement,
      RemoteVideoElement,
      CallControlsElement,
      StatsOverlayElement,
    ]);
    elements.defineElements();
    elements.defineCallSession();
    await import('../../components/elements.js');
    expect(document.createElement('call-session')).to.be.instanceOf(CallSessionElement);
    expect(document.createElement('stats-overlay')).to.be.instanceOf(StatsOverlayElement);
  });
});
