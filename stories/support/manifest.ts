/// <reference types="vite/client" />
/**
 * custom-elements.json, written by `cem analyze` from the elements' JSDoc (the storybook
 * scripts and the story tests run it first). Loaded through a glob so that a checkout that
 * has not generated it yet still type-checks and builds (then docs and CSS controls are empty).
 */
import type { ArgTypes } from '@storybook/web-components-vite';
import { TOKEN_DEFAULTS } from '../../components/tokens.styles.js';

interface ManifestEntry {
  name: string;
  description?: string;
  default?: string;
}

interface Member {
  name: string;
  privacy?: 'public' | 'private' | 'protected';
  static?: boolean;
}

interface Declaration {
  tagName?: string;
  members?: Member[];
  cssProperties?: ManifestEntry[];
}

export interface Manifest {
  modules?: { declarations?: Declaration[] }[];
}

const found = import.meta.glob<Manifest>('../../custom-elements.json', { eager: true, import: 'default' });

/**
 * The manifest (undefined when it was not generated), with the public API only: the docs
 * tables and controls list what an app can use, not private or protected members.
 */
export const manifest: Manifest | undefined = publicOnly(Object.values(found)[0]);

function publicOnly(full: Manifest | undefined): Manifest | undefined {
  if (!full) return undefined;
  const isPublic = (m: Member) => !m.name.startsWith('#') && (m.privacy ?? 'public') === 'public' && !m.static;
  return {
    ...full,
    modules: full.modules?.map((module) => ({
      ...module,
      declarations: module.declarations?.map((d) => (d.members ? { ...d, members: d.members.filter(isPublic) } : d)),
    })),
  };
}

function declaration(tag: string): Declaration | undefined {
  return manifest?.modules?.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === tag);
}

const NOT_COLOURS = /-(font|radius|spacing|fit|color-scheme)$/;

/**
 * Controls for every `--meshcall-*` custom property `tag` documents: a colour picker for
 * colours, a text field for the rest. Unset by default (the element's own default applies);
 * the stories put a set value on the element's `style`.
 */
export function cssPropertyArgTypes(tag: string): Partial<ArgTypes> {
  const argTypes: Partial<ArgTypes> = {};
  for (const property of declaration(tag)?.cssProperties ?? []) {
    argTypes[property.name] = {
      name: property.name,
      description: property.description,
      control: NOT_COLOURS.test(property.name) ? 'text' : 'color',
      table: { category: 'css custom properties' },
    };
  }
  return argTypes;
}

/**
 * Controls for the global tokens (`--meshcall-accent`, ...): every element's own tokens fall
 * back to them, so one value set on `<call-session>` reaches everything inside it.
 */
export function globalTokenArgTypes(): Partial<ArgTypes> {
  const argTypes: Partial<ArgTypes> = {};
  for (const [token, fallback] of Object.entries(TOKEN_DEFAULTS)) {
    const name = `--meshcall-${token}`;
    argTypes[name] = {
      name,
      description: `Global token: every element's own \`--meshcall-<element>-${token}\` falls back to it.`,
      control: NOT_COLOURS.test(name) ? 'text' : 'color',
      table: { category: 'css custom properties (global)', defaultValue: { summary: fallback } },
    };
  }
  return argTypes;
}

/** The `--*` args that are set, as a style map. */
export function cssPropertyStyles(args: Record<string, unknown>): Record<string, string> {
  const styles: Record<string, string> = {};
  for (const [name, value] of Object.entries(args)) {
    if (name.startsWith('--') && typeof value === 'string' && value !== '') styles[name] = value;
  }
  return styles;
}

/** Controls for the `lang` and `dir` attributes every element has (unset: inherited). */
export const langDirArgTypes: Partial<ArgTypes> = {
  lang: { control: 'inline-radio', options: ['', 'en', 'ar'], description: 'Language of the labels; unset: the enclosing one.' },
  dir: { control: 'inline-radio', options: ['', 'ltr', 'rtl'], description: 'Direction; unset: the language’s.' },
};
