import { consume } from '@lit/context';
import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { CallSession } from '../../src/call-session.js';
import { toCallError } from '../../src/errors.js';
import { callPhase } from '../call-phase.js';
import { booleanAttribute } from '../attribute-converters.js';
import { actionsContext, sessionContext, type CallActions } from '../context.js';
import { icon, type IconName } from '../icons.js';
import { MeshcallElement } from '../meshcall-element.js';
import { SessionController } from '../session-controller.js';
import { CameraCountController } from './camera-count-controller.js';
import { callControlsStyles } from './call-controls.styles.js';

interface ControlButton {
  name: string;
  label: string;
  icon: IconName;
  /** Set for toggles (rendered as `aria-pressed`). */
  pressed?: boolean;
  action: () => unknown;
}

/** The microphone (`mute`) or camera toggle: pressed, with the crossed-out icon, while that medium is off. */
function mediaToggle(session: CallSession, kind: 'audio' | 'video', label: string): ControlButton {
  const audio = kind === 'audio';
  const enabled = () => (audio ? session.audioEnabled : session.videoEnabled);
  const on = enabled();
  const [onIcon, offIcon]: [IconName, IconName] = audio ? ['mic', 'mic-off'] : ['camera', 'camera-off'];
  return {
    name: audio ? 'mute' : 'camera',
    label,
    icon: on ? onIcon : offIcon,
    pressed: !on,
    action: () => (audio ? session.setAudioEnabled(!enabled()) : session.setVideoEnabled(!enabled())),
  };
}

const WATCHED = ['state-change', 'connection-state-change', 'local-stream', 'local-media-change', 'devices-change', 'session-closed'] as const;

/**
 * The buttons of a call, showing only what the current state allows: Call when idle,
 * Accept and Reject while ringing, and during a call Mute microphone, Camera off, Switch
 * camera (with more than one camera), Share screen (once connected) and Hang up. Real
 * `<button>`s with an icon (inline SVG) and a text label that is the accessible name and
 * the tooltip; `labels` shows the text beside the icon. Toggles carry `aria-pressed`.
 * Inside `<call-session>` they act through it; alone, give it a `session` (then there is
 * no Call button). Buttons put in the `extra` slot sit in the same bar, before Hang up.
 *
 * @summary Call, accept, reject, hang up, mute, camera, switch camera and screen share buttons.
 *
 * @slot extra - More buttons for the same bar (the call stage puts settings, picture-in-picture and full screen here).
 *
 * @csspart base - The group around the buttons.
 * @csspart button - Every button.
 * @csspart call - The Call button.
 * @csspart accept - The Accept button.
 * @csspart reject - The Reject button.
 * @csspart hang-up - The Hang up button.
 * @csspart mute - The Mute microphone toggle.
 * @csspart camera - The Camera off toggle.
 * @csspart switch-camera - The Switch camera button.
 * @csspart screen-share - The Share screen toggle.
 * @csspart icon - The icon in each button.
 * @csspart label - The text of each button (visually hidden unless `labels`).
 *
 * @cssproperty --meshcall-call-controls-font - Font family (falls back to `--meshcall-font`).
 * @cssproperty --meshcall-call-controls-radius - Button corner radius (falls back to `--meshcall-radius`).
 * @cssproperty --meshcall-call-controls-spacing - Gap between buttons (falls back to `--meshcall-spacing`).
 * @cssproperty --meshcall-call-controls-background - Background behind the buttons (falls back to `--meshcall-background`).
 * @cssproperty --meshcall-call-controls-surface - Background of plain buttons (falls back to `--meshcall-surface`).
 * @cssproperty --meshcall-call-controls-text - Text of plain buttons (falls back to `--meshcall-text`).
 * @cssproperty --meshcall-call-controls-border - Button border (falls back to `--meshcall-border`).
 * @cssproperty --meshcall-call-controls-accent - Call button (falls back to `--meshcall-accent`).
 * @cssproperty --meshcall-call-controls-accent-text - Text on the Call button (falls back to `--meshcall-accent-text`).
 * @cssproperty --meshcall-call-controls-success - Accept button (falls back to `--meshcall-success`).
 * @cssproperty --meshcall-call-controls-success-text - Text on the Accept button (falls back to `--meshcall-success-text`).
 * @cssproperty --meshcall-call-controls-danger - Reject and Hang up buttons (falls back to `--meshcall-danger`).
 * @cssproperty --meshcall-call-controls-danger-text - Text on the Reject and Hang up buttons (falls back to `--meshcall-danger-text`).
 * @cssproperty --meshcall-call-controls-focus-ring - Focus outline (falls back to `--meshcall-focus-ring`).
 *
 * @fires {CustomEvent<CallErrorDetail>} call-error - A button's action failed (camera denied, screen share refused, ...); `detail: { error: CallError }`.
 */
