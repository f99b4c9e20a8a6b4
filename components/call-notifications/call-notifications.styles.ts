import { css } from 'lit';
import { hostStyles, tokens } from '../tokens.styles.js';

export const callNotificationsStyles = [
  tokens('call-notifications', ['font', 'overlay-background', 'overlay-text', 'danger', 'focus-ring', 'radius', 'spacing']),
  hostStyles,
  css`
    [part~='base'] {
      display: flex;
      flex-direction: column;
      align-items: center;
      gap: var(--_spacing);
    }
    [part~='notification'] {
      display: flex;
      align-items: center;
      gap: var(--_spacing);
      padding-block: 0.25rem;
      padding-inline: 0.75rem 0.25rem;
      border-radius: var(--_radius);
      border-inline-start: 4px solid transparent;
      background: var(--_overlay-background);
      color: var(--_overlay-text);
      
    }
    [part~='notification-reconnecting'],
    [part~='notification-poor-network'],
    [part~='notification-left'] {
      border-inline-start-color: var(--_danger);
    }
    [part~='dismiss'] {
      display: grid;
      place-items: center;
      inline-size: 2rem;
      block-size: 2rem;
      padding: 0;
      border: 0;
      border-radius: 50%;
      background: transparent;
      color: inherit;
      cursor: pointer;
    }
    [part~='dismiss']:hover {
      background: rgb(255 255 255 / 0.15);
    }
    [part~='dismiss']:focus-visible {
      outline: 3px solid var(--_focus-ring);
      outline-offset: 1px;
    }
    [part~='icon'] {
      inline-size: 1.1rem;
      block-size: 1.1rem;
    }
  `,
];
