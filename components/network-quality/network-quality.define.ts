import { NetworkQualityElement } from './network-quality.js';
import { attachContextRoot } from '../context-root.js';

export { NetworkQualityElement };

/** Registers `<network-quality>`; calling it again (or after another copy registered the tag) does nothing. */
export function defineNetworkQuality(): void {
  attachContextRoot();
  if (!globalThis.customElements || customElements.get('network-quality')) return;
  customElements.define('network-quality', NetworkQualityElement);
}

defineNetworkQuality();

declare global {
  interface HTMLElementTagNameMap {
    'network-quality': NetworkQualityElement;
  }
}
