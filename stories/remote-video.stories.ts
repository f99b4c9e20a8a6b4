/**
 * `<remote-video user-id="bob">` inside a real call (a `<call-session>` whose layout is just
 * this tile), in each state of Bob's side: ringing, connected, muted, camera off, sharing
 * the screen, reconnecting, failed.
 */
import type { Meta, StoryContext, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { styleMap } from 'lit/directives/style-map.js';
import { expect } from 'storybook/test';
import '../components/elements.js';
import type { RemoteVideoElement } from '../components/remote-video/remote-video.js';
import { labOf, reached, withLab } from './support/call-lab.js';
import { expectRemoteVideos } from './support/checks.js';
import { deepQueryAll, part, showsVideo, textOf, videoOf, waitUntil } from './support/dom.js';
import { host, type HostOptions } from './support/host.js';
import { cssPropertyArgTypes, cssPropertyStyles, langDirArgTypes } from './support/manifest.js';
import { labelsOf } from './support/labels.js';
import * as scenes from './support/scenes.js';

type Args = {
  'user-id': string;
  name?: string;
  'sink-id'?: string;
  lang?: string;
  dir?: string;
  [cssProperty: `--${string}`]: string | undefined;
};

function render(drive: HostOptions['drive']) {
  return (args: Args, context: StoryContext<Args>) =>
    host(
      labOf(context),
      { user: 'alice', opponents: ['bob'], drive },
      html`<remote-video
        user-id=${args['user-id']}
        name=${ifDefined(args.name || undefined)}
        sink-id=${ifDefined(args['sink-id'] || undefined)}
        lang=${ifDefined(args.lang || undefined)}
        dir=${ifDefined(args.dir || undefined)}
        style=${styleMap({ width: '24rem', ...cssPropertyStyles(args) })}
      ></remote-video>`,
    );
}

/** The badges on the tile, in order. */
function badges(el: RemoteVideoElement): string[] {
  return deepQueryAll(el, '[part~="badge"]').map((b) => textOf(b));
}

const meta = {
  title: 'Elements/remote-video',
  component: 'remote-video',
  ...withLab,
  args: { 'user-id': 'bob' },
  argTypes: {
    'user-id': { control: 'text' },
    name: { control: 'text' },
    'sink-id': { control: 'text' },
    ...langDirArgTypes,
    ...cssPropertyArgTypes('remote-video'),
  },
  render: render(scenes.connected),
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

/** Alice calls Bob; his phone rings. */
export const Ringing: Story = {
  render: render(scenes.dialing),
  play: async (context) => {
    const el = await reached(context, 'remote-video');
    await expect(textOf(part(el, 'state'))).toBe(labelsOf(context).connectionState.pending);
    await expect(textOf(part(el, 'placeholder'))).toBe('bob');
  },
};

/** Bob's video and sound, with his name. */
export const Connected: Story = {
  play: async (context) => {
    const el = await reached(context, 'remote-video');
    await expectRemoteVideos(context.canvasElement, 1);
    await expect(textOf(part(el, 'name'))).toBe('Bob');
    await expect(part(el, 'state')).toBeUndefined();
    await expect(badges(el)).toEqual([]);
  },
};

/** Bob muted his microphone. */
export const Muted: Story = {
  render: render((el, lab) => scenes.remoteMedia(el, lab, 'bob', 'mute')),
  play: async (context) => {
    const el = await reached(context, 'remote-video');
    const { muted } = labelsOf(context);
    await waitUntil(() => badges(el).includes(muted), 'the Muted badge shows');
    await expect(badges(el)).toEqual([muted]);
    await waitUntil(() => showsVideo(videoOf(el)), 'Bob’s video still plays');
  },
};

/** Bob turned his camera off: his name instead of black video. */
export const CameraOff: Story = {
  render: render((el, lab) => scenes.remoteMedia(el, lab, 'bob', 'camera-off')),
  play: async (context) => {
    const el = await reached(context, 'remote-video');
    await waitUntil(() => badges(el).includes(labelsOf(context).videoOff), 'the Camera off badge shows');
    await expect(textOf(part(el, 'placeholder'))).toBe('Bob');
    await expect(videoOf(el)!.hidden).toBe(true);
  },
};

/** Bob shares his screen. */
export const ScreenSharing: Story = {
  tags: ['!autodocs'],
  render: render((el, lab) => scenes.remoteMedia(el, lab, 'bob', 'screen')),
  play: async (context) => {
    const el = await reached(context, 'remote-video');
    await waitUntil(() => badges(el).includes(labelsOf(context).sharingScreen), 'the Sharing screen badge shows');
    await waitUntil(() => showsVideo(videoOf(el)), 'the screen plays');
  },
};

/** Bob's machine dropped off: the call tries to get him back. */
export const Reconnecting: Story = {
  tags: ['!autodocs'],
  render: render(scenes.reconnecting),
  play: async (context) => {
    const el = await reached(context, 'remote-video');
    await waitUntil(() => textOf(part(el, 'state')) === labelsOf(context).connectionState.disconnected, 'the tile says Reconnecting…');
  },
};

/** Bob's connection could never come up (relay-only, no TURN server). */
export const Failed: Story = {
  tags: ['!autodocs'],
  render: render(scenes.failed),
  play: async (context) => {
    const el = await reached(context, 'remote-video');
    await waitUntil(() => textOf(part(el, 'state')) === labelsOf(context).connectionState.failed, 'the tile says Connection failed');
    await expect(videoOf(el)!.hidden).toBe(true);
  },
};

/** Arabic from the toolbar: the state and badges in Arabic, right to left. */
export const Arabic: Story = {
  name: 'Arabic (RTL)',
  globals: { locale: 'ar' },
  render: render((el, lab) => scenes.remoteMedia(el, lab, 'bob', 'mute')),
  play: async (context) => {
    const el = await reached(context, 'remote-video');
    await waitUntil(() => badges(el).includes('الميكروفون مكتوم'), 'the Muted badge is in Arabic');
    await expect(part(el, 'base')!.getAttribute('dir')).toBe('rtl');
  },
};
