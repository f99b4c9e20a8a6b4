import { StatsOverlayElement } from './stats-overlay.js';
import { attachContextRoot } from '../context-root.js';

export { StatsOverlayElement };

/** Registers `<stats-overlay>`; calling it again (or after another copy registered the tag) does nothing. */
export function defineStatsOverlay(): void {
  attachContextRoot();
  if (!globalThis.customElements || customElements.get('stats-overlay')) return;
  customElements.define('stats-overlay', StatsOverlayElement);
}

defineStatsOverlay();

declare global {
  interface HTMLElementTagNameMap {
    'stats-overlay': StatsOverlayElement;
  }
}
