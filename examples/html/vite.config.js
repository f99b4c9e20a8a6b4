// `npx vite build examples/html` builds this example (`npx vite examples/html` serves it).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { repoAliases } from '../shared/repo-aliases.js';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  resolve: { alias: repoAliases },
  build: { target: 'es2022' },
});
