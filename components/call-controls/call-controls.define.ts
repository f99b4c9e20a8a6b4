import { CallControlsElement } from './call-controls.js';
import { attachContextRoot } from '../context-root.js';

export { CallControlsElement };

/** Registers `<call-controls>`; calling it again (or after another copy registered the tag) does nothing. */
export function defineCallControls(): void {
  attachContextRoot();
  if (!globalThis.customElements || customElements.get('call-controls')) return;
  customElements.define('call-controls', CallControlsElement);
}

defineCallControls();

declare global {
  interface HTMLElementTagNameMap {
    'call-controls': CallControlsElement;
  }
}
