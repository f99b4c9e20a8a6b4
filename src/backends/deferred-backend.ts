/**
 * A `MediaBackend` whose code loads when the session is made (conference mode: the SFU
 * backend is a module of its own, so a mesh call never downloads it). Calls made before it
 * has loaded run on it in order once it has; reads answer "nothing yet" meanwhile, as a
 * backend with no connection open would. A failed load ends every user it was asked to
 * open `failed` through `onError`, which the session reports as a typed `CallError`.
 */
import type { SfuRoom } from '../signaling/protocol.js';
import type { MediaBackend, MediaBackendEvents, StatsSource } from './media-backend.js';

export class DeferredBackend implements MediaBackend {
  #backend: MediaBackend | undefined;
  /** Calls waiting for the backend; `undefined` once it loaded, failed or was closed. */
  #waiting: ((backend: MediaBackend) => void)[] | undefined = [];
  #draining = false;
  #failure: { error: unknown } | undefined;
  /** Users opened or answered (told about a failed load). */
  readonly #users = new Set<string>();
  #events: Pick<MediaBackendEvents, 'onError'>;
  #what: string;

  constructor(load: () => Promise<MediaBackend>, events: Pick<MediaBackendEvents, 'onError'>, what: string) {
    this.#events = events;
    this.#what = what;
    load().then(
      (backend) => {
        const waiting = this.#waiting;
        if (!waiting) return; // closed before it loaded: nothing was opened on it
        // Calls made while the queue runs (from the backend's own reports) join its end, in order.
        this.#draining = true;
        try {
          for (const run of waiting) run(backend);
        } finally {
          this.#draining = false;
          this.#waiting = undefined;
          this.#backend = backend;
        }
      },
      (error: unknown) => {
        this.#waiting = undefined;
        this.#failure = { error };
        for (const userId of this.#users) this.#fail(userId);
      },
    );
  }

  #run(call: (backend: MediaBackend) => void): void {
    if (this.#backend) call(this.#backend);
    else this.#waiting?.push(call);
  }

  #fail(userId: string): void {
    this.#events.onError(userId, this.#failure?.error, `loading ${this.#what}`, true);
  }

  get room(): SfuRoom | undefined {
    return this.#backend?.room;
  }

  open(userId: string, options: Parameters<MediaBackend['open']>[1]): void {
    this.#users.add(userId);
    if (this.#failure) this.#fail(userId);
    else this.#run((b) => b.open(userId, options));
  }

  answer(...args: Parameters<MediaBackend['answer']>): void {
    this.#users.add(args[0]);
    if (this.#failure) this.#fail(args[0]);
    else this.#run((b) => b.answer(...args));
  }

  applyRemote(...args: Parameters<MediaBackend['applyRemote']>): void {
    this.#run((b) => b.applyRemote(...args));
  }

  addCandidates(...args: Parameters<MediaBackend['addCandidates']>): void {
    this.#run((b) => b.addCandidates(...args));
  }

  restartIce(userId: string): void {
    this.#run((b) => b.restartIce(userId));
  }

  close(userId: string): void {
    this.#users.delete(userId);
    this.#run((b) => b.close(userId));
  }

  closeAll(): void {
    this.#users.clear();
    // Closed before it loaded: nothing runs on it (no SFU room is made for a call that ended).
    if (!this.#backend && !this.#draining) this.#waiting = undefined;
    else this.#run((b) => b.closeAll());
  }

  setIceServers(iceServers: RTCIceServer[]): void {
    this.#run((b) => b.setIceServers?.(iceServers));
  }

  setReceiveQuality(userId: string, quality: 'low' | 'high'): void {
    this.#run((b) => b.setReceiveQuality?.(userId, quality));
  }

  localStreamOpened(stream: MediaStream): void {
    this.#run((b) => b.localStreamOpened?.(stream));
  }

  remoteStream(userId: string): MediaStream | undefined {
    return this.#backend?.remoteStream(userId);
  }

  peerConnection(userId: string): RTCPeerConnection | undefined {
    return this.#backend?.peerConnection(userId);
  }

  connections(): Map<string, RTCPeerConnection> {
    return this.#backend?.connections() ?? new Map<string, RTCPeerConnection>();
  }

  localOffer(userId: string): ReturnType<MediaBackend['localOffer']> {
    return this.#backend?.localOffer(userId);
  }

  sendingConnections(): RTCPeerConnection[] {
    const backend = this.#backend;
    return backend?.sendingConnections?.() ?? [...(backend?.connections().values() ?? [])];
  }

  statsSource(userId: string): StatsSource | undefined {
    const backend = this.#backend;
    return backend?.statsSource ? backend.statsSource(userId) : backend?.connections().get(userId);
  }
}
