import { css } from 'lit';
import { hostStyles, tokens } from '../tokens.styles.js';

export const networkQualityStyles = [
  tokens('network-quality', ['font', 'success', 'text', 'danger', 'border']),
  hostStyles,
  css`
    :host {
      display: inline-block;
      --_on: var(--_success);
    }
    :host([level='2']) {
      --_on: var(--_text);
    }
    :host([level='0']),
    :host([level='1']) {
      --_on: var(--_danger);
    }
    [part~='base'] {
      display: inline-flex;
      align-items: flex-end;
      gap: 2px;
      block-size: 1em;
      inline-size: calc(4 * 0.25em + 6px);
    }
    [part~='bar'] {
      flex: 1;
      border-radius: 1px;
      background: var(--_border);
      opacity: 0.45;
    }
    [part~='bar']:nth-child(1) { block-size: 25%; }
    [part~='bar']:nth-child(2) { block-size: 50%; }
    [part~='bar']:nth-child(3) { block-size: 75%; }
    [part~='bar']:nth-child(4) { block-size: 100%; }
    [part~='bar-on'] {
      background: var(--_on);
      opacity: 1;
    }
  `,
];
