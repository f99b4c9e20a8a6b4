// Every story renders inside one decorator that applies the toolbar's two globals:
// Theme (light/dark, through --meshcall-color-scheme, which every element's tokens follow)
// and Language (English LTR / Arabic RTL, through `lang` and `dir`, which every element reads
// from its ancestors). Docs pages and controls come from custom-elements.json.
import { setCustomElementsManifest } from '@storybook/web-components';
import type { Preview } from '@storybook/web-components-vite';
import { html } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { loadStrings } from '../components/app-strings.js';
import { directionFor } from '../components/strings.js';
import { manifest } from '../stories/support/manifest.js';

if (manifest) setCustomElementsManifest(manifest);
else console.warn('custom-elements.json is missing: run `npx cem analyze` (the storybook scripts do) for docs and controls.');

export type Theme = 'light' | 'dark';
export type Locale = 'en' | 'ar';

const preview: Preview = {
  tags: ['autodocs'],
  globalTypes: {
    theme: {
      description: 'Colour scheme of the elements',
      toolbar: {
        title: 'Theme',
        icon: 'mirror',
        items: [
          { value: 'light', title: 'Light', icon: 'sun' },
          { value: 'dark', title: 'Dark', icon: 'moon' },
        ],
        dynamicTitle: true,
      },
    },
    locale: {
      description: 'Language of the labels (and its direction)',
      toolbar: {
        title: 'Language',
        icon: 'globe',
        items: [
          { value: 'en', title: 'English', right: 'LTR' },
          { value: 'ar', title: 'العربية (Arabic)', right: 'RTL' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { theme: 'light', locale: 'en' },
  // The language's table loads on first use: here before the story renders, so `labelsOf` has it.
  loaders: [
    async ({ globals }) => {
      await loadStrings(String(globals['locale'] ?? 'en'));
      return {};
    },
  ],
  decorators: [
    (story, { globals }) => {
      const theme: Theme = globals['theme'] === 'dark' ? 'dark' : 'light';
      const locale: Locale = globals['locale'] === 'ar' ? 'ar' : 'en';
      const style = {
        '--meshcall-color-scheme': theme,
        'color-scheme': theme,
        background: 'light-dark(#ffffff, #0d1117)',
        color: 'light-dark(#1b1f24, #e6edf3)',
        padding: '1rem',
      };
      return html`<div class="meshcall-story" data-theme=${theme} lang=${locale} dir=${directionFor(locale)} style=${styleMap(style)}>${story()}</div>`;
    },
  ],
  parameters: {
    layout: 'fullscreen',
    // The stories set attributes and `--meshcall-*` properties; the JavaScript properties
    // (camelCase twins of attributes, and objects such as `client` or `session`) stay in the
    // docs tables but get no control.
    controls: { expanded: true, sort: 'requiredFirst', exclude: /^(?:[a-z]+[A-Z]\w*|config|client|session|stream)$/ },
    // Every story is checked with axe in the story tests (and in the Accessibility panel).
    a11y: { test: 'error' },
    docs: { codePanel: true },
  },
};

export default preview;
