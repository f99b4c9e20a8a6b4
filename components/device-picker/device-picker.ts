import { consume } from '@lit/context';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import type { CallSession } from '../../src/call-session.js';
import { canChooseAudioOutput } from '../../src/media/audio-output.js';
import { listDevices, onDeviceChange } from '../../src/media/devices.js';
import { audioOutputContext, sessionContext, type AudioOutputControl } from '../context.js';
import type { DeviceChangeDetail } from '../event-details.js';
import { MeshcallElement } from '../meshcall-element.js';
import { SessionController } from '../session-controller.js';
import { devicePickerStyles } from './device-picker.styles.js';

export type DeviceKind = 'videoinput' | 'audioinput' | 'audiooutput';

const KINDS: readonly DeviceKind[] = ['videoinput', 'audioinput', 'audiooutput'];

/**
 * A labelled `<select>` of the cameras, microphones or speakers. Alone it lists the
 * devices, follows plugging and unplugging (`devicechange`) and fires `device-change`. In a
 * live call (a session in context that has its camera/microphone open), picking a camera
 * or microphone moves the call to it with `session.setInputDevice`, so the peers get it; a
 * speaker goes through the `<call-session>`'s audio-output control. Device names appear once
 * the page has camera/microphone permission (before that: "Camera 1", ...).
 *
 * @summary Camera, microphone or speaker picker; switches a live call's device.
 *
 * @csspart base - The wrapper.
 * @csspart label - The visible label ("Camera").
 * @csspart select - The `<select>`.
 * @csspart message - Why the device could not be switched, or that speakers cannot be chosen.
 *
 * @cssproperty --meshcall-device-picker-font - Font family (falls back to `--meshcall-font`).
 * @cssproperty --meshcall-device-picker-background - Select background (falls back to `--meshcall-background`).
 * @cssproperty --meshcall-device-picker-text - Text colour (falls back to `--meshcall-text`).
 * @cssproperty --meshcall-device-picker-muted-text - The message (falls back to `--meshcall-muted-text`).
 * @cssproperty --meshcall-device-picker-border - Select border (falls back to `--meshcall-border`).
 * @cssproperty --meshcall-device-picker-focus-ring - Focus outline (falls back to `--meshcall-focus-ring`).
 * @cssproperty --meshcall-device-picker-radius - Corner radius (falls back to `--meshcall-radius`).
 *
 * @fires {CustomEvent<DeviceChangeDetail>} device-change - A device was picked (and, in a live call, is now in use); `detail: { kind, deviceId }`.
 */
export class DevicePickerElement extends MeshcallElement {
  static override styles = devicePickerStyles;

  @consume({ context: sessionContext, subscribe: true })
  @property({ attribute: false })
  session?: CallSession;

  @consume({ context: audioOutputContext, subscribe: true })
  @property({ attribute: false })
  audioOutput?: AudioOutputControl;

  /** `videoinput`, `audioinput` or `audiooutput`; anything else is `videoinput`, with a warning. */
  @property({ reflect: true })
  kind: DeviceKind = 'videoinput';

  /** The picked `deviceId` (in a live call: the device the call uses). */
  @property()
  value = '';

  @state() private devices: readonly MediaDeviceInfo[] = [];
  @state() private message = '';

  #unsubscribe: (() => void) | undefined;
  #refreshing = 0;

  readonly #watch = new SessionController(this, () => this.session, {
    events: ['local-stream', 'devices-change', 'session-closed'],
    onEvent: (event) => {
      if (event.name === 'devices-change') void this.refresh();
    },
  });

  override connectedCallback(): void {
    super.connectedCallback();
    this.#unsubscribe = onDeviceChange(() => void this.refresh());
    void this.refresh();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  /** Lists the devices again (done by itself on `devicechange`). */
  async refresh(): Promise<void> {
    const ask = ++this.#refreshing;
    const list = await listDevices();
    if (ask !== this.#refreshing) return; // a newer refresh is on its way
    this.devices = this.#kind === 'videoinput' ? list.cameras : this.#kind === 'audioinput' ? list.microphones : list.speakers;
  }

  get #kind(): DeviceKind {
    return KINDS.includes(this.kind) ? this.kind : 'videoinput';
  }

  /** The session, while it has its camera/microphone open and has not ended. */
  get #liveSession(): CallSession | undefined {
    const s = this.session;
    return s && s.state !== 'closed' && s.localStream ? s : undefined;
  }

  /** The device in use: the live call's track, the call's speaker, else `value`. */
  get selected(): string {
    const kind = this.#kind;
    if (kind === 'audiooutput') return this.audioOutput?.deviceId || this.value;
    const track = kind === 'videoinput' ? this.#liveSession?.localStream?.getVideoTracks()[0] : this.#liveSession?.localStream?.getAudioTracks()[0];
    const inUse = track && track.readyState === 'live' && !this.session?.screenSharing ? track.getSettings().deviceId : undefined;
    return inUse ?? this.value;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('kind')) {
      if (!KINDS.includes(this.kind)) console.warn(`<device-picker> kind=${JSON.stringify(this.kind)} is not valid; using videoinput`);
      if (changed.get('kind') !== undefined) void this.refresh();
    }
  }

  async #pick(event: Event): Promise<void> {
    const select = event.target as HTMLSelectElement;
    const deviceId = select.value;
    const kind = this.#kind;
    this.message = '';
    try {
      const session = this.#liveSession;
      if (kind !== 'audiooutput' && session) await session.setInputDevice(kind, deviceId);
      else if (kind === 'audiooutput' && this.audioOutput) await this.audioOutput.setAudioOutput(deviceId);
    } catch (error) {
      this.message = `${this.strings.deviceSwitchFailed} ${error instanceof Error ? error.message : String(error)}`;
      select.value = this.selected;
      return;
    }
    this.value = deviceId;
    this.emit('device-change', { kind, deviceId });
  }

  protected override render() {
    const t = this.strings;
    const kind = this.#kind;
    const name = kind === 'videoinput' ? t.camera : kind === 'audioinput' ? t.microphone : t.speaker;
    const unsupported = kind === 'audiooutput' && !canChooseAudioOutput();
    const usable = this.devices.filter((d) => d.deviceId !== '' || this.devices.length === 1);
    const selected = this.selected || usable[0]?.deviceId || '';
    return html`<div part="base" dir=${this.direction}>
      <label part="label" for="select">${name}</label>
      <select part="select" id="select" ?disabled=${unsupported || usable.length === 0} .value=${live(selected)} @change=${(e: Event) => void this.#pick(e)}>
        ${usable.length === 0 ? html`<option value="">${t.noDevices}</option>` : nothing}
        ${usable.map(
          (d, i) =>
            html`<option value=${d.deviceId} ?selected=${d.deviceId === selected}>
              ${d.label || (d.deviceId === 'default' ? t.systemDefault : t.deviceNumbered(name, i + 1))}
            </option>`,
        )}
      </select>
      ${this.message || unsupported ? html`<p part="message" role="status">${this.message || t.speakerNotSupported}</p>` : nothing}
    </div>`;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'device-change': CustomEvent<DeviceChangeDetail>;
  }
}
