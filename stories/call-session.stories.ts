/**
 * `<call-session>` in every state it shows. Each state is reached by driving the real core
 * (support/scenes.ts: real CallClients over an in-page network, real peer connections, the
 * real camera); each `play` checks what a person sees in it.
 */
import type { Meta, StoryContext, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { styleMap } from 'lit/directives/style-map.js';
import { expect } from 'storybook/test';
import '../components/elements.js';
import type { CallSessionElement } from '../components/call-session/call-session.js';
import { labOf, reached, userInfoOf, withLab, type CallLab } from './support/call-lab.js';
import { expectButtons, expectPressed, expectRemoteVideos } from './support/checks.js';
import { buttonLabels, deepQuery, part, remoteTiles, textOf, videoOf, waitUntil } from './support/dom.js';
import { labelsOf, literal } from './support/labels.js';
import { cssPropertyArgTypes, cssPropertyStyles, globalTokenArgTypes } from './support/manifest.js';
import * as scenes from './support/scenes.js';

type Args = {
  /** Which person of the story this element is (it picks the `client`). */
  user: string;
  'user-id'?: string;
  'signaling-url'?: string;
  opponents: string;
  video: boolean;
  audio: boolean;
  'answer-timeout'?: number;
  'dialing-interval'?: number;
  'auto-answer': boolean;
  theme?: 'light' | 'dark';
  [cssProperty: `--${string}`]: string | undefined;
};

type Drive = (host: CallSessionElement, lab: CallLab) => Promise<unknown>;

function render(drive: Drive) {
  return (args: Args, context: StoryContext<Args>) => {
    const lab = labOf(context);
    return html`<call-session
      ${lab.stage<CallSessionElement>((el) => drive(el, lab))}
      .client=${lab.client(args.user)}
      .userInfo=${userInfoOf(args.user)}
      opponents=${args.opponents}
      video=${String(args.video)}
      audio=${String(args.audio)}
      answer-timeout=${ifDefined(args['answer-timeout'])}
      dialing-interval=${ifDefined(args['dialing-interval'])}
      ?auto-answer=${args['auto-answer']}
      theme=${ifDefined(args.theme)}
      style=${styleMap(cssPropertyStyles(args))}
    ></call-session>`;
  };
}

/** The state line of `userId`'s tile ("Reconnecting…", ...), or of their card before the call is up ("Ringing…"); empty when connected. */
function tileState(el: CallSessionElement, userId: string): string {
  const tile = remoteTiles(el).find((t) => t.getAttribute('user-id') === userId);
  if (tile) return textOf(part(tile, 'state'));
  const card = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="waiting-peer"]')].find((c) => c.dataset.userId === userId);
  return textOf(card?.querySelector<HTMLElement>('[part~="state"]') ?? undefined);
}

