/**
 * Styles every element shares. The design tokens themselves (`tokens()`, `TOKEN_DEFAULTS`)
 * live in `tokens.ts`: they are built at run time from strings, and keeping them apart
 * lets the CDN build minify every css`` template here.
 */
import { css } from 'lit';

export { TOKEN_DEFAULTS, tokens, type TokenName } from './tokens.js';

/** Text only screen readers get. */
export const srOnly = css`
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }
`;

/** Buttons of every element; needs the background, surface, text, border, radius, font, focus-ring tokens. */
export const buttonStyles = css`
  button {
    font: inherit;
    min-height: 2.5rem;
    padding: 0 1rem;
    border-radius: var(--_radius);
    border: 1px solid var(--_border);
    background: var(--_surface);
    color: var(--_text);
    cursor: pointer;
  }
  button:focus-visible {
    outline: 3px solid var(--_focus-ring);
    outline-offset: 2px;
  }
  button[aria-pressed='true'] {
    background: var(--_text);
    color: var(--_background);
    border-color: var(--_text);
  }
  button:disabled,
  button[aria-disabled='true'] {
    cursor: default;
    opacity: 0.6;
  }
`;

/** Colours of the call, accept, reject and hang-up buttons; needs the accent, success and danger tokens. */
export const actionButtonStyles = css`
  [part~='call'] {
    background: var(--_accent);
    color: var(--_accent-text);
    border-color: var(--_accent);
  }
  [part~='accept'] {
    background: var(--_success);
    color: var(--_success-text);
    border-color: var(--_success);
  }
  [part~='reject'],
  [part~='hang-up'] {
    background: var(--_danger);
    color: var(--_danger-text);
    border-color: var(--_danger);
  }
`;

/** Every element: a block in the kit's font, and a `hidden` attribute that works. */
export const hostStyles = css`
  /* User text (names, userInfo) is never one unbreakable line: long words wrap, so a
     1,000-character name cannot widen the element (issue 11). */
  :host {
    display: block;
    min-width: 0;
    overflow-wrap: anywhere;
    font-family: var(--_font);
  }
  :host([hidden]) {
    display: none;
  }
`;

/** The rounded 4:3 frame a video sits in, and the video filling it (local preview and remote tiles). */
export const videoFrameStyles = css`
  [part~='base'] {
    position: relative;
    margin: 0;
    /* The call stage sets these so a tile fills its grid cell; alone a tile is 4:3. */
    aspect-ratio: var(--meshcall-tile-aspect-ratio, 4 / 3);
    height: var(--meshcall-tile-height, auto);
    box-sizing: border-box;
    overflow: hidden;
    border-radius: var(--_radius);
    background: var(--_video-background);
  }
  [part~='video'] {
    display: block;
    width: 100%;
    height: 100%;
    object-fit: var(--_video-fit);
  }
  [part~='video'][hidden] {
    display: none;
  }
`;

/**
 * Round icon buttons (the call stage's controls): the icon shows, the text label is for
 * screen readers and the tooltip unless the element shows labels (class `labels` on an
 * ancestor inside the shadow root). Needs the same tokens as `buttonStyles`.
 */
export const iconButtonStyles = css`
  .icon-button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.4rem;
    flex: none;
    min-width: 3rem;
    min-height: 3rem;
    padding: 0 0.75rem;
    border-radius: 1.5rem;
    white-space: nowrap;
  }
  .icon-button svg {
    width: 1.4rem;
    height: 1.4rem;
    flex: none;
  }
  .icon-button:not(.labelled) > .label {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .icon-button:not(.labelled) {
    padding: 0;
    width: 3rem;
  }
`;

/** The Muted / Camera off / Sharing screen badges in a video tile's top corner (local and remote tiles alike). */
export const tileBadgeStyles = css`
  [part~='badges'] {
    position: absolute;
    inset-inline-end: 0.5rem;
    inset-block-start: 0.5rem;
    display: flex;
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
    color: var(--_overlay-text);
    background: var(--_overlay-background);
  }
`;
