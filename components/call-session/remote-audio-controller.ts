import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CallSession } from '../../src/call-session.js';
import { isTerminal, type ConnectionState } from '../../src/states.js';
import type { RemoteAudioClaims } from '../context.js';

const NOT_YET_UP: ReadonlySet<ConnectionState> = new Set<ConnectionState>(['unknown', 'new', 'pending', 'connecting', 'checking']);

/**
 * Plays the audio of every remote user that no `<remote-video>` plays (a custom layout that
 * leaves a tile out, a spotlight layout, an audio-only screen), in hidden `<audio>`
 * elements in the host's shadow root. Tiles claim the users they play through
 * `remoteAudioContext`. Follows the session read from `getSession` in `hostUpdate()`.
 */
export class RemoteAudioController implements ReactiveController, RemoteAudioClaims {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #getSession: () => CallSession | undefined;
  readonly #claims = new Map<string, number>();
  readonly #players = new Map<string, HTMLAudioElement>();
  #session: CallSession | undefined;
  #sinkId = '';
  #retryOnGesture: (() => void) | undefined;
  #soon: ReturnType<typeof setTimeout> | undefined;
  /**
   * Reconciles a task later, not at once: a connection that just came up makes the host render
   * its tile first, and a `<remote-video>` that plays the user claims the audio before a player
   * is made here for nothing.
   */
  readonly #onSessionEvent = () => {
    this.#soon ??= setTimeout(() => {
      this.#soon = undefined;
      this.#reconcile();
    }, 0);
  };

  constructor(host: ReactiveControllerHost & HTMLElement, getSession: () => CallSession | undefined) {
    this.#host = host;
    this.#getSession = getSession;
    host.addController(this);
  }

  claim(userId: string): () => void {
    this.#claims.set(userId, (this.#claims.get(userId) ?? 0) + 1);
    this.#reconcile();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#claims.get(userId) ?? 1) - 1;
      if (left > 0) this.#claims.set(userId, left);
      else this.#claims.delete(userId);
      this.#reconcile();
    };
  }

  /** The speaker (`setSinkId`) every player here uses; '' = the system default. */
  set sinkId(deviceId: string) {
    if (deviceId === this.#sinkId) return;
    this.#sinkId = deviceId;
    for (const audio of this.#players.values()) this.#route(audio);
  }

  #route(audio: HTMLAudioElement): void {
    const sink = audio as HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };
    if (typeof sink.setSinkId === 'function' && (this.#sinkId || sink.sinkId)) void sink.setSinkId(this.#sinkId).catch(() => undefined);
  }

  /** The users whose audio this controller plays now. */
  get playing(): string[] {
    return [...this.#players.keys()];
  }

  hostUpdate(): void {
    const session = this.#getSession();
    if (session !== this.#session) {
      for (const name of ['remote-track', 'connection-state-change', 'session-closed'] as const) {
        this.#session?.removeEventListener(name, this.#onSessionEvent);
        session?.addEventListener(name, this.#onSessionEvent);
      }
      this.#session = session;
    }
    this.#onSessionEvent();
  }

  hostDisconnected(): void {
    clearTimeout(this.#soon);
    this.#soon = undefined;
    for (const name of ['remote-track', 'connection-state-change', 'session-closed'] as const) this.#session?.removeEventListener(name, this.#onSessionEvent);
    this.#session = undefined;
    this.#retryOnGesture?.();
    this.#reconcile();
  }

  #reconcile(): void {
    const session = this.#session;
    const wanted = new Map<string, MediaStream>();
    if (session && session.state !== 'closed') {
      for (const userId of session.peers) {
        const stream = session.remoteStream(userId);
        const state = session.connectionState(userId);
        if (this.#claims.has(userId) || isTerminal(state)) continue;
        // Nothing plays before the connection is first up: a player made sooner only adds work to the call's setup.
        if (!this.#players.has(userId) && NOT_YET_UP.has(state)) continue;
        if (stream && stream.getAudioTracks().length > 0) wanted.set(userId, stream);
      }
    }
    for (const [userId, audio] of this.#players) {
      if (wanted.get(userId) === audio.srcObject) continue;
      audio.srcObject = null;
      audio.remove();
      this.#players.delete(userId);
    }
    for (const [userId, stream] of wanted) {
      if (this.#players.has(userId)) continue;
      const audio = document.createElement('audio');
      audio.dataset.userId = userId;
      audio.hidden = true;
      audio.autoplay = true;
      audio.srcObject = stream;
      this.#route(audio);
      (this.#host.shadowRoot ?? this.#host).append(audio);
      this.#players.set(userId, audio);
      audio.play().catch((error: unknown) => {
        if ((error as DOMException).name === 'NotAllowedError') this.#playOnNextGesture();
      });
    }
  }

  /** Autoplay with sound was refused: the next click or key press on the page starts every player. */
  #playOnNextGesture(): void {
    if (this.#retryOnGesture) return;
    const retry = () => {
      this.#retryOnGesture?.();
      for (const audio of this.#players.values()) void audio.play().catch(() => undefined);
    };
    document.addEventListener('pointerdown', retry, { once: true });
    document.addEventListener('keydown', retry, { once: true });
    this.#retryOnGesture = () => {
      document.removeEventListener('pointerdown', retry);
      document.removeEventListener('keydown', retry);
      this.#retryOnGesture = undefined;
    };
  }
}
