/**
 * `<call-controls>` inside a real call (a `<call-session>` whose layout is just these
 * buttons): the buttons each state allows, and the toggles pressed or not.
 */
import type { Meta, StoryContext, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { styleMap } from 'lit/directives/style-map.js';
import { expect } from 'storybook/test';
import '../components/elements.js';
import { labOf, reached, withLab } from './support/call-lab.js';
import { expectButtons, expectPressed } from './support/checks.js';
import { buttonLabels, part } from './support/dom.js';
import { host, type HostOptions } from './support/host.js';
import { cssPropertyArgTypes, cssPropertyStyles, langDirArgTypes } from './support/manifest.js';
import { labelsOf } from './support/labels.js';
import * as scenes from './support/scenes.js';

type Args = {
  lang?: string;
  dir?: string;
  [cssProperty: `--${string}`]: string | undefined;
};

function render(drive: HostOptions['drive'], options: { user?: string; opponents?: string[] } = {}) {
  return (args: Args, context: StoryContext<Args>) =>
    host(
      labOf(context),
      { user: options.user ?? 'alice', opponents: options.opponents ?? ['bob'], drive },
      html`<call-controls lang=${ifDefined(args.lang || undefined)} dir=${ifDefined(args.dir || undefined)} style=${styleMap(cssPropertyStyles(args))}></call-controls>`,
    );
}

const meta = {
  title: 'Elements/call-controls',
  component: 'call-controls',
  ...withLab,
  argTypes: { ...langDirArgTypes, ...cssPropertyArgTypes('call-controls') },
  render: render(scenes.idle),
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

export const Idle: Story = {
  play: async (context) => {
    const el = await reached(context, 'call-controls');
    const t = labelsOf(context);
    await expectButtons(el, [t.call]);
    await expect(part(el, 'base')!.getAttribute('role')).toBe('group');
  },
};

export const Dialing: Story = {
  render: render(scenes.dialing),
  play: async (context) => {
    const el = await reached(context, 'call-controls');
    const t = labelsOf(context);
    await expect(buttonLabels(el)).toEqual(expect.arrayContaining([t.mute, t.cameraOff, t.hangUp]));
    await expect(buttonLabels(el)).not.toContain(t.shareScreen); // only once connected
    await expectPressed(el, t.mute, false);
  },
};

export const Incoming: Story = {
  render: render((el, lab) => scenes.incoming(el, lab, 'alice'), { user: 'bob', opponents: [] }),
  play: async (context) => {
    const el = await reached(context, 'call-controls');
    const t = labelsOf(context);
    await expectButtons(el, [t.accept, t.reject]);
  },
};

export const Connected: Story = {
  render: render(scenes.connected),
  play: async (context) => {
    const el = await reached(context, 'call-controls');
    const t = labelsOf(context);
    await expect(buttonLabels(el)).toEqual(expect.arrayContaining([t.mute, t.cameraOff, t.hangUp, t.shareScreen]));
    await expect(buttonLabels(el).at(-1)).toBe(t.hangUp);
    await expectPressed(el, t.cameraOff, false);
  },
};

export const Muted: Story = {
  render: render(scenes.muted),
  play: async (context) => {
    const el = await reached(context, 'call-controls');
    const t = labelsOf(context);
    await expectPressed(el, t.mute, true);
    await expectPressed(el, t.cameraOff, false);
  },
};

export const CameraOff: Story = {
  render: render(scenes.cameraOff),
  play: async (context) => {
    const el = await reached(context, 'call-controls');
    const t = labelsOf(context);
    await expectPressed(el, t.cameraOff, true);
    await expectPressed(el, t.mute, false);
  },
};

export const ScreenSharing: Story = {
  tags: ['!autodocs'],
  render: render(scenes.screenSharing),
  play: async (context) => {
    const el = await reached(context, 'call-controls');
    const t = labelsOf(context);
    await expectPressed(el, t.shareScreen, true);
    await expect(buttonLabels(el)).not.toContain(t.switchCamera); // the camera is not what is sent
  },
};

export const Arabic: Story = {
  name: 'Arabic (RTL)',
  globals: { locale: 'ar' },
  render: render(scenes.connected),
  play: async (context) => {
    const el = await reached(context, 'call-controls');
    await expect(buttonLabels(el)).toEqual(expect.arrayContaining(['كتم الميكروفون', 'إيقاف الكاميرا', 'مشاركة الشاشة', 'إنهاء المكالمة']));
    await expect(part(el, 'base')!.getAttribute('dir')).toBe('rtl');
    await expect(part(el, 'base')!.getAttribute('aria-label')).toBe('أدوات التحكم في المكالمة');
  },
};
