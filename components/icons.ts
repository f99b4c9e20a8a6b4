/**
 * The kit's icons: one 24×24 stroke path each, drawn in `currentColor`, hidden from
 * assistive technology (the button or text beside an icon carries the name). No icon font,
 * no requests. All of them together stay under 3 KB gzip (test/server/icons-size.test.js).
 */
import { html, type TemplateResult } from 'lit';

const PATHS = {
  mic: 'M12 3a3 3 0 0 0-3 3v6a3 3 0 0 0 6 0V6a3 3 0 0 0-3-3M5 11a7 7 0 0 0 14 0M12 18v3M8 21h8',
  'mic-off': 'M9 5a3 3 0 0 1 6 1v5M9 9v3a3 3 0 0 0 5 2M5 11a7 7 0 0 0 11 6M19 11a7 7 0 0 1-1 3M12 18v3M8 21h8M3 3l18 18',
  camera: 'M3 7h12v10H3zM15 10l6-3v10l-6-3',
  'camera-off': 'M7 7h8v6M15 17H3V7M15 10l6-3v10l-6-3M3 3l18 18',
  'screen-share': 'M3 4h18v12H3zM8 20h8M12 16v4M12 13V7M9 10l3-3 3 3',
  'hang-up': 'M3 15c5-5 13-5 18 0l-2 3-4-1v-3a10 10 0 0 0-6 0v3l-4 1z',
  phone: 'M5 3h4l2 5-3 2a11 11 0 0 0 6 6l2-3 5 2v4a2 2 0 0 1-2 2A18 18 0 0 1 3 5a2 2 0 0 1 2-2',
  'switch-camera': 'M3 7h4l2-3h6l2 3h4v13H3zM9 13a3 3 0 0 1 6 0M15 13a3 3 0 0 1-6 0M13 11h2v-2M11 15H9v2',
  settings: 'M12 9a3 3 0 1 0 0 6 3 3 0 0 0 0-6M12 2v3M12 19v3M2 12h3M19 12h3M5 5l2 2M17 17l2 2M5 19l2-2M17 7l2-2',
  more: 'M5 12h.01M12 12h.01M19 12h.01',
  pin: 'M9 3h6l-1 6 4 4H6l4-4zM12 13v8',
  volume: 'M4 9h4l5-4v14l-5-4H4zM16 9a4 4 0 0 1 0 6M19 6a8 8 0 0 1 0 12',
  'volume-off': 'M4 9h4l5-4v14l-5-4H4zM22 9l-6 6M16 9l6 6',
  pip: 'M3 5h18v14H3zM12 12h7v5h-7z',
  fullscreen: 'M3 9V3h6M21 9V3h-6M3 15v6h6M21 15v6h-6',
  'exit-fullscreen': 'M9 3v6H3M15 3v6h6M9 21v-6H3M15 21v-6h6',
  signal: 'M4 20v-3M9 20v-7M14 20V9M19 20V4',
  close: 'M6 6l12 12M18 6 6 18',
  warning: 'M12 3l10 18H2zM12 10v4M12 17h.01',
  grid: 'M3 3h8v8H3zM13 3h8v8h-8zM3 13h8v8H3zM13 13h8v8h-8z',
  spotlight: 'M3 3h18v12H3zM3 19h5M10 19h4M16 19h5',
} as const;

export type IconName = keyof typeof PATHS;

/** Every icon name, for galleries and tests. */
export const ICON_NAMES = Object.keys(PATHS) as IconName[];

/** The `<svg>` of icon `name` (part `icon`, `aria-hidden`); size it with CSS `width`/`height`, colour with `color`. */
export function icon(name: IconName): TemplateResult {
  return html`<svg part="icon" viewBox="0 0 24 24" width="24" height="24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false"><path d=${PATHS[name]}></path></svg>`;
}
