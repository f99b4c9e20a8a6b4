// `cem analyze` (run by `npm run build`) writes custom-elements.json from the JSDoc of the
// element classes in components/. It must never rewrite package.json (its default):
// package.json names the manifest itself.
export default {
  globs: ['components/**/*.ts'],
  exclude: ['components/**/*.styles.ts'],
  outdir: '.',
  litelement: true,
  packagejson: false,
};
