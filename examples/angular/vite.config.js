// `npx vite build examples/angular` builds this example (`npx vite examples/angular` serves it).
// Angular in JIT mode (its template compiler runs in the page): no Angular CLI needed. With the
// CLI (AOT), the component in app.component.ts is used unchanged.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { repoAliases } from '../shared/repo-aliases.js';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  resolve: { alias: repoAliases },
  build: { target: 'es2022' },
});
