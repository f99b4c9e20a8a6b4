/**
 * `<stats-overlay>`: inside a real call it shows the session's `stats` events (here every
 * second); alone it polls any `RTCPeerConnection` it is given.
 */
import type { Meta, StoryContext, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { styleMap } from 'lit/directives/style-map.js';
import { expect } from 'storybook/test';
import '../components/elements.js';
import type { CallSessionElement } from '../components/call-session/call-session.js';
import type { StatsOverlayElement } from '../components/stats-overlay/stats-overlay.js';
import { labOf, reached, userInfoOf, withLab } from './support/call-lab.js';
import { deepQueryAll, part, textOf, waitUntil } from './support/dom.js';
import { host, type HostOptions } from './support/host.js';
import { cssPropertyArgTypes, cssPropertyStyles, langDirArgTypes } from './support/manifest.js';
import { labelsOf } from './support/labels.js';
import * as scenes from './support/scenes.js';

type Args = {
  'user-id'?: string;
  interval: number;
  lang?: string;
  dir?: string;
  [cssProperty: `--${string}`]: string | undefined;
};

function overlay(args: Args) {
  return html`<stats-overlay
    user-id=${ifDefined(args['user-id'] || undefined)}
    interval=${args.interval}
    lang=${ifDefined(args.lang || undefined)}
    dir=${ifDefined(args.dir || undefined)}
    style=${styleMap({ maxWidth: '36rem', ...cssPropertyStyles(args) })}
  ></stats-overlay>`;
}

function render(drive: HostOptions['drive']) {
  return (args: Args, context: StoryContext<Args>) =>
    host(labOf(context), { user: 'alice', opponents: ['bob'], config: { statsInterval: 1 }, drive }, overlay(args));
}

/** The value shown for `label` in the report of `name`. */
function metric(el: StatsOverlayElement, label: string): string {
  const row = deepQueryAll(el, '[part~="metrics"] > div').find((div) => textOf(div.querySelector('dt') ?? undefined) === label);
  return textOf(row?.querySelector('dd') ?? undefined);
}

async function reportShown(el: StatsOverlayElement, context: StoryContext<Args>): Promise<void> {
  const { resolution } = labelsOf(context).stats;
  await waitUntil(() => /^\d+×\d+$/.test(metric(el, resolution)), 'a report with a resolution shows');
}

const meta = {
  title: 'Elements/stats-overlay',
  component: 'stats-overlay',
  ...withLab,
  args: { interval: 1 },
  argTypes: {
    'user-id': { control: 'text' },
    interval: { control: { type: 'number', min: 0.5, step: 0.5 } },
    ...langDirArgTypes,
    ...cssPropertyArgTypes('stats-overlay'),
  },
  render: render(scenes.dialing),
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

/** Before the first report (the call is still ringing). */
export const Waiting: Story = {
  play: async (context) => {
    const el = await reached(context, 'stats-overlay');
    await expect(textOf(part(el, 'empty'))).toBe(labelsOf(context).stats.waiting);
  },
};

/** Bob's report, every second: codec, resolution, frame rate, bitrate, loss, RTT, audio level. */
export const InCall: Story = {
  render: render(scenes.connected),
  play: async (context) => {
    const el = await reached(context, 'stats-overlay');
    await reportShown(el, context);
    await expect(textOf(part(el, 'peer-name'))).toBe('Bob');
    await expect(metric(el, labelsOf(context).stats.codec)).toMatch(/^(VP8|VP9|H264|AV1) \/ opus$/i);
    await expect(textOf(part(el, 'lines'))).not.toBe('');
  },
};

/** Alone, polling an `RTCPeerConnection` it is given (here the one of a real call beside it). */
export const PeerConnection: Story = {
  render: (args, context) => {
    const lab = labOf(context);
    return html`<div style="display: grid; gap: 1rem">
      <call-session
        ${lab.stage<CallSessionElement>(async (el) => {
          const session = await scenes.connected(el, lab);
          const standalone = el.parentElement!.querySelector('stats-overlay')!;
          standalone.peerConnection = session.peerConnection('bob');
        })}
        .client=${lab.client('alice')}
        .userInfo=${userInfoOf('alice')}
        opponents="bob"
        ><remote-video user-id="bob" style="width: 16rem"></remote-video
      ></call-session>
      ${overlay({ ...args, 'user-id': args['user-id'] || 'bob' })}
    </div>`;
  },
  play: async (context) => {
    const el = await reached(context, 'stats-overlay');
    await reportShown(el, context);
    await expect(textOf(part(el, 'peer-name'))).toBe('bob');
  },
};

export const Arabic: Story = {
  name: 'Arabic (RTL)',
  globals: { locale: 'ar' },
  render: render(scenes.connected),
  play: async (context) => {
    const el = await reached(context, 'stats-overlay');
    await waitUntil(() => /^\d+×\d+$/.test(metric(el, 'الدقة')), 'a report with its labels in Arabic shows');
    await expect(part(el, 'base')!.getAttribute('aria-label')).toBe('إحصاءات المكالمة');
    await expect(part(el, 'base')!.getAttribute('dir')).toBe('rtl');
  },
};
