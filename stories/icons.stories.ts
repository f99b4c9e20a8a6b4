/**
 * The kit's icons (components/icons.ts): inline SVG in `currentColor`, hidden from screen
 * readers (the button beside an icon carries the name). All together ≤ 3 KB gzip.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect } from 'storybook/test';
import { ICON_NAMES, icon } from '../components/icons.js';

const meta = {
  title: 'Foundations/icons',
  render: () => html`<ul style="display: grid; grid-template-columns: repeat(auto-fill, minmax(8rem, 1fr)); gap: 1rem; list-style: none; padding: 0; margin: 0">
    ${ICON_NAMES.map(
      (name) => html`<li data-icon=${name} style="display: grid; justify-items: center; gap: 0.25rem; font: 0.875rem system-ui">
        <span style="inline-size: 2rem; block-size: 2rem; display: block">${icon(name)}</span><code>${name}</code>
      </li>`,
    )}
  </ul>`,
} satisfies Meta;

export default meta;

/** Every icon with its name. */
export const All: StoryObj = {
  play: async ({ canvasElement }) => {
    const svgs = [...canvasElement.querySelectorAll('svg')];
    await expect(svgs).toHaveLength(ICON_NAMES.length);
    for (const svg of svgs) {
      await expect(svg.getAttribute('aria-hidden')).toBe('true');
      await expect(svg.getAttribute('stroke')).toBe('currentColor');
      await expect(svg.querySelector('path')!.getBBox().width).toBeGreaterThan(0);
    }
  },
};
