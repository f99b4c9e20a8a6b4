import { css } from 'lit';
import { tokens, hostStyles, videoFrameStyles } from '../tokens.styles.js';

export const localVideoStyles = [
  tokens('local-video', ['font', 'radius', 'video-background', 'video-fit', 'overlay-background', 'overlay-text']),
  hostStyles,
  videoFrameStyles,
  css`
    .mirrored {
      transform: scaleX(-1);
    }
    [part~='placeholder'] {
      position: absolute;
      inset: 0;
      display: grid;
      place-items: center;
      color: var(--_overlay-text);
    }
    [part~='badges'] {
      position: absolute;
      inset-inline-end: 0.5rem;
      inset-block-start: 0.5rem;
      display: flex;
      flex-wrap: wrap;
      justify-content: flex-end;
      gap: 0.25rem;
    }
    [part~='badge'] svg {
      width: 1em;
      height: 1em;
      margin-inline-end: 0.25em;
      vertical-align: -0.125em;
    }
    [part~='badge'] {
      padding: 0 0.4rem;
      border-radius: 4px;
      font-size: 0.875rem;
      color: var(--_overlay-text);
      background: var(--_overlay-background);
    }
    [part~='label'] {
      position: absolute;
      inset-inline-start: 0.5rem;
      inset-block-end: 0.5rem;
      padding: 0 0.4rem;
      border-radius: 4px;
      color: var(--_overlay-text);
      background: var(--_overlay-background);
    }
  `,
];
