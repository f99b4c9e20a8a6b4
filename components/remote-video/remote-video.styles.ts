import { css } from 'lit';
import { buttonStyles, tokens, hostStyles, tileBadgeStyles, videoFrameStyles } from '../tokens.styles.js';

export const remoteVideoStyles = [
  tokens('remote-video', [
    'font',
    'radius',
    'video-background',
    'video-fit',
    'overlay-background',
    'overlay-text',
    'accent',
    'background',
    'surface',
    'text',
    'border',
    'focus-ring',
  ]),
  buttonStyles,
  hostStyles,
  videoFrameStyles,
  tileBadgeStyles,
  css`
    [part~='base'] {
      outline: 3px solid transparent;
      outline-offset: -3px;
    }
    [part~='speaking'] {
      outline-color: var(--_accent);
    }
    [part~='placeholder'] {
      position: absolute;
      inset: 0;
      display: grid;
      place-items: center;
      font-size: 1.5rem;
      color: var(--_overlay-text);
    }
    /* A long name is cut with an ellipsis; the full name stays in the title and the text. */
    [part~='name'] {
      min-width: 0;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    [part~='placeholder'] {
      overflow: hidden;
      padding: 0.5rem;
      text-align: center;
    }
    [part~='label'] {
      box-sizing: border-box;
      max-width: calc(100% - 1rem);
      position: absolute;
      inset-inline-start: 0.5rem;
      inset-block-end: 0.5rem;
      display: flex;
      gap: 0.5rem;
      padding: 0 0.4rem;
      border-radius: 4px;
      color: var(--_overlay-text);
      background: var(--_overlay-background);
    }
    [part~='play-button'] {
      position: absolute;
      inset-block-start: 50%;
      inset-inline-start: 50%;
      translate: -50% -50%;
    }
    [dir='rtl'] [part~='play-button'] {
      translate: 50% -50%;
    }
  `,
];
