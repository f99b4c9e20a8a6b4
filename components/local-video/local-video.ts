import { consume } from '@lit/context';
import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import type { CallSession } from '../../src/call-session.js';
import { sessionContext } from '../context.js';
import { icon } from '../icons.js';
import { MeshcallElement } from '../meshcall-element.js';
import { SessionController } from '../session-controller.js';
import { localVideoStyles } from './local-video.styles.js';

/**
 * The local camera preview of the current call: mirrored (like a mirror, except while
 * sharing the screen), always muted, and a placeholder while the camera is off. Inside
 * `<call-session>` it follows the session (and shows Muted / Camera off / Sharing screen
 * badges, like every remote tile); alone, give it a `stream`.
 *
 * @summary Local camera preview (mirrored, muted) with a camera-off placeholder.
 *
 * @csspart base - The figure around the preview.
 * @csspart video - The `<video>` showing the local stream.
 * @csspart placeholder - Shown instead of the video while the camera is off.
 * @csspart label - The caption ("You").
 * @csspart badges - The group of badges (in a call).
 * @csspart badge - Each badge ("Muted", "Camera off", "Sharing screen").
 *
 * @cssproperty --meshcall-local-video-font - Font family (falls back to `--meshcall-font`).
 * @cssproperty --meshcall-local-video-radius - Corner radius (falls back to `--meshcall-radius`).
 * @cssproperty --meshcall-local-video-video-background - Behind the video and placeholder (falls back to `--meshcall-video-background`).
 * @cssproperty --meshcall-local-video-video-fit - `object-fit` of the video (falls back to `--meshcall-video-fit`, default `cover`).
 * @cssproperty --meshcall-local-video-overlay-background - Behind the caption (falls back to `--meshcall-overlay-background`).
 * @cssproperty --meshcall-local-video-overlay-text - Caption and placeholder text (falls back to `--meshcall-overlay-text`).
 */
export class LocalVideoElement extends MeshcallElement {
  static override styles = localVideoStyles;

  /** The call to preview; provided by `<call-session>`. */
  @consume({ context: sessionContext, subscribe: true })
  @property({ attribute: false })
  session?: CallSession;

  /** A stream to show instead of the session's local stream (standalone use). */
  @property({ attribute: false })
  stream?: MediaStream;

  readonly #watch = new SessionController(this, () => this.session, { events: ['local-stream', 'local-media-change', 'state-change', 'session-closed'] });

  get #shown(): MediaStream | undefined {
    if (this.stream) return this.stream;
    const session = this.session;
    return session && session.state !== 'closed' ? session.localStream : undefined;
  }

  protected override render() {
    const stream = this.#shown;
    const cameraOn = !!stream?.getVideoTracks().some((t) => t.enabled && t.readyState === 'live');
    const session = !this.stream && this.session && this.session.state !== 'closed' && this.session.localStream ? this.session : undefined;
    const t = this.strings;
    const mirrored = cameraOn && !this.session?.screenSharing;
    return html`
      <figure part="base" dir=${this.direction}>
        <video
          part="video"
          class=${mirrored ? 'mirrored' : ''}
          ?hidden=${!cameraOn}
          autoplay
          playsinline
          muted
          .muted=${true}
          .srcObject=${live(stream ?? null)}
        ></video>
        ${cameraOn ? nothing : html`<div part="placeholder">${this.strings.cameraIsOff}</div>`}
        <figcaption part="label">${t.you}</figcaption>
        ${
          session
            ? html`<div part="badges">
              ${session.localStream?.getAudioTracks().length && !session.audioEnabled ? html`<span part="badge muted">${icon('mic-off')}${t.muted}</span>` : nothing}
              ${session.localStream?.getVideoTracks().length && !session.videoEnabled ? html`<span part="badge video-off">${icon('camera-off')}${t.videoOff}</span>` : nothing}
              ${session.screenSharing ? html`<span part="badge screen">${icon('screen-share')}${t.sharingScreen}</span>` : nothing}
            </div>`
            : nothing
        }
      </figure>
    `;
  }
}
