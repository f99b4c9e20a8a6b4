// `npx vite build examples/svelte` builds this example (`npx vite examples/svelte` serves it).
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { repoAliases } from '../shared/repo-aliases.js';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [svelte({ configFile: false })],
  resolve: { alias: repoAliases },
  build: { target: 'es2022' },
});
