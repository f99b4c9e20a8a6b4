import { css } from 'lit';
import { tokens, hostStyles, tileBadgeStyles, videoFrameStyles } from '../tokens.styles.js';

export const localVideoStyles = [
  tokens('local-video', ['font', 'radius', 'video-background', 'video-fit', 'overlay-background', 'overlay-text']),
  hostStyles,
  videoFrameStyles,
  tileBadgeStyles,
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
      flex-wrap: wrap;
      justify-content: flex-end;
    }
    [part~='badge'] {
      font-size: 0.875rem;
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
