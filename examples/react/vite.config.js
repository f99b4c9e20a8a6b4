// `npx vite build examples/react` builds this example (`npx vite examples/react` serves it).
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { repoAliases } from '../shared/repo-aliases.js';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [react()],
  resolve: { alias: repoAliases },
  build: { target: 'es2022' },
});
