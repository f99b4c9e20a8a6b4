import { DevicePickerElement } from './device-picker.js';
import { attachContextRoot } from '../context-root.js';

export { DevicePickerElement };

/** Registers `<device-picker>`; calling it again (or after another copy registered the tag) does nothing. */
export function defineDevicePicker(): void {
  attachContextRoot();
  if (!globalThis.customElements || customElements.get('device-picker')) return;
  customElements.define('device-picker', DevicePickerElement);
}

defineDevicePicker();

declare global {
  interface HTMLElementTagNameMap {
    'device-picker': DevicePickerElement;
  }
}
