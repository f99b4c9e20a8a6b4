/**
 * `<local-video>` inside a real call (a `<call-session>` whose layout is just this preview),
 * in each state: no call, camera on (mirrored), camera off, sharing the screen (unmirrored).
 */
import type { Meta, StoryContext, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { styleMap } from 'lit/directives/style-map.js';
import { expect } from 'storybook/test';
import '../components/elements.js';
import { labOf, reached, withLab } from './support/call-lab.js';
import { part, showsVideo, textOf, videoOf, waitUntil } from './support/dom.js';
import { host, type HostOptions } from './support/host.js';
import { cssPropertyArgTypes, cssPropertyStyles, langDirArgTypes } from './support/manifest.js';
import { labelsOf } from './support/labels.js';
import * as scenes from './support/scenes.js';

type Args = {
  lang?: string;
  dir?: string;
  [cssProperty: `--${string}`]: string | undefined;
};

function render(drive: HostOptions['drive']) {
  return (args: Args, context: StoryContext<Args>) =>
    host(
      labOf(context),
      { user: 'alice', opponents: ['bob'], drive },
      html`<local-video lang=${ifDefined(args.lang || undefined)} dir=${ifDefined(args.dir || undefined)} style=${styleMap({ width: '20rem', ...cssPropertyStyles(args) })}></local-video>`,
    );
}

const meta = {
  title: 'Elements/local-video',
  component: 'local-video',
  ...withLab,
  argTypes: { ...langDirArgTypes, ...cssPropertyArgTypes('local-video') },
  render: render(scenes.idle),
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

/** No call: nothing to preview. */
export const NoCall: Story = {
  play: async (context) => {
    const el = await reached(context, 'local-video');
    const t = labelsOf(context);
    await expect(textOf(part(el, 'placeholder'))).toBe(t.cameraIsOff);
    await expect(textOf(part(el, 'label'))).toBe(t.you);
    await expect(videoOf(el)!.hidden).toBe(true);
  },
};

/** Calling: the camera preview, mirrored like a mirror. */
export const CameraOn: Story = {
  render: render(scenes.dialing),
  play: async (context) => {
    const el = await reached(context, 'local-video');
    const video = videoOf(el)!;
    await waitUntil(() => showsVideo(video), 'the preview shows the camera');
    await expect(video.classList.contains('mirrored')).toBe(true);
    await expect(video.muted).toBe(true);
    await expect(part(el, 'placeholder')).toBeUndefined();
  },
};

/** In a call with the camera turned off. */
export const CameraOff: Story = {
  render: render(scenes.cameraOff),
  play: async (context) => {
    const el = await reached(context, 'local-video');
    await waitUntil(() => textOf(part(el, 'placeholder')) === labelsOf(context).cameraIsOff, 'the placeholder shows');
    await expect(videoOf(el)!.hidden).toBe(true);
  },
};

/** In a call, sharing the screen: shown as it is, not mirrored. */
export const ScreenSharing: Story = {
  tags: ['!autodocs'],
  render: render(scenes.screenSharing),
  play: async (context) => {
    const el = await reached(context, 'local-video');
    const video = videoOf(el)!;
    await waitUntil(() => showsVideo(video), 'the preview shows the screen');
    await expect(video.classList.contains('mirrored')).toBe(false);
  },
};

export const Arabic: Story = {
  name: 'Arabic (RTL)',
  globals: { locale: 'ar' },
  render: render(scenes.cameraOff),
  play: async (context) => {
    const el = await reached(context, 'local-video');
    await waitUntil(() => textOf(part(el, 'placeholder')) === 'الكاميرا متوقفة', 'the placeholder is in Arabic');
    await expect(textOf(part(el, 'label'))).toBe('أنت');
    await expect(part(el, 'base')!.getAttribute('dir')).toBe('rtl');
  },
};
