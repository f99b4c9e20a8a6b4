import { ContextRoot } from '@lit/context';

let attached = false;

/**
 * Lets elements that upgrade before their `<call-session>` still get its context: a
 * `ContextRoot` on the document keeps their unanswered requests and replays them when the
 * provider appears. Called by every define function; attaches once, and only in a page.
 */
export function attachContextRoot(): void {
  if (attached || typeof document === 'undefined') return;
  attached = true;
  new ContextRoot().attach(document.documentElement);
}
