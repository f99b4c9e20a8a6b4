/**
 * Design tokens in two tiers: `--meshcall-<element>-<thing>` falls back to the global
 * `--meshcall-<thing>`, which falls back to the default below. Inside a shadow root only
 * the private `--_<thing>` holds the resolved value. Colours are `light-dark()` pairs, so
 * `color-scheme` picks the theme: the OS setting by default, `theme="dark|light"` on
 * `<call-session>` (it sets `--meshcall-color-scheme` for its subtree).
 */
import { unsafeCSS, type CSSResult } from 'lit';

export const TOKEN_DEFAULTS = {
  font: 'system-ui, sans-serif',
  background: 'light-dark(#ffffff, #0d1117)',
  surface: 'light-dark(#eef1f4, #161b22)',
  text: 'light-dark(#1b1f24, #e6edf3)',
  'muted-text': 'light-dark(#4b5563, #9ba6b2)',
  border: 'light-dark(#6b7480, #59636e)',
  accent: 'light-dark(#0b5cad, #4493f8)',
  'accent-text': 'light-dark(#ffffff, #0d1117)',
  danger: 'light-dark(#b42318, #f47067)',
  'danger-text': 'light-dark(#ffffff, #0d1117)',
  success: 'light-dark(#116329, #3fb950)',
  'success-text': 'light-dark(#ffffff, #0d1117)',
  'focus-ring': 'light-dark(#0b5cad, #79b8ff)',
  radius: '8px',
  spacing: '0.5rem',
  'video-fit': 'cover',
  'video-background': '#000',
  'overlay-background': 'rgb(0 0 0 / 0.72)',
  'overlay-text': '#fff',
} as const;

export type TokenName = keyof typeof TOKEN_DEFAULTS;

/** The `:host` rule resolving `names` for `element` into private `--_<name>` variables. */
export function tokens(element: string, names: readonly TokenName[]): CSSResult {
  const declarations = names.map((name) => `--_${name}: var(--meshcall-${element}-${name}, var(--meshcall-${name}, ${TOKEN_DEFAULTS[name]}));`).join('');
  return unsafeCSS(`:host{color-scheme:var(--meshcall-color-scheme, light dark);${declarations}}`);
}
