import { css } from 'lit';
import { tokens } from '../tokens.styles.js';

export const statsOverlayStyles = [
  tokens('stats-overlay', ['font', 'radius', 'spacing', 'background', 'text', 'muted-text', 'border']),
  css`
    :host {
      display: block;
      font-family: var(--_font);
      font-size: 0.875rem;
    }
    :host([hidden]) {
      display: none;
    }
    [part~='base'] {
      display: grid;
      gap: var(--_spacing);
      padding: var(--_spacing);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_background);
      color: var(--_text);
    }
    [part~='empty'] {
      margin: 0;
      color: var(--_muted-text);
    }
    [part~='peer-name'] {
      font-weight: 600;
    }
    [part~='metrics'] {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr));
      gap: 0.25rem var(--_spacing);
      margin: 0.25rem 0;
    }
    dt {
      color: var(--_muted-text);
    }
    dd {
      margin: 0;
      font-variant-numeric: tabular-nums;
    }
    [part~='lines'] {
      margin: 0;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
      font-size: 0.75rem;
      direction: ltr;
      text-align: start;
    }
  `,
];
