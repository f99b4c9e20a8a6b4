import type { StoryContext } from '@storybook/web-components-vite';
import { stringsFor, type Strings } from '../../components/strings.js';

/**
 * The labels the elements show in the story's language (the toolbar's Language): the `play`
 * functions look for these, so a story still checks out after switching the toolbar to
 * Arabic. The Arabic stories spell their expected labels out instead.
 */
export function labelsOf(context: Pick<StoryContext, 'globals'>): Strings {
  return stringsFor(String(context.globals['locale'] ?? 'en'));
}

/** `text` as a literal inside a RegExp. */
export function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
