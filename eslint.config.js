// ESLint flat config: JS + TypeScript recommended rules; browser globals for code that runs
// in the page (and browser tests), Node globals for the server, scripts and tool configs.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { defineConfig, globalIgnores } from 'eslint/config';

export default defineConfig([
  globalIgnores(['dist/', 'node_modules/', 'storybook-static/', 'coverage/', 'examples/*/dist/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  // Type-checked rules (floating promises, unsafe any, ...) for the library's TypeScript.
  // Scoped to src/ and components/: the JS in server/, scripts/ and tests is checked by tsc (checkJs).
  {
    files: ['src/**/*.ts', 'components/**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
  {
    // recorder.ts is being reworked on another branch; its one finding is fixed after the merge.
    files: ['src/media/recorder.ts'],
    rules: { '@typescript-eslint/no-base-to-string': 'off' },
  },
  {
    files: ['src/**', 'components/**', 'test/**', 'demo/**', 'examples/**', 'stories/**', '.storybook/preview.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['test/unit/**', 'test/e2e/**'],
    languageOptions: { globals: { ...globals.mocha } },
  },
  {
    files: [
      'server/**',
      'scripts/**',
      'bench/**',
      'test/server/**',
      'test/relay-test-plugin.js',
      '*.config.*',
      '.storybook/**',
      'examples/*/vite.config.js',
      'examples/shared/repo-aliases.js',
    ],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // A reactive controller kept in a private field works through host.addController: never read again.
    files: ['components/**'],
    rules: { 'no-unused-private-class-members': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
]);
