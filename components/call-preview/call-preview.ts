import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { DEFAULT_CONFIG } from '../../src/config-defaults.js';
import type { VideoFormat } from '../../src/config.js';
import { CallError } from '../../src/errors.js';
import { startAudioSink, type AudioFrame } from '../../src/media/audio-sink.js';
import { getLocalMedia, stopStream } from '../../src/media/local-media.js';
import { booleanAttribute } from '../attribute-converters.js';
import type { DeviceKind } from '../device-picker/device-picker.js';
import { icon } from '../icons.js';
import { MeshcallElement } from '../meshcall-element.js';
import { browserFamily, type Strings } from '../strings.js';
import { callPreviewStyles } from './call-preview.styles.js';

/** What the person chose before joining: `detail` of `preview-join`. */
export interface PreviewChoice {
  /** Join with the microphone on. */
  audio: boolean;
  /** Join with the camera on. */
  video: boolean;
  audioDeviceId?: string;
  videoDeviceId?: string;
  /** The speaker picked ('' or absent: the system default). */
  audioOutputId?: string;
  /**
   * The preview's open camera/microphone, with `hand-over` only: whoever handles
   * `preview-join` owns it now and must stop it (`<call-session>` calls with it).
   */
  stream?: MediaStream;
}

/** Level of a block of samples, 0..1: RMS, scaled so speech fills most of the meter. */
export function meterLevel(samples: Float32Array): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  const rms = Math.sqrt(sum / Math.max(1, samples.length));
  return Math.min(1, rms * 4);
}

/**
 * The pre-join check: your camera (mirrored), a live microphone level meter, pickers for
 * camera, microphone and speaker, "join with microphone off / camera off" toggles and a
 * Join button that fires `preview-join` with those choices. It opens its own
 * camera/microphone when connected and releases them when you join, when `stop()` is
 * called and when it is removed. When the browser refuses or there is no device it says
 * what happened and what to do in this browser (Chrome/Edge, Firefox, Safari), with Try again.
 *
 * @summary Pre-join: self-view, mic meter, device pickers, join with mic/camera off.
 *
 * @csspart base - The whole preview.
 * @csspart frame - The box around the self-view.
 * @csspart video - The self-view `<video>`.
 * @csspart placeholder - Shown instead of the video (camera off, starting).
 * @csspart meter - The microphone level meter (`role="meter"`).
 * @csspart meter-level - Its filled part.
 * @csspart pickers - The three device pickers.
 * @csspart picker - Each `<device-picker>` (style inside it with `::part` on that element).
 * @csspart toggles - The two "join with … off" toggles.
 * @csspart toggle - Each toggle button (`aria-pressed`).
 * @csspart icon - Icons in the buttons.
 * @csspart join - The Join button.
 * @csspart error - What went wrong and what to do (`role="alert"`).
 * @csspart retry - The Try again button.
 *
 * @cssproperty --meshcall-call-preview-font - Font family (falls back to `--meshcall-font`).
 * @cssproperty --meshcall-call-preview-background - Background (falls back to `--meshcall-background`).
 * @cssproperty --meshcall-call-preview-surface - Buttons (falls back to `--meshcall-surface`).
 * @cssproperty --meshcall-call-preview-text - Text (falls back to `--meshcall-text`).
 * @cssproperty --meshcall-call-preview-border - Borders (falls back to `--meshcall-border`).
 * @cssproperty --meshcall-call-preview-accent - Join button and meter (falls back to `--meshcall-accent`).
 * @cssproperty --meshcall-call-preview-accent-text - Join button text (falls back to `--meshcall-accent-text`).
 * @cssproperty --meshcall-call-preview-danger - Error edge (falls back to `--meshcall-danger`).
 * @cssproperty --meshcall-call-preview-focus-ring - Focus outline (falls back to `--meshcall-focus-ring`).
 * @cssproperty --meshcall-call-preview-radius - Corner radius (falls back to `--meshcall-radius`).
 * @cssproperty --meshcall-call-preview-spacing - Gaps (falls back to `--meshcall-spacing`).
 * @cssproperty --meshcall-call-preview-video-background - Behind the self-view (falls back to `--meshcall-video-background`).
 * @cssproperty --meshcall-call-preview-overlay-text - Placeholder text (falls back to `--meshcall-overlay-text`).
 *
 * @fires {CustomEvent<PreviewJoinDetail>} preview-join - Join was pressed; `detail` is the `PreviewChoice`. The preview's own tracks are released.
 */
export class CallPreviewElement extends MeshcallElement {
  static override styles = callPreviewStyles;

  /** Check the camera (a video call). */
  @property({ converter: booleanAttribute('call-preview', 'video', true) })
  video = true;

  /** Check the microphone. */
  @property({ converter: booleanAttribute('call-preview', 'audio', true) })
  audio = true;

