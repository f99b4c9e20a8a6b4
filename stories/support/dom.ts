/**
 * Looking at a story the way a person does: text and buttons wherever they are (shadow roots
 * included), videos that really show frames, and waiting for a condition instead of a time.
 */
import { deepQuery, deepQueryAll } from '../../test/helpers/deep-query.js';

export { deepQuery, deepQueryAll };

/** The element of `part` `name` in `element`'s shadow root. */
export function part(element: Element | undefined, name: string): HTMLElement | undefined {
  return element?.shadowRoot?.querySelector<HTMLElement>(`[part~="${name}"]`) ?? undefined;
}

/** What `element` (or its shadow root) reads as, whitespace collapsed. */
export function textOf(element: Element | undefined): string {
  return (element?.shadowRoot ?? element)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

/** The labels of the buttons a person can see under `root`, in order. */
export function buttonLabels(root: ParentNode): string[] {
  return deepQueryAll<HTMLButtonElement>(root, 'button')
    .filter((b) => b.getClientRects().length > 0)
    .map((b) => b.textContent?.trim() ?? '');
}

/** The visible button labelled `label` under `root`. */
export function button(root: ParentNode, label: string): HTMLButtonElement {
  const match = deepQueryAll<HTMLButtonElement>(root, 'button').find((b) => b.textContent?.trim() === label && b.getClientRects().length > 0);
  if (!match) throw new Error(`no "${label}" button; buttons: ${JSON.stringify(buttonLabels(root))}`);
  return match;
}

/** Polls `check` until it holds; fails naming `what` after `timeoutMs`. */
export async function waitUntil(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The `<remote-video>` tiles under `root`. */
export function remoteTiles(root: ParentNode): HTMLElement[] {
  return deepQueryAll(root, 'remote-video');
}

/** The `<video>` of a `<remote-video>` or `<local-video>`. */
export function videoOf(tile: Element | undefined): HTMLVideoElement | undefined {
  return tile?.shadowRoot?.querySelector('video') ?? undefined;
}

/** A video a person sees: decoded frames with a size, playing, not hidden. */
export function showsVideo(video: HTMLVideoElement | undefined): boolean {
  return !!video && video.videoWidth > 0 && !video.paused && !video.hidden;
}
