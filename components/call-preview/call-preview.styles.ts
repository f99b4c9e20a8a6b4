import { css } from 'lit';
import { buttonStyles, hostStyles, tokens } from '../tokens.styles.js';

export const callPreviewStyles = [
  tokens('call-preview', [
    'font',
    'background',
    'surface',
    'text',
    'border',
    'accent',
    'accent-text',
    'danger',
    'focus-ring',
    'radius',
    'spacing',
    'video-background',
    'overlay-text',
  ]),
  hostStyles,
  buttonStyles,
  css`
    [part~='base'] {
      display: grid;
      gap: calc(var(--_spacing) * 1.5);
      max-inline-size: 32rem;
      padding: var(--_spacing);
      color: var(--_text);
      background: var(--_background);
      border-radius: var(--_radius);
    }
    [part~='frame'] {
      position: relative;
      aspect-ratio: 4 / 3;
      overflow: hidden;
      border-radius: var(--_radius);
      background: var(--_video-background);
    }
    [part~='video'] {
      display: block;
      inline-size: 100%;
      block-size: 100%;
      object-fit: cover;
      transform: scaleX(-1);
    }
    [part~='video'][hidden] {
      display: none;
    }
    [part~='placeholder'] {
      position: absolute;
      inset: 0;
      display: grid;
      place-items: center;
      color: var(--_overlay-text);
    }
    [part~='meter'] {
      block-size: 0.5rem;
      border-radius: 0.25rem;
      background: var(--_surface);
      border: 1px solid var(--_border);
      overflow: hidden;
    }
    [part~='meter-level'] {
      block-size: 100%;
      background: var(--_accent);
      transition: inline-size 80ms linear;
    }
    [part~='pickers'] {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr));
      gap: var(--_spacing);
    }
    [part~='toggles'] {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_spacing);
    }
    button {
      display: inline-flex;
      align-items: center;
      justify-content: center;
      gap: 0.5rem;
    }
    [part~='icon'] {
      inline-size: 1.25rem;
      block-size: 1.25rem;
      flex: none;
    }
    [part~='join'] {
      background: var(--_accent);
      color: var(--_accent-text);
      border-color: var(--_accent);
      font-weight: 600;
    }
    [part~='error'] {
      padding: var(--_spacing);
      border: 1px solid var(--_border);
      border-inline-start: 4px solid var(--_danger);
      border-radius: var(--_radius);
      background: var(--_surface);
    }
    [part~='error'] p {
      margin: 0 0 var(--_spacing);
    }
  `,
];