const meta = {
  title: 'Elements/call-session',
  component: 'call-session',
  ...withLab,
  args: { user: 'alice', opponents: 'bob', video: true, audio: true, 'auto-answer': false },
  argTypes: {
    user: { control: 'inline-radio', options: ['alice', 'bob'], table: { category: 'story' } },
    // The stories give the element its client (the lab's); these two only matter without one.
    'user-id': { control: false },
    'signaling-url': { control: false },
    opponents: { control: 'text' },
    video: { control: 'boolean' },
    audio: { control: 'boolean' },
    'answer-timeout': { control: { type: 'number', min: 10 } },
    'dialing-interval': { control: { type: 'number', min: 3 } },
    'auto-answer': { control: 'boolean' },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    ...cssPropertyArgTypes('call-session'),
    ...globalTokenArgTypes(),
  },
  render: render(scenes.idle),
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

/** Nobody called yet: the pre-join check (self-view, toggles) and its Call button. Press it: Bob picks up. */
export const Idle: Story = {
  play: async (context) => {
    const el = await reached(context, 'call-session');
    // Idle is the pre-join check: its mic/camera toggles and the Call button (no call yet).
    const t = labelsOf(context);
    await expectButtons(el, [t.joinMicOff, t.joinCameraOff, t.call]);
    await expect(el.session).toBeUndefined();
    // Lit's decorators compiled as legacy decorators with [[Set]] fields: the attribute went
    // through the property's converter, and no own field shadows the reactive accessor.
    await expect(el.opponents).toEqual(['bob']);
    await expect(Object.hasOwn(el, 'opponents') || Object.hasOwn(el, 'theme')).toBe(false);
  },
};

/** Ringing Bob: "Calling …" with the time it has been ringing and a card for Bob; the videos come once he answers. */
export const Dialing: Story = {
  render: render(scenes.dialing),
  play: async (context) => {
    const el = await reached(context, 'call-session');
    const t = labelsOf(context);
    await expect(textOf(part(el, 'ringing'))).toMatch(new RegExp(`^${literal(t.calling('bob'))} 0:0\\d$`));
    const timer = part(el, 'timer')!;
    await expect(timer.getAttribute('role')).toBe('timer');
    const shown = timer.textContent;
    await waitUntil(() => timer.textContent !== shown, 'the ringing time counts up', 3000);
    await expect(timer.textContent).toMatch(/^0:0[1-9]$/);
    await expect(tileState(el, 'bob')).toBe(t.connectionState.pending);
    await expect(buttonLabels(el)).toEqual(expect.arrayContaining([t.mute, t.cameraOff, t.hangUp]));
    await expect(deepQuery(el, 'local-video')).toBeUndefined();
    await expect(deepQuery(el, 'remote-video')).toBeUndefined();
  },
};

/** Alice calls; this element (Bob) rings, naming her, with Accept focused. */
export const Incoming: Story = {
  tags: ['!autodocs'], // it focuses Accept, which would scroll the docs page to it
  args: { user: 'bob', opponents: '' },
  render: render((el, lab) => scenes.incoming(el, lab, 'alice')),
  play: async (context) => {
    const el = await reached(context, 'call-session');
    const t = labelsOf(context);
    await expect(textOf(part(el, 'incoming-title'))).toBe(t.isCalling('Alice'));
    await expectButtons(el, [t.accept, t.reject]);
    // Focus moves to Accept once the page is idle (components/when-idle.ts), not in the render.
    await waitUntil(() => el.shadowRoot!.activeElement?.textContent?.trim() === t.accept, 'Accept has the focus');
    await expect(el.session?.localStream).toBeUndefined(); // the camera stays off until Accept
  },
};

export const ConnectedOnePeer: Story = {
  name: 'Connected, 1 peer',
  render: render(scenes.connected),
  play: async (context) => {
    const el = await reached(context, 'call-session');
    const t = labelsOf(context);
    const [bob] = await expectRemoteVideos(el, 1);
    await expect(bob!.getAttribute('user-id')).toBe('bob');
    await expect(textOf(part(bob, 'name'))).toBe('Bob');
    await expect(textOf(part(el, 'status'))).toBe(t.connectedTo('Bob'));
    await expect(part(el, 'grid')!.dataset['count']).toBe('1');
    await expect(buttonLabels(el)).toEqual(expect.arrayContaining([t.mute, t.cameraOff, t.shareScreen, t.hangUp]));
  },
};

export const ConnectedTwoPeers: Story = {
  name: 'Connected, 2 peers',
  tags: ['!autodocs'],
  args: { opponents: 'bob,carol' },
  render: render(scenes.connected),
  play: async (context) => {
    const el = await reached(context, 'call-session');
    const tiles = await expectRemoteVideos(el, 2);
    await expect(tiles.map((t) => textOf(part(t, 'name')))).toEqual(['Bob', 'Carol']);
    await expect(part(el, 'grid')!.dataset['count']).toBe('2');
  },
};

export const ConnectedThreePeers: Story = {
  name: 'Connected, 3 peers',
  tags: ['!autodocs'],
  args: { opponents: 'bob,carol,dave' },
  render: render(scenes.connected),
  play: async (context) => {
    const el = await reached(context, 'call-session');
    const tiles = await expectRemoteVideos(el, 3);
    await expect(tiles.map((t) => textOf(part(t, 'name')))).toEqual(['Bob', 'Carol', 'Dave']);
    await expect(part(el, 'grid')!.dataset['count']).toBe('3');
    // A full mesh: Bob, Carol and Dave are connected to each other too.
    const dave = labOf(context).sessionOf('dave');
    await waitUntil(() => ['alice', 'bob', 'carol'].every((id) => dave.connectionState(id) === 'connected'), 'Dave is connected to everyone');
  },
};

/** In a call with the microphone off. */
export const Muted: Story = {
  tags: ['!autodocs'],
  render: render(scenes.muted),
  play: async (context) => {
    const el = await reached(context, 'call-session');
    await expectRemoteVideos(el, 1);
    await expectPressed(el, labelsOf(context).mute, true);
    await expect(el.session!.localStream!.getAudioTracks()[0]!.enabled).toBe(false);
  },
};

/** In a call with the camera off: the preview shows a placeholder. */
export const CameraOff: Story = {
  tags: ['!autodocs'],
  render: render(scenes.cameraOff),
  play: async (context) => {
    const el = await reached(context, 'call-session');
    await expectRemoteVideos(el, 1);
    const t = labelsOf(context);
    await expectPressed(el, t.cameraOff, true);
    const preview = deepQuery(el, 'local-video')!;
    await waitUntil(() => textOf(part(preview, 'placeholder')) === t.cameraIsOff, 'the preview says the camera is off');
    await expect(videoOf(preview)!.hidden).toBe(true);
  },
};

/** In a call, sharing the screen: the preview shows it unmirrored. */
export const ScreenSharing: Story = {
  tags: ['!autodocs'],
  render: render(scenes.screenSharing),
  play: async (context) => {
    const el = await reached(context, 'call-session');
    await expectRemoteVideos(el, 1);
    await expectPressed(el, labelsOf(context).shareScreen, true);
    const video = videoOf(deepQuery(el, 'local-video'))!;
    await waitUntil(() => video.videoWidth > 0, 'the preview shows the screen');
    await expect(video.classList.contains('mirrored')).toBe(false);
    await expect(el.session!.screenSharing).toBe(true);
  },
};

/** Bob's machine dropped off mid-call: his tile says so while the call tries to get him back. */
export const Reconnecting: Story = {
  tags: ['!autodocs'],
  render: render(scenes.reconnecting),
  play: async (context) => {
    const el = await reached(context, 'call-session');
    await waitUntil(() => tileState(el, 'bob') === labelsOf(context).connectionState.disconnected, 'Bob’s tile says Reconnecting…');
    await expect(el.session!.connectionState('bob')).toBe('disconnected');
    await expect(el.session!.state).toBe('connected');
  },
};

/** Bob's connection could never come up (relay-only, no TURN server); Carol's did. */
export const Failed: Story = {
  tags: ['!autodocs'],
  args: { opponents: 'bob,carol' },
  render: render(scenes.failed),
  play: async (context) => {
    const el = await reached(context, 'call-session');
    await waitUntil(() => tileState(el, 'bob') === labelsOf(context).connectionState.failed, 'Bob’s tile says Connection failed');
    const [carol] = await expectRemoteVideos(el, 1);
    await expect(carol!.getAttribute('user-id')).toBe('carol');
  },
};

/** The signaling relay cannot be reached (nothing listens on the port): the reason, as an alert. */
export const RelayUnreachable: Story = {
  render: (args, context) => {
    const lab = labOf(context);
    return html`<call-session
      ${lab.stage<CallSessionElement>((el) => waitUntil(() => textOf(part(el, 'error')) !== '', 'an error shows'))}
      user-id=${args.user}
      signaling-url="ws://127.0.0.1:9/signal"
      opponents=${args.opponents}
      theme=${ifDefined(args.theme)}
      style=${styleMap(cssPropertyStyles(args))}
    ></call-session>`;
  },
  play: async (context) => {
    const el = await reached(context, 'call-session');
    const alert = part(el, 'error')!;
    await expect(alert.getAttribute('role')).toBe('alert');
    await expect(textOf(alert)).toBe(labelsOf(context).errors['signaling-unavailable']);
  },
};

/** The dark theme from the toolbar (or `theme="dark"`). */
export const Dark: Story = {
  globals: { theme: 'dark' },
  play: async (context) => {
    const el = await reached(context, 'call-session');
    await expect(getComputedStyle(part(el, 'base')!).backgroundColor).toBe('rgb(13, 17, 23)');
  },
};

/** Arabic from the toolbar: right to left, every label in Arabic (here while ringing Bob). */
export const Arabic: Story = {
  name: 'Arabic (RTL)',
  globals: { locale: 'ar' },
  render: render(scenes.dialing),
  play: async (context) => {
    const el = await reached(context, 'call-session');
    await expect(context.canvasElement.querySelector('.meshcall-story')!.getAttribute('dir')).toBe('rtl');
    await expect(part(el, 'base')!.getAttribute('dir')).toBe('rtl');
    await expect(getComputedStyle(part(el, 'base')!).direction).toBe('rtl');
    await expect(textOf(part(el, 'ringing'))).toMatch(/^جارٍ الاتصال بـ bob… 0:0\d$/);
    await expect(tileState(el, 'bob')).toBe('يرن…');
    await expect(buttonLabels(el)).toEqual(expect.arrayContaining(['كتم الميكروفون', 'إيقاف الكاميرا', 'إنهاء المكالمة']));
  },
};
