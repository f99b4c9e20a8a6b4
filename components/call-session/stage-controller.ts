import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CallSession } from '../../src/call-session.js';
import { CallError, toCallError } from '../../src/errors.js';
import { setAudioOutput } from '../../src/media/audio-output.js';
import type { AudioOutputControl } from '../context.js';
import type { DocumentPictureInPicture, PipWindow } from './pip-window.js';

/** `layout` of `<call-session>`: `auto` is the grid, and spotlight while someone shares a screen or is pinned. */
export type StageLayout = 'grid' | 'spotlight' | 'auto';
export const STAGE_LAYOUTS: readonly StageLayout[] = ['grid', 'spotlight', 'auto'];

/** Widest container laid out as a portrait phone. */
const NARROW_PX = 480;
const FOLLOWED = ['active-speaker', 'remote-track', 'remote-media-change', 'connected', 'connection-closed', 'session-closed'] as const;

export interface StageOptions {
  /** Whether keyboard shortcuts are on (`shortcuts` attribute). */
  shortcuts(): boolean;
  /** A shortcut was pressed: `mic`, `camera` or `hang-up`. */
  onShortcut(action: 'mic' | 'camera' | 'hang-up'): void;
  /** A failure to show (PiP refused, speaker not found, ...). */
  onError(error: CallError): void;
}

/**
 * The call stage's own state in `<call-session>`'s default layout: who is pinned, whom
 * this user muted for themselves ("mute for me", re-applied to a peer's new tracks), the
 * active speaker, which menu is open, the speaker remote audio plays on, full screen and
 * picture-in-picture, and the optional keyboard shortcuts. Follows the session read from
 * `getSession` in `hostUpdate()`; every listener and window it opens is closed in
 * `hostDisconnected()` (and the PiP window when the call ends).
 */
export class StageController implements ReactiveController, AudioOutputControl {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #getSession: () => CallSession | undefined;
  readonly #options: StageOptions;
  #session: CallSession | undefined;
  /** The pinned user (shown large). */
  pinned: string | undefined;
  /** Users this side does not hear (their audio keeps arriving). */
  mutedForMe: ReadonlySet<string> = new Set();
  /** The loudest remote speaker (who is not muted), from the session's `active-speaker`. */
  activeSpeaker: string | undefined;
  /** The open menu: `settings`, or a user ID for that tile's menu. */
  menu: string | undefined;
  #deviceId = '';
  /** The document picture-in-picture window (pip-window.ts, loaded with the first one). */
  #pip: PipWindow | undefined;
  /** The host is a portrait phone's width (≤ 480 px): one bar, remote video filling, a small self-view. */
  narrow = false;
  // A ResizeObserver, not a CSS container query: Chromium paints remote <video>s black inside a size container.
  readonly #resize = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver((entries) => this.#onResize(entries));

