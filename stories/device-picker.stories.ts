/**
 * `<device-picker kind>`: alone it lists cameras, microphones or speakers; in a live call
 * (inside `<call-session>`) picking a camera moves the call to it.
 */
import type { Meta, StoryContext, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { styleMap } from 'lit/directives/style-map.js';
import { expect } from 'storybook/test';
import '../components/elements.js';
import type { DevicePickerElement, DeviceKind } from '../components/device-picker/device-picker.js';
import { labOf, withLab } from './support/call-lab.js';
import { part, waitUntil } from './support/dom.js';
import { host } from './support/host.js';
import { cssPropertyArgTypes, cssPropertyStyles, langDirArgTypes } from './support/manifest.js';
import * as scenes from './support/scenes.js';

type Args = { kind: DeviceKind; lang?: string; dir?: string; [cssProperty: `--${string}`]: string | undefined };

function picker(args: Args) {
  return html`<device-picker
    kind=${args.kind}
    lang=${ifDefined(args.lang || undefined)}
    dir=${ifDefined(args.dir || undefined)}
    style=${styleMap({ maxWidth: '20rem', ...cssPropertyStyles(args) })}
  ></device-picker>`;
}

function on(context: StoryContext<Args>): DevicePickerElement {
  const el = context.canvasElement.querySelector('device-picker');
  if (!el) throw new Error('no <device-picker> on the canvas');
  return el;
}

const select = (el: DevicePickerElement) => part(el, 'select') as HTMLSelectElement;

async function devicesOf(kind: DeviceKind): Promise<MediaDeviceInfo[]> {
  // Names need permission once; the story page has it after any getUserMedia.
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
  for (const t of stream.getTracks()) t.stop();
  return (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === kind);
}

async function listsAll(context: StoryContext<Args>): Promise<void> {
  const el = on(context);
  const devices = await devicesOf(context.args.kind);
  await el.refresh();
  await waitUntil(() => select(el).options.length === devices.length, `all ${devices.length} devices listed`);
  await expect([...select(el).options].map((o) => o.textContent!.trim())).toEqual(devices.map((d) => d.label));
}

const meta = {
  title: 'Elements/device-picker',
  component: 'device-picker',
  args: { kind: 'videoinput' },
  argTypes: {
    kind: { control: 'inline-radio', options: ['videoinput', 'audioinput', 'audiooutput'] },
    ...langDirArgTypes,
    ...cssPropertyArgTypes('device-picker'),
  },
  render: picker,
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

/** Alone: the cameras (Chromium's three fake ones here). */
export const Cameras: Story = { play: listsAll };

export const Microphones: Story = { args: { kind: 'audioinput' }, play: listsAll };

export const Speakers: Story = { args: { kind: 'audiooutput' }, play: listsAll };

/** In a call: picking fake_device_2 moves the call (and what Bob receives) to that camera. */
export const MidCall: Story = {
  ...withLab,
  render: (args, context) => host(labOf(context), { user: 'alice', opponents: ['bob'], drive: scenes.connected }, picker(args)),
  play: async (context) => {
    await labOf(context).ready;
    const el = on(context);
    const other = (await devicesOf('videoinput')).find((d) => d.label === 'fake_device_2')!;
    await waitUntil(() => select(el).options.length > 1, 'cameras listed');
    const changed = new Promise((resolve) => el.addEventListener('device-change', resolve, { once: true }));
    select(el).value = other.deviceId;
    select(el).dispatchEvent(new Event('change'));
    await changed;
    const session = labOf(context).sessionOf('bob');
    const sent = el
      .session!.peerConnection('bob')!
      .getSenders()
      .find((s) => s.track?.kind === 'video')!;
    await expect(sent.track!.getSettings().deviceId).toBe(other.deviceId);
    await expect(session.state).toBe('connected');
  },
};
