import { CallTimerElement } from './call-timer.js';
import { attachContextRoot } from '../context-root.js';

export { CallTimerElement };

/** Registers `<call-timer>`; calling it again (or after another copy registered the tag) does nothing. */
export function defineCallTimer(): void {
  attachContextRoot();
  if (!globalThis.customElements || customElements.get('call-timer')) return;
  customElements.define('call-timer', CallTimerElement);
}

defineCallTimer();

declare global {
  interface HTMLElementTagNameMap {
    'call-timer': CallTimerElement;
  }
}
