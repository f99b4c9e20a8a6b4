/**
 * What PeerJS and simple-peer drivers share: one user per person in the call, getUserMedia
 * once per side per call with the kit's default constraints (the raw baseline's), and the
 * kit's mesh rule (the caller offers to everyone; a callee, once it has answered the caller,
 * offers to the other callees whose ID sorts below its own), so every kind builds the same
 * connections. Each library only says how it offers, answers and closes.
 */
import { CallTracker } from './call-tracker.js';
import type { CallDriver, CallOptions, CallResult } from './call-driver.js';
import { CONSTRAINTS } from './raw-calls.js';

export interface PeerRunContext {
  run: number;
  users: readonly string[];
  tracker: CallTracker;
}

export abstract class PeerLibUser {
  protected ctx: PeerRunContext | undefined;
  #media: Promise<MediaStream> | undefined;
  #stream: MediaStream | undefined;
  #joined = false;

  constructor(readonly id: string) {}

  /** Opens the library's signaling (not timed). */
  abstract connect(): Promise<void>;
  /** Starts a connection to `remote` carrying `stream`. */
  protected abstract offerTo(remote: string, stream: MediaStream): void;
  /** Closes every connection of this user. */
  protected abstract closePeers(): void;
  /** Closes signaling. */
  abstract disconnect(): void;

  prepare(ctx: PeerRunContext): void {
    this.ctx = ctx;
    this.#joined = false;
  }

  /** Caller: camera, then an offer to everyone. */
  start(): void {
    this.#joined = true;
    for (const other of this.ctx?.users ?? []) if (other !== this.id) void this.#offer(other);
  }

  /** Called by a subclass once it has answered `from`: a callee joins the rest of the mesh. */
  protected answered(from: string): void {
    const ctx = this.ctx;
    if (!ctx || this.#joined || from !== ctx.users[0]) return;
    this.#joined = true;
    for (const other of ctx.users.slice(1)) if (other !== this.id && other < this.id) void this.#offer(other);
  }

  protected getMedia(): Promise<MediaStream> {
    this.#media ??= navigator.mediaDevices.getUserMedia(CONSTRAINTS).then((stream) => (this.#stream = stream));
    return this.#media;
  }

  protected fail(what: string, error: unknown): void {
    this.ctx?.tracker.fail(`${this.id}: ${what}: ${String(error)}`);
  }

  /** Closes every connection and releases the camera. */
  leave(): void {
    this.closePeers();
    for (const track of this.#stream?.getTracks() ?? []) track.stop();
    this.#stream = undefined;
    this.#media = undefined;
  }

  async #offer(remote: string): Promise<void> {
    try {
      this.offerTo(remote, await this.getMedia());
    } catch (error) {
      this.fail(`offer to ${remote} failed`, error);
    }
  }
}

/** Reports `pc`'s `connected` and remote video to the tracker, as the raw baseline does. */
export function trackPeerConnection(pc: RTCPeerConnection, self: string, remote: string, tracker: CallTracker): void {
  const report = () => {
    if (pc.connectionState === 'connected') tracker.connected(self, remote);
  };
  pc.addEventListener('connectionstatechange', report);
  report();
}

/** Calls between `users` made with one library; hang-up closes every side in the page at once (not timed). */
export class PeerLibDriver implements CallDriver {
  #users: PeerLibUser[];
  #run = 0;
  #tracker: CallTracker | undefined;

  constructor(
    readonly users: readonly string[],
    makeUser: (id: string) => PeerLibUser,
  ) {
    this.#users = users.map(makeUser);
  }

  async connect(): Promise<void> {
    await Promise.all(this.#users.map((u) => u.connect()));
  }

  async call(options: CallOptions): Promise<CallResult> {
    if (options.ringMs !== undefined) throw new Error('the peer libraries are not timed from accept');
    const tracker = new CallTracker({ users: this.users, ...options });
    this.#tracker = tracker;
    const ctx: PeerRunContext = { run: ++this.#run, users: this.users, tracker };
    for (const user of this.#users) user.prepare(ctx);
    tracker.start();
    this.#users[0]?.start();
    return { times: await tracker.done, t0: tracker.t0 };
  }

  hangUp(): Promise<void> {
    for (const user of this.#users) user.leave();
    this.#tracker?.dispose();
    return Promise.resolve();
  }

  close(): void {
    for (const user of this.#users) {
      user.leave();
      user.disconnect();
    }
  }
}
