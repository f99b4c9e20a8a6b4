import { css } from 'lit';
import { actionButtonStyles, buttonStyles, srOnly, tokens, hostStyles } from '../tokens.styles.js';

export const callSessionStyles = [
  tokens('call-session', [
    'font',
    'radius',
    'spacing',
    'background',
    'surface',
    'text',
    'muted-text',
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
  srOnly,
  hostStyles,
  css`
    :host([theme='dark']) {
      --meshcall-color-scheme: dark;
    }
    :host([theme='light']) {
      --meshcall-color-scheme: light;
    }
    [part~='base'] {
      display: grid;
      gap: var(--_spacing);
      padding: var(--_spacing);
      border-radius: var(--_radius);
      background: var(--_background);
      color: var(--_text);
    }
    /* With children the layout is theirs: no box of ours around it. */
    [part~='base'].custom {
      display: block;
      padding: 0;
      background: none;
      color: inherit;
    }
    [part~='status'],
    [part~='error'],
    [part~='ringing'] {
      margin: 0;
    }
    [part~='status']:empty,
    [part~='error']:empty {
      display: none;
    }
    [part~='error'] {
      color: var(--_danger);
      font-weight: 600;
    }
    [part~='ringing'] {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_spacing);
      color: var(--_muted-text);
    }
    [part~='incoming'] {
      display: grid;
      justify-items: center;
      gap: var(--_spacing);
      padding: calc(var(--_spacing) * 2);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
    }
    [part~='incoming-title'] {
      margin: 0;
      font-size: 1.25rem;
    }
    [part~='incoming-actions'] {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_spacing);
    }
    [part~='stage'] {
      position: relative;
    }
    [part~='grid'] {
      --_columns: 1;
      display: grid;
      grid-template-columns: repeat(var(--_columns), minmax(0, 1fr));
      gap: var(--_spacing);
    }
    [part~='grid'][data-count='2'],
    [part~='grid'][data-count='3'] {
      --_columns: 2;
    }
    [part~='grid'][data-count='3'] > :first-child {
      grid-column: span 2;
    }
    [part~='local-video'] {
      position: absolute;
      inset-inline-end: var(--_spacing);
      inset-block-end: var(--_spacing);
      width: min(30%, 12rem);
      box-shadow: 0 2px 8px rgb(0 0 0 / 0.4);
      border-radius: var(--_radius);
    }
  `,
];
