// `npx vite build examples/vue` builds this example (`npx vite examples/vue` serves it).
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import { repoAliases } from '../shared/repo-aliases.js';

const MESHCALL_TAGS = ['call-session', 'local-video', 'remote-video', 'call-controls', 'stats-overlay'];

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  // Tell Vue's template compiler these tags are custom elements, not Vue components.
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => MESHCALL_TAGS.includes(tag) } } })],
  resolve: { alias: repoAliases },
  build: { target: 'es2022' },
});
