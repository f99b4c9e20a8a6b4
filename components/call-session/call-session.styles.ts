import { css } from 'lit';
import { actionButtonStyles, buttonStyles, iconButtonStyles, srOnly, tokens, hostStyles } from '../tokens.styles.js';

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
  iconButtonStyles,
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
    /* The call stage (default layout) is dark unless theme="light" (or "auto": the OS decides). */
    .stage-layout {
      --meshcall-color-scheme: dark;
      color-scheme: var(--meshcall-color-scheme);
      --_stage-background: var(--meshcall-call-session-stage-background, light-dark(#dfe4ea, #05070a));
    }
    :host([theme='light']) .stage-layout {
      --meshcall-color-scheme: light;
    }
    :host([theme='auto']) .stage-layout {
      --meshcall-color-scheme: light dark;
    }
    [part~='base'] {
      display: grid;
      gap: var(--_spacing);
      padding: var(--_spacing);
      border-radius: var(--_radius);
      background: var(--_background);
      color: var(--_text);
    }
    /* The default layout fills its container: status line, stage, one bar of controls. */
    .stage-layout {
      box-sizing: border-box;
      height: 100%;
      min-height: var(--meshcall-call-session-min-height, 28rem);
      grid-template-rows: auto minmax(0, 1fr) auto;
      grid-template-columns: minmax(0, 1fr);
      position: relative;
    }
    /* With children the layout is theirs: no box of ours around it. */
    [part~='base'].custom {
      display: block;
      padding: 0;
      background: none;
      color: inherit;
    }
    [part~='status'],
    [part~='error'] {
      margin: 0;
    }
    [part~='error']:empty {
      display: none;
    }
    [part~='error'] {
      color: var(--_danger);
      font-weight: 600;
    }
    [part~='topbar'] {
      display: flex;
      align-items: center;
      gap: var(--_spacing);
      min-height: 1.5rem;
      color: var(--_muted-text);
    }
    [part~='topbar'] [part~='status'] {
      flex: 1;
      min-width: 0;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
      color: var(--_text);
    }
    [part~='timer'],
    [part~='call-timer'] {
      font-variant-numeric: tabular-nums;
    }
    [part~='prejoin'] {
      display: grid;
      place-items: center;
      min-height: 0;
      overflow: auto;
    }
    [part~='preview'] {
      width: min(100%, 32rem);
    }
    [part~='incoming'] {
      display: grid;
      justify-items: center;
      align-content: center;
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
    [part~='notifications'] {
      position: absolute;
      z-index: 3;
      inset-block-start: 2.75rem;
      inset-inline: 0;
      margin-inline: auto;
      width: min(24rem, calc(100% - 2rem));
      pointer-events: none;
    }
    [part~='notifications']::part(notification) {
      pointer-events: auto;
    }
    /* ---- the stage ---- */
    [part~='stage'] {
      --meshcall-tile-aspect-ratio: auto;
      --meshcall-tile-height: 100%;
      position: relative;
      min-height: 0;
      border-radius: var(--_radius);
      background: var(--_stage-background);
      padding: var(--_spacing);
      display: grid;
    }
    [part~='stage'][data-layout='waiting'] {
      place-items: center;
    }
    [part~='waiting-list'] {
      display: flex;
      flex-wrap: wrap;
      justify-content: center;
      gap: var(--_spacing);
      margin: 0;
      padding: 0;
      list-style: none;
    }
    [part~='waiting-peer'] {
      display: grid;
      justify-items: center;
      gap: 0.25rem;
      min-width: 8rem;
      padding: calc(var(--_spacing) * 2);
      border-radius: var(--_radius);
      background: var(--_surface);
      color: var(--_text);
    }
    [part~='waiting-peer'] [part~='name'] {
      font-size: 1.125rem;
      font-weight: 600;
    }
    [part~='waiting-peer'] [part~='state'] {
      color: var(--_muted-text);
    }
    [part~='grid'] {
      display: grid;
      grid-template-columns: repeat(var(--_cols, 1), minmax(0, 1fr));
      grid-template-rows: repeat(var(--_rows, 1), minmax(0, 1fr));
      gap: var(--_spacing);
      min-height: 0;
    }
    [part~='tile'] {
      position: relative;
      min-width: 0;
      min-height: 0;
    }
    [part~='tile'] > remote-video,
    [part~='tile'] > local-video {
      height: 100%;
    }
    /* A video's own size never sizes the stage (a container without a height gets the
       min-height): otherwise the stage, and the controls under it, move whenever the
       sender changes resolution. */
    [part~='tile'] > remote-video::part(video),
    [part~='tile'] > local-video::part(video) {
      position: absolute;
      inset: 0;
    }
    [part~='grid'] > [part~='pinned'] {
      grid-column: span min(2, var(--_cols, 1));
      grid-row: span min(2, var(--_rows, 1));
    }
    [part~='self-corner'] {
      --meshcall-tile-aspect-ratio: 4 / 3;
      --meshcall-tile-height: auto;
      position: absolute;
      z-index: 1;
      inset-inline-end: calc(var(--_spacing) * 2);
      inset-block-end: calc(var(--_spacing) * 2);
      width: min(25%, 14rem);
      box-shadow: 0 2px 12px rgb(0 0 0 / 0.5);
      border-radius: var(--_radius);
    }
    [part~='stage'][data-layout='spotlight'] {
      grid-template-columns: minmax(0, 1fr) minmax(8rem, 20%);
      gap: var(--_spacing);
    }
    [part~='main'] {
      display: grid;
      min-height: 0;
    }
    [part~='strip'] {
      display: flex;
      flex-direction: column;
      gap: var(--_spacing);
      min-height: 0;
      overflow: auto;
    }
    [part~='strip'] > [part~='tile'] {
      flex: none;
      --meshcall-tile-aspect-ratio: 4 / 3;
      --meshcall-tile-height: auto;
    }
    [part~='strip'] > [part~='tile'] > * {
      height: auto;
    }
    [part~='tile-tools'] {
      position: absolute;
      z-index: 2;
      inset-inline-start: 0.5rem;
      inset-block-start: 0.5rem;
      display: flex;
      align-items: center;
      gap: 0.25rem;
    }
    [part~='network-quality'] {
      padding: 0.25rem 0.4rem;
      border-radius: 4px;
      background: var(--meshcall-overlay-background, rgb(0 0 0 / 0.72));
      color: #fff;
    }
    .icon-button.small {
      width: 2rem;
      min-width: 2rem;
      min-height: 2rem;
      border-radius: 1rem;
      border-color: transparent;
      background: var(--meshcall-overlay-background, rgb(0 0 0 / 0.72));
      color: #fff;
    }
    .icon-button.small svg {
      width: 1.1rem;
      height: 1.1rem;
    }
    .icon-button.small:focus-visible {
      outline-color: #fff;
    }
    [part~='tile-menu'],
    [part~='settings-panel'] {
      z-index: 4;
      display: grid;
      gap: 0.25rem;
      padding: var(--_spacing);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
      color: var(--_text);
      box-shadow: 0 4px 16px rgb(0 0 0 / 0.4);
    }
    [part~='tile-menu'] {
      position: absolute;
      inset-inline-start: 0.5rem;
      inset-block-start: 3rem;
      min-width: 10rem;
    }
    [part~='menu-item'] {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      text-align: start;
    }
    [part~='menu-item'] svg {
      width: 1.1rem;
      height: 1.1rem;
    }
    [part~='settings-panel'] {
      position: absolute;
      inset-inline-end: var(--_spacing);
      inset-block-end: 4.5rem;
      width: min(22rem, calc(100% - 2 * var(--_spacing)));
      box-sizing: border-box;
    }
    [part~='controls']::part(base) {
      flex-wrap: nowrap;
      overflow-x: auto;
      justify-content: safe center;
      padding-block: 0.25rem;
    }
    /* ---- portrait phones: the remote video fills, a small self-view, one bar ---- */
    .narrow [part~='stage'] {
      padding: 0;
    }
    .narrow [part~='grid'] {
      grid-template-columns: repeat(var(--_narrow-cols, 1), minmax(0, 1fr));
      grid-template-rows: repeat(var(--_narrow-rows, 1), minmax(0, 1fr));
      gap: 2px;
    }
    .narrow [part~='self-corner'] {
      width: 28%;
      inset-inline-end: var(--_spacing);
      inset-block-end: var(--_spacing);
    }
    .narrow [part~='stage'][data-layout='spotlight'] {
      grid-template-columns: minmax(0, 1fr);
      grid-template-rows: minmax(0, 1fr) auto;
    }
    .narrow [part~='strip'] {
      flex-direction: row;
      overflow-x: auto;
    }
    .narrow [part~='strip'] > [part~='tile'] {
      width: 7rem;
    }
    .narrow [part~='controls']::part(base) {
      justify-content: safe center;
      gap: 0.25rem;
    }
    .narrow [part~='controls']::part(button) {
      width: 2.75rem;
      min-width: 2.75rem;
      min-height: 2.75rem;
    }
    /* The buttons that matter least on a phone make room for one bar. */
    .narrow [part~='layout'],
    .narrow [part~='fullscreen'] {
      display: none;
    }
    .narrow .icon-button[slot='extra'] {
      width: 2.75rem;
      min-width: 2.75rem;
      min-height: 2.75rem;
    }
  `,
];
