import { LocalVideoElement } from './local-video.js';
import { attachContextRoot } from '../context-root.js';

export { LocalVideoElement };

/** Registers `<local-video>`; calling it again (or after another copy registered the tag) does nothing. */
export function defineLocalVideo(): void {
  attachContextRoot();
  if (!globalThis.customElements || customElements.get('local-video')) return;
  customElements.define('local-video', LocalVideoElement);
}

defineLocalVideo();

declare global {
  interface HTMLElementTagNameMap {
    'local-video': LocalVideoElement;
  }
}
