/**
 * `<call-timer>` inside a real call: nothing while the call rings, then the time since it
 * connected, every second.
 */
import type { Meta, StoryContext, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { styleMap } from 'lit/directives/style-map.js';
import { expect } from 'storybook/test';
import '../components/elements.js';
import { labOf, reached, withLab } from './support/call-lab.js';
import { part, textOf, waitUntil } from './support/dom.js';
import { host, type HostOptions } from './support/host.js';
import { cssPropertyArgTypes, cssPropertyStyles, langDirArgTypes } from './support/manifest.js';
import * as scenes from './support/scenes.js';

type Args = { lang?: string; dir?: string; [cssProperty: `--${string}`]: string | undefined };

function render(drive: HostOptions['drive']) {
  return (args: Args, context: StoryContext<Args>) =>
    host(
      labOf(context),
      { user: 'alice', opponents: ['bob'], drive },
      html`<call-timer lang=${ifDefined(args.lang || undefined)} dir=${ifDefined(args.dir || undefined)} style=${styleMap({ fontSize: '1.5rem', ...cssPropertyStyles(args) })}></call-timer>`,
    );
}

const meta = {
  title: 'Elements/call-timer',
  component: 'call-timer',
  ...withLab,
  argTypes: { ...langDirArgTypes, ...cssPropertyArgTypes('call-timer') },
  render: render(scenes.connected),
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

/** Ringing: not connected yet, so no time shows. */
export const Dialing: Story = {
  render: render(scenes.dialing),
  play: async (context) => {
    const el = await reached(context, 'call-timer');
    await expect(part(el, 'base')).toBeUndefined();
  },
};

/** Connected: counts up from 00:00, read by screen readers on request (role="timer"). */
export const Connected: Story = {
  play: async (context) => {
    const el = await reached(context, 'call-timer');
    await waitUntil(() => /^\d\d:\d\d$/.test(textOf(part(el, 'time'))), 'a duration shows');
    await expect(part(el, 'base')!.getAttribute('role')).toBe('timer');
    const first = el.elapsedSeconds;
    await waitUntil(() => el.elapsedSeconds > first, 'the timer counts', 5000);
    await expect(textOf(part(el, 'time'))).toMatch(/^00:0\d$/);
  },
};
