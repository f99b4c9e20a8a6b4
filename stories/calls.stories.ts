/**
 * Whole calls: several `<call-session>` elements in one page, each a person, calling each
 * other for real (in-page signaling, real peer connections, the real camera).
 */
import type { Meta, StoryContext, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, userEvent } from 'storybook/test';
import '../components/elements.js';
import type { CallSessionElement } from '../components/call-session/call-session.js';
import { labOf, userInfoOf, withLab, type CallLab } from './support/call-lab.js';
import { expectRemoteVideos } from './support/checks.js';
import { button, part, textOf, waitUntil } from './support/dom.js';
import { labelsOf } from './support/labels.js';
import * as scenes from './support/scenes.js';

const meta = {
  title: 'Calls',
  ...withLab,
  parameters: { controls: { disable: true } },
} satisfies Meta;

export default meta;
type Story = StoryObj;

/** The `<call-session>` of `userId` in the story. */
function person(context: StoryContext, userId: string): CallSessionElement {
  const el = context.canvasElement.querySelector<CallSessionElement>(`call-session[data-person="${userId}"]`);
  if (!el) throw new Error(`no <call-session> for ${userId}`);
  return el;
}

function element(lab: CallLab, userId: string, options: { opponents?: string; autoAnswer?: boolean } = {}) {
  return html`<section aria-label=${userInfoOf(userId).name ?? userId}>
    <call-session
      data-person=${userId}
      .client=${lab.client(userId)}
      .userInfo=${userInfoOf(userId)}
      opponents=${options.opponents ?? ''}
      ?auto-answer=${options.autoAnswer ?? false}
    ></call-session>
  </section>`;
}

/** Waits for every `<call-session>` in `root` to have rendered once. */
function allRendered(root: Element): Promise<void> {
  return Promise.all([...root.querySelectorAll('call-session')].map((el) => el.updateComplete)).then(() => undefined);
}

/** Alice and Bob side by side. The story presses Call as Alice and Accept as Bob (or do it yourself). */
export const LiveCall: Story = {
  name: 'Live call between two elements',
  render: (_args, context) => {
    const lab = labOf(context);
    return html`<div ${lab.stage(allRendered)} style="display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: 1rem">
      ${element(lab, 'alice', { opponents: 'bob' })} ${element(lab, 'bob')}
    </div>`;
  },
  play: async (context) => {
    await labOf(context).ready;
    const alice = person(context, 'alice');
    const bob = person(context, 'bob');
    const t = labelsOf(context);
    await userEvent.click(button(alice, t.call));
    await waitUntil(() => !!part(bob, 'incoming'), 'Bob’s call rings');
    await expect(textOf(part(bob, 'incoming-title'))).toBe(t.isCalling('Alice'));
    await userEvent.click(button(bob, t.accept));
    await expectRemoteVideos(alice, 1);
    await expectRemoteVideos(bob, 1);
    // The status line follows the session's state in the element's next render, which on a busy
    // machine can come after the first decoded frames.
    const says = (el: CallSessionElement, text: string) => waitUntil(() => textOf(part(el, 'status')) === text, `the status says "${text}"`, 10_000);
    await says(alice, t.connectedTo('Bob'));
    await says(bob, t.connectedTo('Alice'));
  },
};

/** Alice calls Bob and Carol, who answer by themselves (`auto-answer`): a full mesh of three. */
export const GroupCall: Story = {
  name: 'Group call of three',
  tags: ['!autodocs'],
  render: (_args, context) => {
    const lab = labOf(context);
    return html`<div
      ${lab.stage(async (root: Element) => {
        await allRendered(root);
        await person(context, 'alice').call();
      })}
      style="display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: 1rem"
    >
      ${element(lab, 'alice', { opponents: 'bob,carol' })} ${element(lab, 'bob', { autoAnswer: true })} ${element(lab, 'carol', { autoAnswer: true })}
    </div>`;
  },
  play: async (context) => {
    await labOf(context).ready;
    for (const userId of ['alice', 'bob', 'carol']) await expectRemoteVideos(person(context, userId), 2);
  },
};

/** One `<call-session>` with a layout of its own: two `<remote-video>`s, the preview, the buttons, the stats. */
export const CustomLayout: Story = {
  name: 'Custom layout from the parts',
  tags: ['!autodocs'],
  render: (_args, context) => {
    const lab = labOf(context);
    return html`<call-session
      ${lab.stage<CallSessionElement>((el) => scenes.connected(el, lab))}
      data-person="alice"
      .client=${lab.client('alice', { statsInterval: 1 })}
      .userInfo=${userInfoOf('alice')}
      opponents="bob,carol"
    >
      <div style="display: grid; grid-template-columns: 2fr 1fr; gap: 0.5rem; align-items: start">
        <div style="display: grid; grid-template-columns: 1fr 1fr; gap: 0.5rem">
          <remote-video user-id="bob"></remote-video>
          <remote-video user-id="carol"></remote-video>
        </div>
        <local-video></local-video>
      </div>
      <call-controls></call-controls>
      <stats-overlay user-id="bob"></stats-overlay>
    </call-session>`;
  },
  play: async (context) => {
    await labOf(context).ready;
    const alice = person(context, 'alice');
    await expectRemoteVideos(alice, 2);
    await expect(alice.shadowRoot!.querySelector('slot')).not.toBeNull();
    await waitUntil(() => textOf(part(alice.querySelector('stats-overlay') ?? undefined, 'peer-name')) === 'Bob', 'Bob’s stats show');
    await expect(button(alice, labelsOf(context).hangUp)).toBeTruthy();
  },
};
