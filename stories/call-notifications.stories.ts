/**
 * `<call-notifications>` inside a real call: "Bob joined" when the call connects, "Bob
 * left" when he hangs up, "Reconnecting to Bob…" when his connection drops, "Poor network
 * with Bob" when his media stops arriving; polite, dismissible. ("Reconnected to Bob" needs
 * a connection that drops and comes back, which a call inside one page cannot stage.)
 */
import type { Meta, StoryContext, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { styleMap } from 'lit/directives/style-map.js';
import { expect } from 'storybook/test';
import '../components/elements.js';
import type { CallNotificationsElement } from '../components/call-notifications/call-notifications.js';
import { labOf, withLab } from './support/call-lab.js';
import { part, waitUntil } from './support/dom.js';
import { host, type HostOptions } from './support/host.js';
import { cssPropertyArgTypes, cssPropertyStyles, langDirArgTypes } from './support/manifest.js';
import * as scenes from './support/scenes.js';

type Args = { duration: number; lang?: string; dir?: string; [cssProperty: `--${string}`]: string | undefined };

function render(drive: HostOptions['drive'], config?: HostOptions['config']) {
  return (args: Args, context: StoryContext<Args>) =>
    host(
      labOf(context),
      { user: 'alice', opponents: ['bob'], drive, ...(config ? { config } : {}) },
      html`<call-notifications
        duration=${args.duration}
        lang=${ifDefined(args.lang || undefined)}
        dir=${ifDefined(args.dir || undefined)}
        style=${styleMap({ maxWidth: '24rem', ...cssPropertyStyles(args) })}
      ></call-notifications>`,
    );
}

async function reached(context: StoryContext<Args>): Promise<CallNotificationsElement> {
  const el = context.canvasElement.querySelector('call-notifications');
  if (!el) throw new Error('no <call-notifications> on the canvas');
  return el;
}

const messages = (el: CallNotificationsElement) => [...el.shadowRoot!.querySelectorAll('[part~="message"]')].map((m) => m.textContent);

const meta = {
  title: 'Elements/call-notifications',
  component: 'call-notifications',
  ...withLab,
  // Stays until dismissed, so the gallery keeps showing it.
  args: { duration: 0 },
  argTypes: { duration: { control: { type: 'number', min: 0, step: 1 } }, ...langDirArgTypes, ...cssPropertyArgTypes('call-notifications') },
  render: render(scenes.connected),
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

/** The call connected: "Bob joined", with a Dismiss button. */
export const Joined: Story = {
  play: async (context) => {
    const el = await reached(context);
    await labOf(context).ready;
    await waitUntil(() => messages(el).includes('Bob joined'), '"Bob joined"');
    await expect(part(el, 'base')!.getAttribute('aria-live')).toBe('polite');
    const dismiss = part(el, 'dismiss')!;
    await expect(dismiss.getAttribute('aria-label')).toBe('Dismiss');
    dismiss.click();
    await waitUntil(() => messages(el).length === 0, 'dismissed');
  },
};

/** Bob's connection dropped: "Reconnecting to Bob…" stays until it resolves. */
export const Reconnecting: Story = {
  render: render(scenes.reconnecting),
  play: async (context) => {
    const el = await reached(context);
    await labOf(context).ready;
    await waitUntil(() => messages(el).includes('Reconnecting to Bob…'), '"Reconnecting to Bob…"');
    await expect(el.shadowRoot!.querySelector('[part~="notification-reconnecting"]')).not.toBeNull();
  },
};

/** Bob hung up: "Bob left". */
export const Left: Story = {
  render: render(scenes.left),
  play: async (context) => {
    const el = await reached(context);
    await labOf(context).ready;
    await waitUntil(() => messages(el).includes('Bob left'), '"Bob left"');
    await expect(el.shadowRoot!.querySelector('[part~="notification-left"]')).not.toBeNull();
  },
};

/** Nothing arrives from Bob any more while the connection stays up (his senders stopped): "Poor network with Bob". */
export const PoorNetwork: Story = {
  render: render(scenes.stalled, { statsInterval: 1 }),
  play: async (context) => {
    const el = await reached(context);
    await labOf(context).ready;
    await waitUntil(() => messages(el).includes('Poor network with Bob'), '"Poor network with Bob"', 15_000);
    await expect(el.shadowRoot!.querySelector('[part~="notification-poor-network"]')).not.toBeNull();
  },
};
