// `cem analyze` (run by scripts/build-manifest.js, part of `npm run build`) writes
// custom-elements.json from the JSDoc of the element classes in components/. It must never
// rewrite package.json (its default): package.json names the manifest itself.
//
// The manifest describes the package as installed, so every module path in it is rewritten
// from the TypeScript source (`components/x/x.ts`) to the file the package ships
// (`dist/components/x/x.js`). @wc-toolkit/module-path-resolver does this only for modules
// that declare an element; here it covers every module and every `module` reference
// (superclasses, exports, inherited members) too.

import { posix } from 'node:path';

/**
 * A module reference as the analyzer writes it — `components/a/b.ts`, `/components/a/b.js`,
 * or `./b.js` relative to the module `from` that re-exports it — as the shipped file,
 * `dist/components/a/b.js`. Anything else (a package name, `global:`) is left alone.
 */
export function shippedPath(/** @type {string} */ reference, /** @type {string} */ from = '') {
  const resolved = reference.startsWith('.') ? posix.join(posix.dirname(from), reference) : reference;
  const match = /^\/?((?:components|src)\/.+)\.(?:ts|js)$/.exec(resolved);
  return match ? `dist/${match[1]}.js` : reference;
}

/** Rewrites every `path` and `module` string in the manifest to the shipped file. */
function shippedPaths() {
  const walk = (/** @type {unknown} */ node, /** @type {string} */ from) => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item, from);
    } else if (node && typeof node === 'object') {
      const record = /** @type {Record<string, unknown>} */ (node);
      for (const [key, value] of Object.entries(record)) {
        if ((key === 'path' || key === 'module') && typeof value === 'string') record[key] = shippedPath(value, from);
        else walk(value, from);
      }
    }
  };
  return {
    name: 'meshcall-shipped-paths',
    /** @param {{ customElementsManifest: import('custom-elements-manifest/schema').Package }} phase */
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules ?? []) walk(mod, mod.path);
    },
  };
}

/**
 * `lang` and `dir` (declared with `@attr` on the base class) are the standard HTMLElement
 * properties of the same name: say so, so generators that type an attribute through its
 * field (`CallSessionElement['lang']`) find one.
 */
function globalAttributeFields() {
  return {
    name: 'meshcall-global-attribute-fields',
    /** @param {{ customElementsManifest: import('custom-elements-manifest/schema').Package }} phase */
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules ?? []) {
        for (const decl of mod.declarations ?? []) {
          if (!('attributes' in decl)) continue;
          for (const attr of decl.attributes ?? []) {
            if ((attr.name === 'lang' || attr.name === 'dir') && !attr.fieldName) attr.fieldName = attr.name;
          }
        }
      }
    },
  };
}

export default {
  globs: ['components/**/*.ts'],
  exclude: ['components/**/*.styles.ts'],
  outdir: '.',
  litelement: true,
  packagejson: false,
  plugins: [globalAttributeFields(), shippedPaths()],
};