  /** Start with "join with microphone off" pressed. */
  @property({ attribute: 'mic-off', converter: booleanAttribute('call-preview', 'mic-off', false) })
  micOff = false;

  /** Start with "join with camera off" pressed. */
  @property({ attribute: 'camera-off', converter: booleanAttribute('call-preview', 'camera-off', false) })
  cameraOff = false;

  /** The Join button's text (`<call-session>` shows "Call" before calling). Default: "Join" in the page's language. */
  @property({ attribute: 'join-label' })
  joinLabel = '';

  /**
   * Join hands the open camera/microphone over in `preview-join`'s `detail.stream` instead of
   * releasing them, so the call needs no second start-up (`<call-session>` sets it). Whoever
   * handles the event then owns the stream.
   */
  @property({ attribute: 'hand-over', converter: booleanAttribute('call-preview', 'hand-over', false) })
  handOver = false;

  /** Resolution of the self-view (the call's `config.video` is a good value). */
  @property({ attribute: false })
  format: VideoFormat = DEFAULT_CONFIG.video;

  /** The preview's own stream while it runs. */
  @state() stream?: MediaStream;
  /** Why the camera/microphone could not be opened. */
  @state() error?: CallError;
  /** Microphone level, 0..1, while the microphone is on. */
  @state() level = 0;
  @state() private starting = false;
  @state() private devices: Partial<Record<DeviceKind, string>> = {};

