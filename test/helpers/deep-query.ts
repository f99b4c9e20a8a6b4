// Finding elements the way a person sees them: through every (open) shadow root.
// Shared by the element tests and the Storybook play functions.

/** Every element matching `selector` in `root` and all shadow roots below it. */
export function deepQueryAll<T extends Element = HTMLElement>(root: ParentNode, selector: string): T[] {
  const found: T[] = [...root.querySelectorAll<T>(selector)];
  for (const element of root.querySelectorAll('*')) {
    if (element.shadowRoot) found.push(...deepQueryAll<T>(element.shadowRoot, selector));
  }
  if (root instanceof Element && root.shadowRoot) found.push(...deepQueryAll<T>(root.shadowRoot, selector));
  return found;
}

export function deepQuery<T extends Element = HTMLElement>(root: ParentNode, selector: string): T | undefined {
  return deepQueryAll<T>(root, selector)[0];
}