  readonly #onEvent = (event: Event) => {
    const session = this.#session;
    if (!session) return;
    if (event.type === 'active-speaker') this.activeSpeaker = (event as CustomEvent<{ userId?: string }>).detail.userId || undefined;
    else if (event.type === 'remote-track') {
      const { userId } = (event as CustomEvent<{ userId: string }>).detail;
      if (this.mutedForMe.has(userId)) session.setRemoteAudioEnabled(userId, false);
    } else if (event.type === 'session-closed') this.#closePip();
    if (event.type === 'connected' || event.type === 'connection-closed') this.#syncPip();
    // A new track changes nothing the layout shows (its tile plays it).
    if (event.type !== 'remote-track') this.#host.requestUpdate();
  };

  readonly #onFullscreen = () => this.#host.requestUpdate();

  readonly #onKey = (event: KeyboardEvent) => {
    if (!this.#options.shortcuts() || !this.#session || this.#session.state === 'closed' || event.altKey || event.repeat) return;
    if (!(event.ctrlKey || event.metaKey)) return;
    const key = event.key.toLowerCase();
    const action = !event.shiftKey && key === 'd' ? 'mic' : !event.shiftKey && key === 'e' ? 'camera' : event.shiftKey && key === 'h' ? 'hang-up' : undefined;
    if (!action) return;
    event.preventDefault();
    this.#options.onShortcut(action);
  };

  constructor(host: ReactiveControllerHost & HTMLElement, getSession: () => CallSession | undefined, options: StageOptions) {
    this.#host = host;
    this.#getSession = getSession;
    this.#options = options;
    host.addController(this);
  }

  #onResize(entries: ResizeObserverEntry[]): void {
    const width = entries.at(-1)?.contentRect.width ?? 0;
    const narrow = width > 0 && width <= NARROW_PX;
    if (narrow === this.narrow) return;
    // Next frame, not now: a layout change inside the observer's own callback is a "ResizeObserver loop".
    requestAnimationFrame(() => {
      this.narrow = narrow;
      this.#host.requestUpdate();
    });
  }

  hostConnected(): void {
    this.#resize?.observe(this.#host);
    document.addEventListener('fullscreenchange', this.#onFullscreen);
    window.addEventListener('keydown', this.#onKey);
  }

  hostDisconnected(): void {
    this.#resize?.disconnect();
    document.removeEventListener('fullscreenchange', this.#onFullscreen);
    window.removeEventListener('keydown', this.#onKey);
    this.#follow(undefined);
    this.#closePip();
  }

  hostUpdate(): void {
    const session = this.#getSession();
    if (session !== this.#session) this.#follow(session);
  }

  #follow(session: CallSession | undefined): void {
    for (const name of FOLLOWED) {
      this.#session?.removeEventListener(name, this.#onEvent);
      session?.addEventListener(name, this.#onEvent);
    }
    if (session !== this.#session) {
      this.pinned = undefined;
      this.mutedForMe = new Set();
      this.activeSpeaker = undefined;
      this.menu = undefined;
    }
    this.#session = session;
  }

  togglePin(userId: string): void {
    this.pinned = this.pinned === userId ? undefined : userId;
    this.#host.requestUpdate();
  }

  /** "Mute for me": this side stops hearing `userId` (or hears them again); they keep sending. */
  toggleMuteForMe(userId: string): void {
    const next = new Set(this.mutedForMe);
    const mute = !next.has(userId);
    if (mute) next.add(userId);
    else next.delete(userId);
    this.mutedForMe = next;
    this.#session?.setRemoteAudioEnabled(userId, !mute);
    this.#host.requestUpdate();
  }

  toggleMenu(name: string): void {
    this.menu = this.menu === name ? undefined : name;
    this.#host.requestUpdate();
  }

  closeMenu(): void {
    this.menu = undefined;
    this.#host.requestUpdate();
  }

  // ---- speaker (AudioOutputControl) ----

  get deviceId(): string {
    return this.#deviceId;
  }

  async setAudioOutput(deviceId: string): Promise<void> {
    // Checked on a probe element first, so a bad id rejects here with the typed error.
    await setAudioOutput(new Audio(), deviceId);
    this.#deviceId = deviceId;
    this.#host.requestUpdate();
  }

  // ---- full screen and picture-in-picture ----

  get fullscreen(): boolean {
    return document.fullscreenElement === this.#host;
  }

  get canFullscreen(): boolean {
    return typeof this.#host.requestFullscreen === 'function' && document.fullscreenEnabled !== false;
  }

  async toggleFullscreen(): Promise<void> {
    try {
      if (this.fullscreen) await document.exitFullscreen();
      else await this.#host.requestFullscreen();
    } catch (error) {
      this.#options.onError(toCallError(error, 'not-supported'));
    }
  }

  get canPictureInPicture(): boolean {
    return !!documentPip() || (typeof document !== 'undefined' && document.pictureInPictureEnabled === true);
  }

  get pictureInPicture(): boolean {
    return !!this.#pip || !!document.pictureInPictureElement;
  }

  /**
   * Document picture-in-picture (a small always-on-top window with every remote video) where
   * the browser has it, else the browser's video PiP of `fallback` (the spotlit tile's video).
   */
  async togglePictureInPicture(fallback: () => Promise<unknown>): Promise<void> {
    try {
      if (this.pictureInPicture) {
        this.#closePip();
        if (document.pictureInPictureElement) await document.exitPictureInPicture();
        return;
      }
      const dpip = documentPip();
      const session = this.#session;
      if (dpip && session) {
        const { PipWindow } = await import('./pip-window.js');
        const pip = await PipWindow.open(dpip, (closed) => {
          if (this.#pip === closed) this.#pip = undefined;
          this.#host.requestUpdate();
        });
        // The call ended while the window opened: it has nothing to show.
        if (this.#session !== session || session.state === 'closed') pip.close();
        else {
          this.#pip = pip;
          this.#syncPip();
        }
      } else await fallback();
    } catch (error) {
      this.#options.onError(error instanceof CallError ? error : toCallError(error, 'not-supported'));
    } finally {
      this.#host.requestUpdate();
    }
  }

  /** The PiP window shows the video of everyone connected (or reconnecting): later joiners appear, leavers go. */
  #syncPip(): void {
    if (this.#session) this.#pip?.sync(this.#session);
  }

  #closePip(): void {
    const win = this.#pip;
    this.#pip = undefined;
    win?.close();
  }
}

function documentPip(): DocumentPictureInPicture | undefined {
  return typeof window === 'undefined' ? undefined : (window as Window & { documentPictureInPicture?: DocumentPictureInPicture }).documentPictureInPicture;
}
