import { consume } from '@lit/context';
import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import type { CallSession } from '../../src/call-session.js';
import { CallError } from '../../src/errors.js';
import type { MediaState } from '../../src/signaling/protocol.js';
import { peersContext, remoteAudioContext, sessionContext, type PeerInfo, type RemoteAudioClaims } from '../context.js';
import { icon } from '../icons.js';
import { MeshcallElement } from '../meshcall-element.js';
import { SessionController } from '../session-controller.js';
import { remoteVideoStyles } from './remote-video.styles.js';

const WATCHED = ['accepted', 'remote-track', 'remote-media-change', 'active-speaker', 'connection-state-change', 'state-change', 'session-closed'] as const;

/**
 * One other person in the call: their video (with sound), name, connection state and
 * mute badges. When the browser refuses to autoplay sound, the video plays muted and a
 * "Play audio" button appears; pressing it turns the sound on.
 *
 * @summary One remote participant's video with name, connection state and mute badges.
 *
 * @csspart base - The figure around the tile; also has the part `speaking` while this person is the active speaker.
 * @csspart speaking - Added to `base` while this person is the active speaker.
 * @csspart video - The `<video>` playing the remote stream.
 * @csspart placeholder - The name, shown instead of the video while their camera is off.
 * @csspart label - The caption with name and connection state.
 * @csspart name - The person's name (`userInfo.name`, else the user ID).
 * @csspart state - The connection state, shown while not connected.
 * @csspart badges - The group of badges.
 * @csspart badge - Each badge ("Muted", "Camera off", "Sharing screen").
 * @csspart play-button - The "Play audio" button shown when autoplay with sound was refused.
 *
 * @cssproperty --meshcall-remote-video-font - Font family (falls back to `--meshcall-font`).
 * @cssproperty --meshcall-remote-video-radius - Corner radius (falls back to `--meshcall-radius`).
 * @cssproperty --meshcall-remote-video-video-background - Behind the video (falls back to `--meshcall-video-background`).
 * @cssproperty --meshcall-remote-video-video-fit - `object-fit` of the video (falls back to `--meshcall-video-fit`).
 * @cssproperty --meshcall-remote-video-overlay-background - Behind caption and badges (falls back to `--meshcall-overlay-background`).
 * @cssproperty --meshcall-remote-video-overlay-text - Caption and badge text (falls back to `--meshcall-overlay-text`).
 * @cssproperty --meshcall-remote-video-accent - Outline of the active speaker (falls back to `--meshcall-accent`).
 * @cssproperty --meshcall-remote-video-surface - Background of the "Play audio" button (falls back to `--meshcall-surface`).
 * @cssproperty --meshcall-remote-video-text - Text of the "Play audio" button (falls back to `--meshcall-text`).
 * @cssproperty --meshcall-remote-video-background - Text of the pressed "Play audio" button (falls back to `--meshcall-background`).
 * @cssproperty --meshcall-remote-video-border - Border of the "Play audio" button (falls back to `--meshcall-border`).
 * @cssproperty --meshcall-remote-video-focus-ring - Focus outline of the "Play audio" button (falls back to `--meshcall-focus-ring`).
 *
 * @fires {CustomEvent<CallErrorDetail>} call-error - `setSinkId` failed for `sink-id`; `detail: { error: CallError, userId }`.
 */
export class RemoteVideoElement extends MeshcallElement {
  static override styles = remoteVideoStyles;

  /** Whose video this is. */
  @property({ attribute: 'user-id', reflect: true })
  userId = '';

  /** A name to show instead of the one from the call (`userInfo.name`) or the user ID. */
  @property()
  name?: string;

  /** Audio output device (`HTMLMediaElement.setSinkId`), where the browser supports it. */
  @property({ attribute: 'sink-id' })
  sinkId?: string;

  /** A stream to play instead of the session's stream of `user-id` (standalone use). */
  @property({ attribute: false })
  stream?: MediaStream;

  /** The call; provided by `<call-session>`. */
  @consume({ context: sessionContext, subscribe: true })
  @property({ attribute: false })
  session?: CallSession;

  @consume({ context: peersContext, subscribe: true })
  @state()
  private peers?: ReadonlyMap<string, PeerInfo>;

  /** Who plays which user's audio; this tile claims the user it plays. */
  @consume({ context: remoteAudioContext, subscribe: true })
  @state()
  private audioClaims?: RemoteAudioClaims;

  @state() private needsGesture = false;
  @query('video') private video?: HTMLVideoElement;

  /** What this tile heard itself (standalone use); `<call-session>` provides the same through context. */
  #media: MediaState | undefined;
  #heardName: string | undefined;
  #speaking = false;
  #played: MediaStream | undefined;
  #claim: { key: string; claims: RemoteAudioClaims; release: () => void } | undefined;

