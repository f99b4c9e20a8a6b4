/**
 * `<network-quality user-id>` inside a real call: "measuring…" until stats arrive, then
 * 0–4 bars with the level as text alternative: four or three on a clean call, two when
 * Bob's video is capped to a trickle, none when his media stops arriving or he is
 * reconnecting. (One bar comes from round trips, jitter or loss that a call inside one
 * page does not have: the TURN-throttling browser tests show it.)
 */
import type { Meta, StoryContext, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { styleMap } from 'lit/directives/style-map.js';
import { expect } from 'storybook/test';
import '../components/elements.js';
import { labOf, reached, withLab } from './support/call-lab.js';
import { part, waitUntil } from './support/dom.js';
import { host, type HostOptions } from './support/host.js';
import { cssPropertyArgTypes, cssPropertyStyles, langDirArgTypes } from './support/manifest.js';
import * as scenes from './support/scenes.js';

type Args = { 'user-id': string; lang?: string; dir?: string; [cssProperty: `--${string}`]: string | undefined };

function render(drive: HostOptions['drive']) {
  return (args: Args, context: StoryContext<Args>) =>
    host(
      labOf(context),
      { user: 'alice', opponents: ['bob'], config: { statsInterval: 1 }, drive },
      html`<network-quality
        user-id=${args['user-id']}
        lang=${ifDefined(args.lang || undefined)}
        dir=${ifDefined(args.dir || undefined)}
        style=${styleMap({ fontSize: '2rem', ...cssPropertyStyles(args) })}
      ></network-quality>`,
    );
}

const meta = {
  title: 'Elements/network-quality',
  component: 'network-quality',
  ...withLab,
  args: { 'user-id': 'bob' },
  argTypes: { 'user-id': { control: 'text' }, ...langDirArgTypes, ...cssPropertyArgTypes('network-quality') },
  render: render(scenes.connected),
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

/** Ringing: nothing measured yet. */
export const Measuring: Story = {
  render: render(scenes.dialing),
  play: async (context) => {
    const el = await reached(context, 'network-quality');
    await expect(part(el, 'base')!.getAttribute('aria-label')).toBe('Network: measuring…');
    await expect(el.level).toBeUndefined();
  },
};

/** A clean call (in one page): four bars, "Network: excellent" (three, "good", while the video bitrate ramps up). */
export const Good: Story = {
  play: async (context) => {
    const el = await reached(context, 'network-quality');
    await waitUntil(() => (el.level ?? 0) >= 3, 'three or four bars', 15_000);
    const level = el.level!;
    await expect(el.shadowRoot!.querySelectorAll('[part~="bar-on"]')).toHaveLength(level);
    await expect(part(el, 'base')!.getAttribute('aria-label')).toBe(level === 4 ? 'Network: excellent' : 'Network: good');
  },
};

/** Bob sends video at 40 kbps at most (`maxVideoBitrate`, as on a weak uplink): two bars, "Network: fair". */
export const Fair: Story = {
  render: render(async (host, lab) => {
    lab.client('bob', { maxVideoBitrate: 40 });
    return scenes.connected(host, lab);
  }),
  play: async (context) => {
    const el = await reached(context, 'network-quality');
    await waitUntil(() => el.level === 2, 'two bars', 15_000);
    await expect(el.shadowRoot!.querySelectorAll('[part~="bar-on"]')).toHaveLength(2);
    await expect(part(el, 'base')!.getAttribute('aria-label')).toBe('Network: fair');
  },
};

/** Still connected, but nothing arrives from Bob any more (his senders stopped): no bars while the connection stays up. */
export const Stalled: Story = {
  render: render(scenes.stalled),
  play: async (context) => {
    const el = await reached(context, 'network-quality');
    await waitUntil(() => el.level === 0, 'no bars', 15_000);
    await expect(el.session!.connectionState('bob')).toBe('connected');
    await expect(el.shadowRoot!.querySelectorAll('[part~="bar-on"]')).toHaveLength(0);
    await expect(part(el, 'base')!.getAttribute('aria-label')).toBe('Network: no connection');
  },
};

/** Bob's machine went away: reconnecting, 0 bars, "Network: no connection". */
export const Reconnecting: Story = {
  render: render(scenes.reconnecting),
  play: async (context) => {
    const el = await reached(context, 'network-quality');
    await waitUntil(() => el.level === 0, 'no bars', 10_000);
    await expect(part(el, 'base')!.getAttribute('aria-label')).toBe('Network: no connection');
  },
};
