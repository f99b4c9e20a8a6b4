/**
 * What an app calls about labels: `registerStrings` (add a language or override labels) and
 * `loadStrings` (fetch a shipped table early). A module of its own, exported by the elements
 * entry: the elements themselves never call these, so the CDN's first paint does not carry them.
 */
import { addStrings, normalise, pendingStrings, type StringsTable } from './strings.js';

/**
 * Adds a language, or overrides labels of one, for every meshcall element on the page
 * (register before the elements render, or set their `lang` again). Tags are matched
 * case-insensitively; `dir` sets the direction of a language the kit does not know.
 *
 * ```ts
 * registerStrings('it', { call: 'Chiama', hangUp: 'Riaggancia' });      // the rest in English
 * registerStrings('en', { hangUp: 'Leave' });                            // one label changed
 * registerStrings('ckb', { call: 'پەیوەندی' }, { dir: 'rtl' });
 * ```
 */
export function registerStrings(lang: string, table: StringsTable, options: { dir?: 'ltr' | 'rtl' } = {}): void {
  const tag = normalise(lang);
  if (!tag) throw new TypeError('registerStrings: lang must be a language tag such as "it" or "pt-BR"');
  if (!table || typeof table !== 'object') throw new TypeError(`registerStrings("${lang}"): the table must be an object of labels`);
  addStrings(tag, table, options.dir);
}

/**
 * Loads the shipped table of `lang` (by its primary subtag) if the kit has one and it is not
 * here yet; resolves at once otherwise. Elements call it themselves; an app may call it
 * early (`await loadStrings('ja')`) to have the table before anything renders. A failed
 * download is warned about once: labels stay English.
 */
export function loadStrings(lang: string | undefined): Promise<void> {
  return pendingStrings(lang) ?? Promise.resolve();
}
