import { CallPreviewElement } from './call-preview.js';
import { attachContextRoot } from '../context-root.js';
import { defineDevicePicker } from '../device-picker/device-picker.define.js';

export { CallPreviewElement };

/** Registers `<call-preview>` (and the `<device-picker>` it uses); calling it again (or after another copy registered the tag) does nothing. */
export function defineCallPreview(): void {
  attachContextRoot();
  defineDevicePicker();
  if (!globalThis.customElements || customElements.get('call-preview')) return;
  customElements.define('call-preview', CallPreviewElement);
}

defineCallPreview();

declare global {
  interface HTMLElementTagNameMap {
    'call-preview': CallPreviewElement;
  }
}
