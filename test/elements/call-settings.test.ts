// Settings per call (issue 12 item 2): <call-session> passes its attributes with each call;
// changing one during a call never ends it; next to an app's own client they warn. And
// remote audio is rendered apart from the tiles: a layout without tiles still plays everyone.
import { expect, fixture, html } from '@open-wc/testing';
import '../../components/elements.js';
import type { CallSessionElement } from '../../components/call-session/call-session.js';
import type { CallSession } from '../../src/call-session.js';
import { connectClient, disconnectAll, relayUrl, uid, waitForEvent, waitForState, waitUntil } from '../helpers/call-harness.js';
import { autoAccept, button, closeMemoryClients, memoryClients } from './element-helpers.js';

afterEach(() => {
  closeMemoryClients();
  disconnectAll();
});

describe('settings per call', () => {
  it('a client gives each session its own timing settings, over the client config', () => {
    const [alice] = memoryClients('alice', 'bob');
    const plain = alice!.createSession(['bob']);
    expect(plain.config.answerTimeInterval).to.equal(45);
    plain.hangUp();
    const own = alice!.createSession(['bob'], { answerTimeInterval: 12, dialingTimeInterval: 4, maxVideoBitrate: 300 });
    expect([own.config.answerTimeInterval, own.config.dialingTimeInterval, own.config.maxVideoBitrate]).to.deep.equal([12, 4, 300]);
    own.hangUp();
    const clamped = alice!.createSession(['bob'], { answerTimeInterval: 2 });
    expect(clamped.config.answerTimeInterval).to.equal(10);
    clamped.hangUp();
  });

  it('changing answer-timeout, dialing-interval or config during a live call keeps the call; the next call uses them', async () => {
    const url = await relayUrl();
    const bob = await connectClient(uid('bob'));
    autoAccept(bob);
    const el = await fixture<CallSessionElement>(
      html`<call-session user-id=${uid('alice')} signaling-url=${url} opponents=${bob.userId} answer-timeout="20"></call-session>`,
    );
    await waitForEvent(el, 'call-signaling-status', (d: { status: string }) => d.status === 'open');
    button(el, 'Call').click();
    await waitUntil(() => el.session?.state === 'connected', 'the call is connected');
    const live = el.session!;
    expect(live.config.answerTimeInterval).to.equal(20);
    el.setAttribute('answer-timeout', '30');
    el.setAttribute('dialing-interval', '7');
    el.config = { statsInterval: 1, maxVideoBitrate: 500 };
    await el.updateComplete;
    expect(el.session).to.equal(live);
    expect(live.state).to.equal('connected');
    expect(live.config.answerTimeInterval).to.equal(20);
    el.hangUp();
    await waitForState(live, 'closed');
    await waitUntil(() => bob.sessions.length === 0, 'bob’s side of the call has ended too');
    // An incoming call uses the element's settings too (the client's defaults follow them).
    const incoming = waitForEvent<{ session: CallSession }>(el, 'call-incoming');
    const back = bob.createSession([el.userId]);
    await back.start();
    const { session } = await incoming;
    expect([session.config.answerTimeInterval, session.config.dialingTimeInterval, session.config.maxVideoBitrate]).to.deep.equal([30, 7, 500]);
    session.reject();
  });

  it('attributes next to an app-provided client warn, and still shape the calls the element starts', async () => {
    const [alice] = memoryClients('alice', 'bob');
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      const el = await fixture<CallSessionElement>(html`<call-session .client=${alice} opponents="bob" answer-timeout="15"></call-session>`);
      expect(warnings.some((w) => w.includes('answerTimeInterval') && w.includes('own client'))).to.equal(true);
      button(el, 'Call').click();
      await waitUntil(() => !!el.session, 'a session');
      expect(el.session!.config.answerTimeInterval).to.equal(15);
      el.hangUp();
    } finally {
      console.warn = warn;
    }
  });
});

describe('remote audio apart from the tiles', () => {
  it('a custom layout without any <remote-video> still plays both peers’ audio', async function () {
    this.timeout(60_000);
    const [alice, bob, carol] = memoryClients('alice', 'bob', 'carol');
    autoAccept(bob!);
    autoAccept(carol!);
    const el = await fixture<CallSessionElement>(html`<call-session .client=${alice} opponents="bob,carol"><call-controls></call-controls></call-session>`);
    button(el, 'Call').click();
    const players = () => [...el.shadowRoot!.querySelectorAll('audio')];
    await waitUntil(
      () =>
        players().length === 2 &&
        players().every((a) => !a.paused && a.currentTime > 0 && (a.srcObject as MediaStream | null)?.getAudioTracks()[0]?.readyState === 'live'),
      'two remote audio players play',
      40_000,
    );
    expect(
      players()
        .map((a) => a.dataset.userId)
        .sort(),
    ).to.deep.equal(['bob', 'carol']);
    expect(players().map((a) => a.srcObject)).to.have.members([el.session!.remoteStream('bob'), el.session!.remoteStream('carol')]);
    el.hangUp();
    await waitUntil(() => players().length === 0, 'the players go with the call');
  });

  it('with tiles, each tile plays its own user (no second player)', async function () {
    this.timeout(60_000);
    const [alice, bob] = memoryClients('alice', 'bob');
    autoAccept(bob!);
    const el = await fixture<CallSessionElement>(html`<call-session .client=${alice} opponents="bob"></call-session>`);
    button(el, 'Call').click();
    await waitUntil(() => el.session?.state === 'connected' && !!el.session.remoteStream('bob')?.getAudioTracks().length, 'connected with audio');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelectorAll('audio').length).to.equal(0);
  });
});
