/**
 * `<call-preview>`: the pre-join check with your camera, a live microphone meter, device
 * pickers, "join with … off" toggles and Join; and what it says when the browser refuses.
 */
import type { Meta, StoryContext, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { ref } from 'lit/directives/ref.js';
import { styleMap } from 'lit/directives/style-map.js';
import { expect } from 'storybook/test';
import '../components/elements.js';
import type { CallPreviewElement, PreviewChoice } from '../components/call-preview/call-preview.js';
import { CallError, type CallErrorCode } from '../src/errors.js';
import { part, textOf, waitUntil } from './support/dom.js';
import { cssPropertyArgTypes, cssPropertyStyles, langDirArgTypes } from './support/manifest.js';

type Args = {
  'mic-off': boolean;
  'camera-off': boolean;
  lang?: string;
  dir?: string;
  [cssProperty: `--${string}`]: string | undefined;
};

function preview(args: Args, failWith?: CallErrorCode) {
  // A refusal cannot be staged in a page that has permission: the state is shown as the core reports it.
  const fail = (el: Element | undefined) => {
    if (!failWith || !el) return;
    const p = el as CallPreviewElement;
    queueMicrotask(() => {
      p.stop();
      p.error = new CallError(failWith, 'from the core');
    });
  };
  return html`<call-preview
    ?mic-off=${args['mic-off']}
    ?camera-off=${args['camera-off']}
    lang=${ifDefined(args.lang || undefined)}
    dir=${ifDefined(args.dir || undefined)}
    style=${styleMap(cssPropertyStyles(args))}
    ${ref(fail)}
  ></call-preview>`;
}

function on(context: StoryContext<Args>): CallPreviewElement {
  const el = context.canvasElement.querySelector('call-preview');
  if (!el) throw new Error('no <call-preview> on the canvas');
  return el;
}

const meta = {
  title: 'Elements/call-preview',
  component: 'call-preview',
  args: { 'mic-off': false, 'camera-off': false },
  argTypes: { 'mic-off': { control: 'boolean' }, 'camera-off': { control: 'boolean' }, ...langDirArgTypes, ...cssPropertyArgTypes('call-preview') },
  render: (args) => preview(args),
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

/** Camera and microphone on: the self-view plays, the meter follows the (fake) microphone; Join hands over the choices. */
export const Ready: Story = {
  play: async (context) => {
    const el = on(context);
    await waitUntil(() => ((part(el, 'video') as HTMLVideoElement | undefined)?.videoWidth ?? 0) > 0, 'the self-view plays');
    await waitUntil(() => Number(part(el, 'meter')!.getAttribute('aria-valuenow')) > 5, 'the meter moves with the microphone', 10_000);
    await expect(el.shadowRoot!.querySelectorAll('device-picker')).toHaveLength(3);
    const joined = new Promise<PreviewChoice>((resolve) => el.addEventListener('preview-join', (e) => resolve(e.detail), { once: true }));
    const stream = el.stream!;
    part(el, 'join')!.click();
    await expect(await joined).toMatchObject({ audio: true, video: true });
    await expect(stream.getTracks().every((t) => t.readyState === 'ended')).toBe(true);
  },
};

/** "Join with camera off" and "Join with microphone off" pressed. */
export const CameraAndMicOff: Story = {
  args: { 'mic-off': true, 'camera-off': true },
  play: async (context) => {
    const el = on(context);
    await waitUntil(() => !!el.stream, 'the preview runs');
    await waitUntil(() => textOf(part(el, 'placeholder')) === 'Camera is off', 'the camera-off placeholder');
    const toggles = [...el.shadowRoot!.querySelectorAll('[part~="toggle"]')];
    await expect(toggles.map((t) => t.getAttribute('aria-pressed'))).toEqual(['true', 'true']);
    await expect(part(el, 'meter')!.getAttribute('aria-valuenow')).toBe('0');
    await expect(el.choice).toMatchObject({ audio: false, video: false });
  },
};

/** The browser refused: what happened, what to do in this browser, Try again. */
export const PermissionDenied: Story = {
  render: (args) => preview(args, 'permission-denied'),
  play: async (context) => {
    const el = on(context);
    await waitUntil(() => !!part(el, 'error'), 'the error shows');
    await expect(part(el, 'error')!.getAttribute('role')).toBe('alert');
    await expect(textOf(part(el, 'error'))).toContain('The browser blocked the camera and microphone for this site.');
    await expect(textOf(part(el, 'retry'))).toBe('Try again');
  },
};

/** No camera or microphone plugged in. */
export const NoDevice: Story = {
  render: (args) => preview(args, 'no-device'),
  play: async (context) => {
    const el = on(context);
    await waitUntil(() => !!part(el, 'error'), 'the error shows');
    await expect(textOf(part(el, 'error'))).toContain('No camera or microphone was found.');
  },
};

/** The dark theme, right to left (the Arabic locale; these labels are English until their translations land). */
export const DarkRtl: Story = {
  name: 'Dark, RTL',
  globals: { theme: 'dark', locale: 'ar' },
  play: async (context) => {
    const el = on(context);
    await waitUntil(() => !!el.stream, 'the preview runs');
    await expect(getComputedStyle(part(el, 'base')!).direction).toBe('rtl');
    await expect(getComputedStyle(part(el, 'base')!).backgroundColor).toBe('rgb(13, 17, 23)');
  },
};
