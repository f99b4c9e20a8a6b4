import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

// `npm run build` builds the demo page that `npm start` serves (dist/demo).
// The elements use Lit's legacy decorators: Vite 8's Oxc transform takes
// `experimentalDecorators` and `useDefineForClassFields: false` from tsconfig.json, so the
// built demo has `__decorate` calls and fields assigned in constructors (checked in Chromium).
export default defineConfig({
  root: fileURLToPath(new URL('./demo', import.meta.url)),
  base: './',
  build: {
    outDir: fileURLToPath(new URL('./dist/demo', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
  },
});