  readonly #watch = new SessionController(this, () => this.session, {
    events: WATCHED,
    onEvent: (event) => {
      if (event.name === 'accepted' && event.detail.userId === this.userId && event.detail.userInfo?.name) this.#heardName = event.detail.userInfo.name;
      if (event.name === 'remote-media-change' && event.detail.userId === this.userId) this.#media = event.detail.media;
      if (event.name === 'active-speaker') this.#speaking = event.detail.userId === this.userId;
      if (event.name === 'remote-track' && event.detail.userId === this.userId) this.#played = undefined;
    },
  });

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('session') || changed.has('userId')) {
      this.#media = undefined;
      this.#heardName = undefined;
      this.#speaking = false;
    }
  }

  get #stream(): MediaStream | undefined {
    if (this.stream) return this.stream;
    const session = this.session;
    return session && session.state !== 'closed' ? session.remoteStream(this.userId) : undefined;
  }

  get #displayName(): string {
    return this.name || this.peers?.get(this.userId)?.userInfo?.name || this.#heardName || this.userId;
  }

  protected override render() {
    const t = this.strings;
    const stream = this.#stream;
    const media = this.#media ?? this.peers?.get(this.userId)?.media;
    const state = this.stream ? 'connected' : (this.session?.connectionState(this.userId) ?? 'unknown');
    const videoOn = !!stream?.getVideoTracks().some((track) => track.readyState === 'live') && media?.video !== false;
    const name = this.#displayName;
    // The ring drops as soon as they mute (the core's speaker reader may lag a report behind).
    const speaking = this.#speaking && media?.audio !== false;
    return html`
      <figure part=${speaking ? 'base speaking' : 'base'} dir=${this.direction}>
        <video part="video" ?hidden=${!videoOn} autoplay playsinline .srcObject=${live(stream ?? null)}></video>
        ${videoOn ? nothing : html`<div part="placeholder" aria-hidden="true">${name}</div>`}
        <figcaption part="label">
          <span part="name" title=${name}>${name}</span>
          ${state === 'connected' ? nothing : html`<span part="state">${t.connectionState[state]}</span>`}
        </figcaption>
        <div part="badges">
          ${media?.audio === false ? html`<span part="badge muted">${icon('mic-off')}${t.muted}</span>` : nothing}
          ${media?.video === false ? html`<span part="badge video-off">${icon('camera-off')}${t.videoOff}</span>` : nothing}
          ${media?.screen ? html`<span part="badge screen">${icon('screen-share')}${t.sharingScreen}</span>` : nothing}
        </div>
        ${this.needsGesture ? html`<button part="play-button" type="button" @click=${this.#playWithSound}>${t.playAudio(name)}</button>` : nothing}
      </figure>
    `;
  }

  /** Shows this tile's video in the browser's picture-in-picture window; rejects where the browser cannot (or no video plays). */
  async requestPictureInPicture(): Promise<PictureInPictureWindow> {
    const video = this.video;
    if (!video || video.hidden || typeof video.requestPictureInPicture !== 'function') {
      throw new CallError('not-supported', 'No video to show in picture-in-picture here.');
    }
    return video.requestPictureInPicture();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#claim?.release();
    this.#claim = undefined;
  }

  /** While this tile plays the session's stream of `user-id`, it claims that user's audio. */
  #syncClaim(): void {
    const claims = this.audioClaims;
    const key = claims && !this.stream && this.session && this.userId ? this.userId : '';
    if (key === (this.#claim?.key ?? '') && claims === this.#claim?.claims) return;
    this.#claim?.release();
    this.#claim = key && claims ? { key, claims, release: claims.claim(key) } : undefined;
  }

  protected override updated(changed: PropertyValues<this>): void {
    this.#syncClaim();
    const video = this.video;
    if (!video) return;
    const stream = video.srcObject instanceof MediaStream ? video.srcObject : undefined;
    if (stream && stream !== this.#played) {
      this.#played = stream;
      void this.#play(video);
    }
    if (changed.has('sinkId') && this.sinkId !== undefined) void this.#applySink(video, this.sinkId);
  }

  /** Plays with sound; if autoplay with sound is refused, plays muted and offers the button. */
  async #play(video: HTMLVideoElement): Promise<void> {
    try {
      video.muted = false;
      await video.play();
      this.needsGesture = false;
    } catch (error) {
      if ((error as DOMException).name !== 'NotAllowedError') return; // AbortError: a newer stream replaced this one
      this.needsGesture = true;
      video.muted = true;
      await video.play().catch(() => undefined);
    }
  }

  #playWithSound = async () => {
    const video = this.video;
    if (!video) return;
    video.muted = false;
    try {
      await video.play();
      this.needsGesture = false;
    } catch {
      video.muted = true;
    }
  };

  async #applySink(video: HTMLVideoElement, sinkId: string): Promise<void> {
    const withSink = video as HTMLVideoElement & { setSinkId?: (id: string) => Promise<void>; sinkId?: string };
    // Already there (the default speaker is ''): nothing to do, and no call that can be aborted.
    if (typeof withSink.setSinkId !== 'function' || withSink.sinkId === sinkId) return;
    try {
      await withSink.setSinkId(sinkId);
    } catch (error) {
      // The tile went away while switching (the call ended): nothing to report.
      if (!this.isConnected || !video.srcObject) return;
      this.emit('call-error', {
        error: new CallError('no-device', `Cannot play ${this.#displayName}'s audio on output device ${sinkId}: ${String(error)}`, { cause: error }),
        userId: this.userId,
      });
    }
  }
}
