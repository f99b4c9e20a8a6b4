import { css } from 'lit';
import { hostStyles, tokens } from '../tokens.styles.js';

export const devicePickerStyles = [
  tokens('device-picker', ['font', 'background', 'text', 'muted-text', 'border', 'focus-ring', 'radius']),
  hostStyles,
  css`
    [part~='base'] {
      display: grid;
      gap: 0.25rem;
      color: var(--_text);
    }
    [part~='label'] {
      font-size: 0.875rem;
      font-weight: 600;
    }
    [part~='select'] {
      font: inherit;
      min-block-size: 2.5rem;
      max-inline-size: 100%;
      padding-inline: 0.5rem;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_background);
      color: var(--_text);
    }
    [part~='select']:focus-visible {
      outline: 3px solid var(--_focus-ring);
      outline-offset: 2px;
    }
    [part~='select']:disabled {
      opacity: 0.7;
    }
    [part~='message'] {
      margin: 0;
      font-size: 0.8125rem;
      color: var(--_muted-text);
    }
  `,
];
