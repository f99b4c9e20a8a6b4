// Vite settings for Storybook (and the story tests). Vite 8's Oxc transform reads
// `experimentalDecorators` and `useDefineForClassFields: false` from tsconfig.json, so Lit's
// decorators compile as in the demo (the Idle story of call-session checks it in the page).
import { defineConfig } from 'vite';

export default defineConfig({
  // Storybook's web-components renderer imports this Lit module from a file Vite does not
  // pre-bundle; pre-bundled with the rest of Lit, the page has one copy of lit-html.
  optimizeDeps: { include: ['lit/directive-helpers.js'] },
});
