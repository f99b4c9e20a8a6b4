/**
 * The call stage: `<call-session>`'s default layout (issue 15) in each state a person sees,
 * reached by driving the real core (support/scenes.ts). Each `play` checks what is on the
 * screen: the pre-join preview, the one status line, where the tiles are and how big (1:1,
 * a group of three), a screen share in the spotlight, the phone in portrait, the light theme
 * and the Arabic stage.
 */
import type { Meta, StoryContext, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { styleMap } from 'lit/directives/style-map.js';
import { expect } from 'storybook/test';
import '../components/elements.js';
import type { CallSessionElement } from '../components/call-session/call-session.js';
import type { CallConfig } from '../src/config.js';
import { stringsFor } from '../components/strings.js';
import { labOf, reached, userInfoOf, withLab, type CallLab } from './support/call-lab.js';
import { expectRemoteVideos } from './support/checks.js';
import { deepQuery, part, remoteTiles, showsVideo, textOf, videoOf, waitUntil } from './support/dom.js';
import { labelsOf } from './support/labels.js';
import * as scenes from './support/scenes.js';

type Args = { user: string; opponents: string; theme?: 'light' | 'dark'; lang?: string };
type Drive = (host: CallSessionElement, lab: CallLab) => Promise<unknown>;

/**
 * The group stories' cameras: a small picture at 15 fps. In a group every person encodes for
 * and decodes from each of the others, all in the one test page on a shared machine; what
 * these stories show is where the tiles are, not how sharp the video is.
 */
const GROUP: Partial<CallConfig> = { video: { width: 320, height: 240, frameRate: 15 } };
/** The stage's box on a desktop page (it fills its container). */
const STAGE_SIZE = { width: '100%', height: '640px' };

/** A `<call-session>` with no children (the stage), in a box of `size` (it fills its container). */
function render(drive: Drive, size: { width: string; height: string } = STAGE_SIZE, config: Partial<CallConfig> = {}) {
  return (args: Args, context: StoryContext<Args>) => {
    const lab = labOf(context);
    lab.clientDefaults = config;
    return html`<div style=${styleMap({ inlineSize: size.width, blockSize: size.height, maxInlineSize: '100%' })}>
      <call-session
        ${lab.stage<CallSessionElement>((el) => drive(el, lab))}
        .client=${lab.client(args.user)}
        .userInfo=${userInfoOf(args.user)}
        opponents=${args.opponents}
        theme=${ifDefined(args.theme)}
        lang=${ifDefined(args.lang)}
        style="block-size: 100%"
      ></call-session>
    </div>`;
  };
}

const rect = (el: Element | undefined) => el?.getBoundingClientRect() ?? new DOMRect();
const area = (r: DOMRect) => r.width * r.height;
/** How much of `a` and `b` lies on top of each other (px²). */
const overlap = (a: DOMRect, b: DOMRect) =>
  Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left)) * Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));
const tiles = (el: CallSessionElement) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="tile"]')];
/** The stage's tile of `userId` (a remote person). */
const tileOf = (el: CallSessionElement, userId: string) => tiles(el).find((t) => t.dataset['userId'] === userId);
/** The badges the `<remote-video>` of `userId` shows ("Muted", "Sharing screen", ...). */
const badgesOf = (el: CallSessionElement, userId: string) =>
  [
    ...(remoteTiles(el)
      .find((t) => t.getAttribute('user-id') === userId)
      ?.shadowRoot?.querySelectorAll('[part~="badge"]') ?? []),
  ].map((b) => textOf(b));
