import { css } from 'lit';
import { actionButtonStyles, buttonStyles, iconButtonStyles, tokens, hostStyles } from '../tokens.styles.js';

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
  iconButtonStyles,
  actionButtonStyles,
  hostStyles,
  css`
    [part~='base'] {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: center;
      gap: var(--_spacing);
    }
    [part~='hang-up'] {
      min-width: 4rem;
    }
  `,
];
