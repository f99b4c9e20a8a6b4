// Issue 11, the client side: a replaced connection says so, user text never widens the
// layout, and a browser without WebRTC (or an insecure page) gets a clear error.
import { expect, fixture, html } from '@open-wc/testing';
import '../../components/elements.js';
import type { CallSessionElement } from '../../components/call-session/call-session.js';
import type { CallError } from '../../src/errors.js';
import { connectClient, disconnectAll, relayUrl, uid, waitForEvent, waitUntil } from '../helpers/call-harness.js';
import { closeMemoryClients, deepQuery, memoryClients } from './element-helpers.js';

afterEach(() => {
  closeMemoryClients();
  disconnectAll();
});

function part(el: Element, name: string): HTMLElement | undefined {
  return el.shadowRoot?.querySelector<HTMLElement>(`[part~="${name}"]`) ?? undefined;
}

describe('a second connection of the same user (issue 11 item 4)', () => {
  it('the replaced <call-session> says the user is connected elsewhere and does not reconnect', async () => {
    const userId = uid('alice');
    const url = await relayUrl();
    const el = await fixture<CallSessionElement>(html`<call-session user-id=${userId} signaling-url=${url} opponents="nobody"></call-session>`);
    await waitForEvent(el, 'call-signaling-status', (d: { status: string }) => d.status === 'open');
    const failed = waitForEvent<{ error: CallError }>(el, 'call-error');
    const statuses: string[] = [];
    const newer = await connectClient(userId);
    newer.transport.onStatus((status) => statuses.push(status));
    const { error } = await failed;
    expect(error.code).to.equal('replaced');
    await el.updateComplete;
    expect(part(el, 'error')?.textContent).to.match(/connected elsewhere/);
    // No reconnect loop: the newer connection keeps the user and still receives messages.
    const sender = await connectClient(uid('bob'));
    const received = new Promise<void>((resolve) => {
      const stop = newer.transport.onMessage(() => (stop(), resolve()));
    });
    await new Promise((r) => setTimeout(r, 1000)); // longer than the first reconnect delay (≤ 250 ms)
    sender.transport.reply(userId, { version: 1, type: 'hangUp', sessionID: 'x', callerID: sender.userId, opponentsIDs: [userId] });
    await received;
    expect(statuses).to.deep.equal([]);
  });
});

describe('user text and layout (issue 11 item 6)', () => {
  it('a 1,000-character unbroken name does not change the element’s width; the full name stays readable', async () => {
    const [alice, bob] = memoryClients('alice', 'bob');
    const longName = 'W'.repeat(1000);
    const el = await fixture<CallSessionElement>(html`<div style="display: inline-block; width: 480px"><call-session .client=${bob}></call-session></div>`);
    const session = el.querySelector('call-session')!;
    const before = session.getBoundingClientRect().width;
    const incoming = waitForEvent(session, 'call-incoming');
    const call = alice!.createSession(['bob']);
    await call.start({ userInfo: { name: longName } });
    await incoming;
    await session.updateComplete;
    const title = part(session, 'incoming-title')!;
    expect(title.textContent).to.include(longName);
    expect(session.getBoundingClientRect().width).to.equal(before);
    expect(session.scrollWidth).to.be.at.most(Math.ceil(before));
    expect(title.getBoundingClientRect().width).to.be.at.most(before);

    await session.accept();
    await waitUntil(() => !!deepQuery(session, 'remote-video'), 'a tile shows');
    const tile = deepQuery(session, 'remote-video')!;
    await waitUntil(() => tile.shadowRoot?.querySelector('[part~="name"]')?.textContent === longName, 'the tile shows the name');
    const name = tile.shadowRoot!.querySelector<HTMLElement>('[part~="name"]')!;
    expect(name.title).to.equal(longName);
    expect(session.getBoundingClientRect().width).to.equal(before);
    expect(tile.getBoundingClientRect().width).to.be.at.most(before);
    expect(name.getBoundingClientRect().width).to.be.lessThan(before);
  });
});

describe('unsupported environments (issue 11 item 7)', () => {
  type Globals = { RTCPeerConnection?: unknown; isSecureContext: boolean };
  const saved = { pc: window.RTCPeerConnection, media: Object.getOwnPropertyDescriptor(Navigator.prototype, 'mediaDevices') };
  afterEach(() => {
    (window as unknown as Globals).RTCPeerConnection = saved.pc;
    delete (window as unknown as { isSecureContext?: boolean }).isSecureContext;
    if (saved.media) Object.defineProperty(Navigator.prototype, 'mediaDevices', saved.media);
  });

  async function errorOf(): Promise<{ code: string; shown: string }> {
    const [alice] = memoryClients('alice', 'bob');
    const container = document.createElement('div');
    const el = document.createElement('call-session');
    el.client = alice;
    el.opponents = ['bob'];
    const failed = waitForEvent<{ error: CallError }>(el, 'call-error');
    container.append(el);
    document.body.append(container);
    try {
      const { error } = await failed;
      await el.updateComplete;
      return { code: error.code, shown: part(el, 'error')?.textContent ?? '' };
    } finally {
      container.remove();
    }
  }

  it('no RTCPeerConnection: call-error not-supported, shown', async () => {
    delete (window as unknown as Globals).RTCPeerConnection;
    const { code, shown } = await errorOf();
    expect(code).to.equal('not-supported');
    expect(shown).to.not.equal('');
  });

  it('no getUserMedia on an insecure page: call-error insecure-context, shown', async () => {
    Object.defineProperty(Navigator.prototype, 'mediaDevices', { configurable: true, get: () => undefined });
    Object.defineProperty(window, 'isSecureContext', { configurable: true, value: false });
    const { code, shown } = await errorOf();
    expect(code).to.equal('insecure-context');
    expect(shown).to.match(/https/);
  });

  it('a session refuses to start with not-supported instead of a ReferenceError', async () => {
    const [alice] = memoryClients('alice', 'bob');
    delete (window as unknown as Globals).RTCPeerConnection;
    const session = alice!.createSession(['bob']);
    const error = await session.start().catch((e: unknown) => e as CallError);
    expect((error as CallError).code).to.equal('not-supported');
    expect(session.state).to.equal('closed');
  });
});