/** The visible buttons of the controls bar (`<call-controls>` and the stage's own buttons slotted into it). */
const barButtons = (el: CallSessionElement) => {
  const controls = part(el, 'controls');
  const own = [...(controls?.shadowRoot?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
  const slotted = [...(controls?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
  return [...own, ...slotted].filter((b) => b.getClientRects().length > 0);
};

/** Relative luminance-ish of a computed `rgb(...)` colour, 0 (black) to 255 (white). */
const lightness = (color: string) => {
  const [r = 0, g = 0, b = 0] = (color.match(/[\d.]+/g) ?? []).map(Number);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};

const meta = {
  title: 'Call stage',
  component: 'call-session',
  ...withLab,
  args: { user: 'alice', opponents: 'bob' },
  argTypes: {
    user: { control: false },
    opponents: { control: 'text' },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    lang: { control: 'inline-radio', options: ['en', 'ar'] },
  },
  render: render(scenes.idle),
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

/** Before calling: the pre-join preview (self-view, meter, pickers) with a Call button. */
export const PreJoin: Story = {
  play: async (context) => {
    const el = await reached(context, 'call-session');
    const preview = deepQuery(el, 'call-preview')!;
    await expect(part(el, 'prejoin')).toBeDefined();
    await waitUntil(() => ((part(preview, 'video') as HTMLVideoElement | undefined)?.videoWidth ?? 0) > 0, 'the self-view plays');
    await expect(textOf(part(preview, 'join'))).toBe(labelsOf(context).call);
    await expect(preview.shadowRoot!.querySelectorAll('device-picker')).toHaveLength(3);
    await expect(el.session).toBeUndefined();
  },
};

/** Ringing Bob: one status line "Calling Bob…" with the ringing time; the controls are one bar. */
export const Dialing: Story = {
  render: render(scenes.dialing),
  play: async (context) => {
    const el = await reached(context, 'call-session');
    const t = labelsOf(context);
    // Bob's name is known once he answers; while it rings, his user ID.
    const status = textOf(part(el, 'status'));
    await expect([t.calling('Bob'), t.calling('bob')]).toContain(status);
    const calling = status;
    await expect(part(el, 'timer')!.getAttribute('role')).toBe('timer');
    // Said once: not again on Bob's tile.
    const said = (el.shadowRoot!.textContent ?? '').split(calling).length - 1;
    await expect(said).toBe(1);
    await expect(new Set(barButtons(el).map((b) => Math.round(b.getBoundingClientRect().top))).size).toBe(1);
  },
};

/** Alice calls this element (Bob): "Alice is calling" with Accept and Reject. */
export const Incoming: Story = {
  tags: ['!autodocs'], // it focuses Accept, which would scroll the docs page to it
  args: { user: 'bob', opponents: '' },
  render: render((el, lab) => scenes.incoming(el, lab, 'alice')),
  play: async (context) => {
    const el = await reached(context, 'call-session');
    const t = labelsOf(context);
    await expect(textOf(part(el, 'incoming-title'))).toBe(t.isCalling('Alice'));
    await expect(part(el, 'accept')).toBeDefined();
    await expect(part(el, 'reject')).toBeDefined();
    await expect(el.session?.localStream).toBeUndefined();
  },
};

/** 1:1: Bob's video fills the stage, your self-view is a small corner; the call's duration shows. */
export const OneToOne: Story = {
  render: render(scenes.connected),
  play: async (context) => {
    const el = await reached(context, 'call-session');
    await expectRemoteVideos(el, 1);
    await expect(part(el, 'stage')!.dataset['layout']).toBe('grid');
    const corner = part(el, 'self-corner')!;
    await waitUntil(() => (videoOf(corner)?.videoWidth ?? 0) > 0, 'the self-view shows the camera');
    const remote = rect(tiles(el).find((t) => t.dataset['userId'] === 'bob'));
    await expect(area(rect(corner))).toBeLessThan(area(remote) / 4);
    await expect(deepQuery(el, 'call-timer')).toBeDefined();
  },
};

/**
 * A group of three (you with Bob and Carol, who has muted): a grid of equal tiles, yours
 * one of them (not a corner over anyone); every tile plays its own video and shows its own
 * badges.
 */
export const Group: Story = {
  args: { opponents: 'bob,carol' },
  render: render((el, lab) => scenes.remoteMedia(el, lab, 'carol', 'mute'), STAGE_SIZE, GROUP),
  play: async (context) => {
    const el = await reached(context, 'call-session');
    const t = labelsOf(context);
    const remotes = await expectRemoteVideos(el, 2);
    await expect(part(el, 'stage')!.dataset['layout']).toBe('grid');
    await expect(part(el, 'self-corner')).toBeUndefined();
    const self = part(el, 'self-tile')!;
    await waitUntil(() => showsVideo(videoOf(deepQuery(self, 'local-video'))), 'your own tile shows your camera');
    // Three equal tiles, none on top of another.
    const boxes = [rect(tileOf(el, 'bob')), rect(tileOf(el, 'carol')), rect(self)];
    for (const box of boxes) await expect(Math.abs(area(box) - area(boxes[0]!)) / area(boxes[0]!)).toBeLessThan(0.05);
    for (const [i, a] of boxes.entries()) for (const b of boxes.slice(i + 1)) await expect(overlap(a, b)).toBeLessThan(2);
    // Each tile its own person: its own stream, its own name, its own badges.
    await expect(new Set(remotes.map((tile) => (videoOf(tile)!.srcObject as MediaStream).id)).size).toBe(2);
    await expect(remotes.map((tile) => textOf(part(tile, 'name')))).toEqual(['Bob', 'Carol']);
    await waitUntil(() => badgesOf(el, 'carol').includes(t.muted), 'Carol’s tile says Muted');
    await expect(badgesOf(el, 'bob')).toEqual([]);
  },
};

/**
 * Bob shares his screen in a group of three: the stage turns to spotlight by itself (nobody
 * chose it), Bob's screen is the large tile with its "Sharing screen" badge, and Carol and
 * your own tile sit small in the strip beside it.
 */
export const ScreenShareSpotlight: Story = {
  args: { opponents: 'bob,carol' },
  render: render((el, lab) => scenes.remoteMedia(el, lab, 'bob', 'screen'), STAGE_SIZE, GROUP),
  play: async (context) => {
    const el = await reached(context, 'call-session');
    const t = labelsOf(context);
    await expectRemoteVideos(el, 2);
    await waitUntil(() => part(el, 'stage')?.dataset['layout'] === 'spotlight', 'spotlight while Bob shares');
    const spotlit = part(el, 'main')!.querySelector('remote-video')!;
    await expect(spotlit.getAttribute('user-id')).toBe('bob');
    const strip = part(el, 'strip')!;
    await expect(strip.contains(tileOf(el, 'carol')!)).toBe(true);
    await expect(strip.contains(part(el, 'self-tile')!)).toBe(true);
    await expect(area(rect(tileOf(el, 'bob')))).toBeGreaterThan(4 * area(rect(tileOf(el, 'carol'))));
    await waitUntil(() => badgesOf(el, 'bob').includes(t.sharingScreen), 'Bob’s tile says Sharing screen');
    await waitUntil(() => showsVideo(videoOf(spotlit)), 'Bob’s screen plays in the spotlight');
    await expect(badgesOf(el, 'carol')).toEqual([]);
  },
};

/** A phone in portrait (390×844): Bob fills the width, the self-view is small, the controls sit below the video. */
export const PhonePortrait: Story = {
  render: render(scenes.connected, { width: '390px', height: '844px' }),
  play: async (context) => {
    const el = await reached(context, 'call-session');
    await expectRemoteVideos(el, 1);
    const stage = rect(part(el, 'stage'));
    const remote = rect(tiles(el).find((t) => t.dataset['userId'] === 'bob'));
    await expect(remote.width).toBeGreaterThan(stage.width * 0.9);
    await expect(area(rect(part(el, 'self-corner')))).toBeLessThan(area(remote) / 4);
    await expect(rect(part(el, 'controls')).top).toBeGreaterThanOrEqual(remote.bottom - 1);
  },
};

/** Light (`theme="light"`). */
export const Light: Story = {
  args: { theme: 'light' },
  render: render(scenes.connected),
  play: async (context) => {
    const el = await reached(context, 'call-session');
    await expectRemoteVideos(el, 1);
    await expect(lightness(getComputedStyle(part(el, 'base')!).backgroundColor)).toBeGreaterThan(190);
  },
};

/** Arabic: right to left, Arabic labels (the Hang up button is named in Arabic). */
export const Arabic: Story = {
  args: { lang: 'ar' },
  render: render(scenes.connected),
  play: async (context) => {
    const el = await reached(context, 'call-session');
    const ar = stringsFor('ar');
    await expectRemoteVideos(el, 1);
    await expect(getComputedStyle(part(el, 'base')!).direction).toBe('rtl');
    await waitUntil(() => barButtons(el).some((b) => b.getAttribute('title') === ar.hangUp || textOf(b) === ar.hangUp), `a button named "${ar.hangUp}"`);
  },
};
