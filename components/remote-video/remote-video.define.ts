import { RemoteVideoElement } from './remote-video.js';
import { attachContextRoot } from '../context-root.js';

export { RemoteVideoElement };

/** Registers `<remote-video>`; calling it again (or after another copy registered the tag) does nothing. */
export function defineRemoteVideo(): void {
  attachContextRoot();
  if (!globalThis.customElements || customElements.get('remote-video')) return;
  customElements.define('remote-video', RemoteVideoElement);
}

defineRemoteVideo();

declare global {
  interface HTMLElementTagNameMap {
    'remote-video': RemoteVideoElement;
  }
}
