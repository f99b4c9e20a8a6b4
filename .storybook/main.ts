// Storybook for the meshcall elements (web components, Vite). `npm run storybook` serves it,
// `npm run storybook:build` writes storybook-static/; both run `cem analyze` first, because
// the docs pages and controls come from custom-elements.json.
import type { StorybookConfig } from '@storybook/web-components-vite';

const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.ts'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y', '@storybook/addon-vitest'],
  framework: {
    name: '@storybook/web-components-vite',
    // Its own (empty) Vite config: the root vite.config.ts is the demo's.
    options: { builder: { viteConfigPath: '.storybook/vite.config.ts' } },
  },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  features: { sidebarOnboardingChecklist: false },
  // Storybook's own docs renderer and axe are the big chunks (~1 MB); the gallery is not shipped.
  viteFinal: (config) => ({ ...config, build: { ...config.build, chunkSizeWarningLimit: 1500 } }),
};

export default config;