export class CallControlsElement extends MeshcallElement {
  static override styles = callControlsStyles;

  /** The call these buttons act on; provided by `<call-session>`. */
  @consume({ context: sessionContext, subscribe: true })
  @property({ attribute: false })
  session?: CallSession;

  /** Show each button's text beside its icon (by default the text is the tooltip and the accessible name). */
  @property({ converter: booleanAttribute('call-controls', 'labels', false), reflect: true })
  labels = false;

  @consume({ context: actionsContext, subscribe: true })
  @state()
  private actions?: CallActions;

  /** An action is in flight (camera opening, screen picker open): buttons ignore clicks (and stay focusable). */
  @state() private busy = false;

  readonly #cameras = new CameraCountController(this);
  readonly #watch = new SessionController(this, () => this.session, {
    events: WATCHED,
    onEvent: (event) => {
      if (event.name === 'local-stream' || event.name === 'devices-change') this.#cameras.refreshWhenIdle();
    },
  });

  protected override render() {
    // Keyed by name: a button keeps its DOM node (and focus) when others come and go.
    const buttons = this.#buttons();
    const hangUp = buttons.find((b) => b.name === 'hang-up');
    return html`<div part="base" role="group" aria-label=${this.strings.controls} dir=${this.direction}>
      ${repeat(
        buttons.filter((b) => b !== hangUp),
        (b) => b.name,
        (b) => this.#render(b),
      )}
      <slot name="extra"></slot>
      ${hangUp ? this.#render(hangUp) : nothing}
    </div>`;
  }

  /** Moves focus to the button named `name` (`call`, `accept`, `hang-up`, `mute`, ...); false if it is not shown. */
  focusButton(name: string): boolean {
    const target = this.shadowRoot?.querySelector<HTMLButtonElement>(`button[part~="${name}"]`);
    target?.focus();
    return !!target;
  }

  #buttons(): ControlButton[] {
    const t = this.strings;
    const session = this.session;
    switch (callPhase(session)) {
      case 'idle':
        return this.actions ? [{ name: 'call', label: t.call, icon: 'phone', action: () => this.actions?.call() }] : [];
      case 'incoming':
        return [
          { name: 'accept', label: t.accept, icon: 'phone', action: () => this.#accept() },
          { name: 'reject', label: t.reject, icon: 'hang-up', action: () => this.#reject() },
        ];
      default: {
        if (!session) return [];
        const stream = session.localStream;
        const buttons: ControlButton[] = [];
        if (stream?.getAudioTracks().length) buttons.push(mediaToggle(session, 'audio', t.mute));
        if (stream?.getVideoTracks().length) {
          buttons.push(mediaToggle(session, 'video', t.cameraOff));
          if (this.#cameras.count > 1 && !session.screenSharing) {
            buttons.push({ name: 'switch-camera', label: t.switchCamera, icon: 'switch-camera', action: () => session.switchCamera() });
          }
        }
        if (session.callType === 'video' && session.state === 'connected' && typeof navigator.mediaDevices?.getDisplayMedia === 'function') {
          const sharing = session.screenSharing;
          buttons.push({
            name: 'screen-share',
            label: t.shareScreen,
            icon: 'screen-share',
            pressed: sharing,
            action: () => (sharing ? session.stopScreenShare() : session.startScreenShare()),
          });
        }
        buttons.push({ name: 'hang-up', label: t.hangUp, icon: 'hang-up', action: () => (this.actions ? this.actions.hangUp() : session.hangUp()) });
        return buttons;
      }
    }
  }

  #render(b: ControlButton): TemplateResult {
    return html`<button
      part="button ${b.name}"
      class=${this.labels ? 'icon-button labelled' : 'icon-button'}
      type="button"
      title=${b.label}
      aria-pressed=${b.pressed === undefined ? nothing : b.pressed ? 'true' : 'false'}
      aria-disabled=${this.busy ? 'true' : 'false'}
      @click=${() => this.#run(b.action)}
    >${icon(b.icon)}<span part="label" class="label">${b.label}</span></button>`;
  }

  #accept(): Promise<void> {
    return this.actions ? this.actions.accept() : (this.session?.accept() ?? Promise.resolve());
  }

  #reject(): void {
    if (this.actions) this.actions.reject();
    else this.session?.reject();
  }

  /** Runs a button's action; a failure becomes `call-error`, never an exception in the page. */
  async #run(action: () => unknown): Promise<void> {
    if (this.busy) return;
    let result: unknown;
    try {
      result = action();
    } catch (error) {
      this.#fail(error);
      return;
    } finally {
      this.requestUpdate();
    }
    if (!(result instanceof Promise)) return;
    this.busy = true;
    try {
      await result;
    } catch (error) {
      this.#fail(error);
    } finally {
      this.busy = false;
    }
  }

  #fail(error: unknown): void {
    this.emit('call-error', { error: toCallError(error, 'media-error') });
  }
}
