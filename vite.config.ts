import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

// `npm run build` builds the demo page that `npm start` serves (dist/demo).
export default defineConfig({
  root: fileURLToPath(new URL('./demo', import.meta.url)),
  base: './',
  build: {
    outDir: fileURLToPath(new URL('./dist/demo', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
  },
});
