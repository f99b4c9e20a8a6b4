import { css } from 'lit';
import { hostStyles, srOnly, tokens } from '../tokens.styles.js';

export const callTimerStyles = [
  tokens('call-timer', ['font', 'text']),
  hostStyles,
  srOnly,
  css`
    :host {
      display: inline-block;
    }
    [part~='base'] {
      color: var(--_text);
      font-variant-numeric: tabular-nums;
    }
    [part~='time'] {
      /* Digits read left to right in every language. */
      direction: ltr;
      unicode-bidi: isolate;
    }
  `,
];