  #generation = 0;
  #stopMeter: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stop();
  }

  /** Opens (or re-opens) the camera/microphone with the picked devices. */
  async start(): Promise<void> {
    this.stop();
    const generation = this.#generation;
    this.starting = true;
    this.error = undefined;
    const request = { format: this.format, audioDeviceId: this.devices.audioinput, videoDeviceId: this.devices.videoinput };
    let stream: MediaStream | undefined;
    try {
      stream = await getLocalMedia({ ...request, audio: this.audio, video: this.video });
    } catch (error) {
      // One of two missing (a laptop without a camera): the other still works.
      if (error instanceof CallError && error.code === 'no-device' && this.audio && this.video) {
        stream = await getLocalMedia({ ...request, audio: true, video: false }).catch(() => undefined);
        stream ??= await getLocalMedia({ ...request, audio: false, video: true }).catch(() => undefined);
      }
      if (!stream && generation === this.#generation) this.error = error instanceof CallError ? error : new CallError('media-error', String(error));
    }
    if (generation !== this.#generation) {
      stopStream(stream); // stopped or restarted while the browser was opening them
      return;
    }
    this.starting = false;
    if (!stream) return;
    this.stream = stream;
    this.#applyToggles();
    const mic = stream.getAudioTracks()[0];
    if (mic) this.#startMeter(mic);
  }

  #startMeter(mic: MediaStreamTrack): void {
    let frames = 0;
    const sink = (frame: AudioFrame) => {
      frames++;
      this.#meter(frame.samples[0]);
    };
    let stopSink = startAudioSink(mic, sink, { remote: false });
    // Before any click or key press a browser may keep audio processing suspended (autoplay
    // rules): on the first one, start the meter again if it has not had a single frame yet.
    const wake = () => {
      if (frames > 0) return;
      stopSink();
      stopSink = startAudioSink(mic, sink, { remote: false });
    };
    const options = { capture: true, once: true } as const;
    window.addEventListener('pointerdown', wake, options);
    window.addEventListener('keydown', wake, options);
    this.#stopMeter = () => {
      window.removeEventListener('pointerdown', wake, options);
      window.removeEventListener('keydown', wake, options);
      stopSink();
    };
  }

  /** Focuses the Join button (what a person does next). */
  override focus(options?: FocusOptions): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLButtonElement>('[part~="join"]')?.focus(options));
  }

  /** Releases the camera and microphone (Join and removal do it too). */
  stop(): void {
    this.#generation++;
    this.#stopMeter?.();
    this.#stopMeter = undefined;
    stopStream(this.stream);
    this.stream = undefined;
    this.level = 0;
    this.starting = false;
  }

  #meter(samples: Float32Array | undefined): void {
    if (!samples) return;
    const enabled = this.stream?.getAudioTracks()[0]?.enabled;
    // Quick rise, slow fall, so short syllables show.
    const next = enabled ? Math.max(meterLevel(samples), this.level * 0.85) : 0;
    if (Math.abs(next - this.level) > 0.005 || (next === 0 && this.level !== 0)) this.level = next < 0.01 ? 0 : next;
  }

  #applyToggles(): void {
    for (const t of this.stream?.getAudioTracks() ?? []) t.enabled = !this.micOff;
    for (const t of this.stream?.getVideoTracks() ?? []) t.enabled = !this.cameraOff;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('micOff') || changed.has('cameraOff')) this.#applyToggles();
  }

  #picked(event: CustomEvent<{ kind: DeviceKind; deviceId: string }>): void {
    const { kind, deviceId } = event.detail;
    this.devices = { ...this.devices, [kind]: deviceId };
    if (kind !== 'audiooutput' && this.isConnected) void this.start();
  }

  /** The choices Join would send now. */
  get choice(): PreviewChoice {
    const inUse = (track: MediaStreamTrack | undefined) => (track?.readyState === 'live' ? track.getSettings().deviceId : undefined);
    const audioDeviceId = inUse(this.stream?.getAudioTracks()[0]) ?? this.devices.audioinput;
    const videoDeviceId = inUse(this.stream?.getVideoTracks()[0]) ?? this.devices.videoinput;
    return {
      audio: this.audio && !this.micOff,
      video: this.video && !this.cameraOff,
      ...(audioDeviceId ? { audioDeviceId } : {}),
      ...(videoDeviceId ? { videoDeviceId } : {}),
      ...(this.devices.audiooutput !== undefined ? { audioOutputId: this.devices.audiooutput } : {}),
    };
  }

  #join(): void {
    const choice = this.choice;
    const stream = this.handOver ? this.stream : undefined;
    if (stream) this.stream = undefined; // handed over: stop() below leaves it running
    this.stop();
    this.emit('preview-join', stream ? { ...choice, stream } : choice);
  }

  protected override render() {
    const t = this.strings;
    const cameraOn = !!this.stream?.getVideoTracks().some((v) => v.readyState === 'live') && !this.cameraOff;
    const percent = Math.round(this.level * 100);
    const placeholder = this.starting ? t.startingCamera : this.error ? '' : t.cameraIsOff;
    return html`<section part="base" aria-label=${t.preview} dir=${this.direction}>
      ${
        this.video
          ? html`<div part="frame">
            <video part="video" aria-label=${t.previewVideo} ?hidden=${!cameraOn} autoplay playsinline muted .muted=${true} .srcObject=${live(this.stream ?? null)}></video>
            ${cameraOn || !placeholder ? nothing : html`<div part="placeholder">${placeholder}</div>`}
          </div>`
          : nothing
      }
      ${this.error ? this.#errorBox(t, this.error) : nothing}
      ${
        this.audio
          ? html`<div part="meter" role="meter" aria-label=${t.microphoneLevel} aria-valuemin="0" aria-valuemax="100" aria-valuenow=${percent}>
            <div part="meter-level" style="inline-size: ${percent}%"></div>
          </div>`
          : nothing
      }
      <div part="pickers" @device-change=${(e: CustomEvent<{ kind: DeviceKind; deviceId: string }>) => this.#picked(e)}>
        ${this.video ? html`<device-picker part="picker" kind="videoinput" .value=${this.devices.videoinput ?? ''}></device-picker>` : nothing}
        ${this.audio ? html`<device-picker part="picker" kind="audioinput" .value=${this.devices.audioinput ?? ''}></device-picker>` : nothing}
        <device-picker part="picker" kind="audiooutput" .value=${this.devices.audiooutput ?? ''}></device-picker>
      </div>
      <div part="toggles">
        ${
          this.audio
            ? html`<button part="toggle" type="button" aria-pressed=${String(this.micOff)} @click=${() => (this.micOff = !this.micOff)}>
              ${icon(this.micOff ? 'mic-off' : 'mic')}<span>${t.joinMicOff}</span>
            </button>`
            : nothing
        }
        ${
          this.video
            ? html`<button part="toggle" type="button" aria-pressed=${String(this.cameraOff)} @click=${() => (this.cameraOff = !this.cameraOff)}>
              ${icon(this.cameraOff ? 'camera-off' : 'camera')}<span>${t.joinCameraOff}</span>
            </button>`
            : nothing
        }
      </div>
      <button part="join" type="button" @click=${() => this.#join()}>${icon('phone')}<span>${this.joinLabel || t.join}</span></button>
    </section>`;
  }

  #errorBox(t: Strings, error: CallError) {
    const [what, help] =
      error.code === 'permission-denied'
        ? [t.permissionDenied, t.permissionHelp[browserFamily()]]
        : error.code === 'no-device'
          ? [t.noDevice, t.noDeviceHelp]
          : error.code === 'device-busy'
            ? [t.deviceBusy, t.deviceBusyHelp]
            : error.code === 'media-unavailable'
              ? [t.mediaUnavailable, '']
              : [t.mediaError, error.message];
    return html`<div part="error" role="alert">
      <p><strong>${what}</strong></p>
      ${help ? html`<p>${help}</p>` : nothing}
      <button part="retry" type="button" @click=${() => void this.start()}>${t.tryAgain}</button>
    </div>`;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'preview-join': CustomEvent<PreviewChoice>;
  }
}
