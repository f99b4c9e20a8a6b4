import { css } from 'lit';
import { actionButtonStyles, buttonStyles, tokens } from '../tokens.styles.js';

export const callControlsStyles = [
  tokens('call-controls', [
    'font',
    'radius',
    'spacing',
    'background',
    'surface',
    'text',
    'border',
    'focus-ring',
    'accent',
    'accent-text',
    'danger',
    'danger-text',
    'success',
    'success-text',
  ]),
  buttonStyles,
  actionButtonStyles,
  css`
    :host {
      display: block;
      font-family: var(--_font);
    }
    :host([hidden]) {
      display: none;
    }
    [part~='base'] {
      display: flex;
      flex-wrap: wrap;
      justify-content: center;
      gap: var(--_spacing);
    }
  `,
];
