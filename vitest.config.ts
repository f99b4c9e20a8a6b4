// The story tests: every story in stories/ runs as a test in headless Chromium (Vitest browser
// mode, Playwright driving the system Chromium with fake camera and microphone), its `play`
// function asserting what the story claims. `node scripts/test.js stories` runs them as part
// of `npm test`; `npx vitest` alone watches. Needs custom-elements.json (`npx cem analyze`).
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { CHROMIUM_ARGS, findBrowser } from './scripts/find-browser.js';

export default defineConfig({
  // As in .storybook/vite.config.ts: one copy of lit-html in the page.
  optimizeDeps: { include: ['lit/directive-helpers.js'] },
  plugins: [storybookTest({ configDir: fileURLToPath(new URL('./.storybook', import.meta.url)) })],
  test: {
    name: 'stories',
    // One story file at a time: each story holds real calls (camera, peer connections), and
    // two cores are shared with the browser's video encoders and decoders.
    fileParallelism: false,
    // 60 s: stories with calls of three took over 30 s on a loaded 2-core machine.
    testTimeout: 60_000,
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({ launchOptions: { executablePath: await findBrowser(), args: CHROMIUM_ARGS } }),
      instances: [{ browser: 'chromium' }],
      screenshotFailures: false,
    },
  },
});
