// In your own app `meshcall` comes from node_modules. Inside this repository the example
// builds resolve it to the sources instead, so they need no `npm run build` first.
import { fileURLToPath } from 'node:url';

/** @type {import('vite').Alias[]} */
export const repoAliases = [
  { find: /^meshcall\/elements$/, replacement: fileURLToPath(new URL('../../components/elements.ts', import.meta.url)) },
  { find: /^meshcall$/, replacement: fileURLToPath(new URL('../../src/index.ts', import.meta.url)) },
];
