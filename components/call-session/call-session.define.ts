import { attachContextRoot } from '../context-root.js';
import { defineCallControls } from '../call-controls/call-controls.define.js';
import { defineCallPreview } from '../call-preview/call-preview.define.js';
import { CallSessionElement } from './call-session.js';

export { CallSessionElement };

let stage: Promise<void> | undefined;

/**
 * Registers `<call-session>` and the elements its default layout uses. What shows before a
 * call (the pre-join preview with its device pickers, the call controls) is registered at
 * once; the call stage's tags (tiles, timer, network bars, notifications:
 * `call-stage.define.ts`) load from a second module right away, and the promise resolves
 * once they are registered too. A page that imports every element (`meshcall/elements`)
 * has them all at once. Calling it again (or after another copy registered the tags) does
 * nothing; if the stage's module could not load, the error is logged and the next call tries again.
 */
export function defineCallSession(): Promise<void> {
  attachContextRoot();
  if (globalThis.customElements && !customElements.get('call-session')) customElements.define('call-session', CallSessionElement);
  defineCallControls();
  defineCallPreview();
  stage ??= import('./call-stage.define.js').then(
    () => undefined,
    (error: unknown) => {
      stage = undefined;
      console.error('meshcall: the call stage elements (<local-video>, <remote-video>, ...) could not be loaded:', error);
    },
  );
  return stage;
}

void defineCallSession();

declare global {
  interface HTMLElementTagNameMap {
    'call-session': CallSessionElement;
  }
}
