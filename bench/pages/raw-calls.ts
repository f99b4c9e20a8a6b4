/**
 * The baseline: the least code that makes the same calls with plain RTCPeerConnection.
 * Each user has one WebSocket to the same relay and sends `{to, msg}` frames; offer,
 * answer and every trickled candidate go out as they happen. getUserMedia once per side
 * per call, with the kit's default constraints. Full mesh: the caller offers to everyone;
 * a callee, once it has answered the caller, offers to the other callees whose ID sorts
 * below its own (the kit's mesh rule, so both build the same connections).
 */
import { DEFAULT_CONFIG } from '../../src/config.js';
import { mediaConstraints } from '../../src/media/local-media.js';
import { CallTracker, waitFor } from './call-tracker.js';
import type { CallDriver, CallOptions, CallResult } from './call-driver.js';
import { RelaySocket } from './relay-socket.js';

type RawMessage =
  | { run: number; kind: 'offer' | 'answer'; sdp: RTCSessionDescriptionInit }
  | { run: number; kind: 'candidate'; candidate: RTCIceCandidateInit }
  | { run: number; kind: 'bye' };

/** The kit's default getUserMedia constraints (the peer libraries use them too). */
export const CONSTRAINTS = mediaConstraints({ audio: true, video: true, format: DEFAULT_CONFIG.video });

interface RunContext {
  run: number;
  users: readonly string[];
  tracker: CallTracker;
  /** the callee waits this long on an offer (ringing, doing nothing) before it accepts; timing starts there */
  ringMs: number | undefined;
  /**
   * With `ringMs`: the callee answers at once and finishes ICE/DTLS while it rings (sending
   * transceivers without tracks), then at accept opens the camera and `replaceTrack`s: the raw
   * form of the kit's `prepareWhileRinging: 'connect'`, the reference for what it can gain.
   */
  connectWhileRinging: boolean;
}

class RawUser extends EventTarget {
  #socket: RelaySocket<RawMessage>;
  #pcs = new Map<string, RTCPeerConnection>();
  #early = new Map<string, RTCIceCandidateInit[]>();
  #media: Promise<MediaStream> | undefined;
  #stream: MediaStream | undefined;
  #joined = false;
  #ctx: RunContext | undefined;

  constructor(
    readonly id: string,
    signalingUrl: string,
  ) {
    super();
    this.#socket = new RelaySocket(id, signalingUrl, (from, msg) => void this.#onMessage(from, msg));
  }

  /** In the call: holds a connection or the camera. */
  get busy(): boolean {
    return this.#pcs.size > 0 || this.#stream !== undefined;
  }

  connect(): Promise<void> {
    return this.#socket.open();
  }

  prepare(ctx: RunContext): void {
    this.#ctx = ctx;
    this.#joined = false;
  }

  /** Caller: camera, then an offer to everyone. */
  start(): void {
    const ctx = this.#ctx!;
    this.#joined = true;
    for (const other of ctx.users) if (other !== this.id) void this.#offerTo(other);
  }

  /** Says bye to every peer, closes every connection, releases the camera. */
  leave(): void {
    for (const remote of [...this.#pcs.keys()]) {
      this.#send(remote, { run: this.#ctx?.run ?? 0, kind: 'bye' });
      this.#closePeer(remote);
    }
    this.#releaseMedia();
  }

  close(): void {
    this.leave();
    this.#socket.close();
  }

  #getMedia(): Promise<MediaStream> {
    this.#media ??= navigator.mediaDevices.getUserMedia(CONSTRAINTS).then((stream) => (this.#stream = stream));
    return this.#media;
  }

  #releaseMedia(): void {
    for (const track of this.#stream?.getTracks() ?? []) track.stop();
    this.#stream = undefined;
    this.#media = undefined;
    this.dispatchEvent(new Event('change'));
  }

  async #offerTo(remote: string): Promise<void> {
    const ctx = this.#ctx!;
    try {
      const stream = await this.#getMedia();
      const pc = this.#createPeer(remote, ctx);
      for (const track of stream.getTracks()) pc.addTrack(track, stream);
      await pc.setLocalDescription();
      this.#send(remote, { run: ctx.run, kind: 'offer', sdp: pc.localDescription!.toJSON() as RTCSessionDescriptionInit });
    } catch (error) {
      ctx.tracker.fail(`${this.id} → ${remote}: offer failed: ${String(error)}`);
    }
  }

  async #onMessage(from: string, msg: RawMessage): Promise<void> {
    const ctx = this.#ctx;
    if (!ctx || msg.run !== ctx.run) return; // a late message from an earlier call
    try {
      switch (msg.kind) {
        case 'offer': {
          if (ctx.ringMs !== undefined && ctx.connectWhileRinging) {
            const pc = this.#createPeer(from, ctx);
            await pc.setRemoteDescription(msg.sdp);
            for (const transceiver of pc.getTransceivers()) transceiver.direction = 'sendrecv';
            await pc.setLocalDescription();
            this.#send(from, { run: ctx.run, kind: 'answer', sdp: pc.localDescription!.toJSON() as RTCSessionDescriptionInit });
            await this.#flushEarly(from, pc);
            await new Promise((resolve) => window.setTimeout(resolve, ctx.ringMs));
            ctx.tracker.start();
            const stream = await this.#getMedia();
            await Promise.all(
              stream.getTracks().map((track) =>
                pc
                  .getTransceivers()
                  .find((t) => t.receiver.track.kind === track.kind)
                  ?.sender.replaceTrack(track),
              ),
            );
            return;
          }
          if (ctx.ringMs !== undefined) {
            // The cold flow: nothing happens while it rings; at accept, camera, then the answer.
            await new Promise((resolve) => window.setTimeout(resolve, ctx.ringMs));
            ctx.tracker.start();
          }
          const stream = await this.#getMedia();
          const pc = this.#createPeer(from, ctx);
          await pc.setRemoteDescription(msg.sdp);
          for (const track of stream.getTracks()) pc.addTrack(track, stream);
          await pc.setLocalDescription();
          this.#send(from, { run: ctx.run, kind: 'answer', sdp: pc.localDescription!.toJSON() as RTCSessionDescriptionInit });
          await this.#flushEarly(from, pc);
          if (!this.#joined && from === ctx.users[0]) {
            this.#joined = true;
            for (const other of ctx.users.slice(1)) if (other !== this.id && other < this.id) void this.#offerTo(other);
          }
          return;
        }
        case 'answer': {
          const pc = this.#pcs.get(from);
          if (!pc) return;
          await pc.setRemoteDescription(msg.sdp);
          await this.#flushEarly(from, pc);
          return;
        }
        case 'candidate': {
          const pc = this.#pcs.get(from);
          if (pc?.remoteDescription) await pc.addIceCandidate(msg.candidate);
          else this.#early.set(from, [...(this.#early.get(from) ?? []), msg.candidate]);
          return;
        }
        case 'bye':
          this.#closePeer(from);
          if (this.#pcs.size === 0) this.#releaseMedia();
          return;
      }
    } catch (error) {
      ctx.tracker.fail(`${this.id}: handling ${msg.kind} from ${from} failed: ${String(error)}`);
    }
  }

  #createPeer(remote: string, ctx: RunContext): RTCPeerConnection {
    const pc = new RTCPeerConnection({ iceServers: [] });
    this.#pcs.set(remote, pc);
    pc.onicecandidate = ({ candidate }) => {
      if (candidate) this.#send(remote, { run: ctx.run, kind: 'candidate', candidate: candidate.toJSON() });
    };
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === 'connected') ctx.tracker.connected(this.id, remote);
    };
    pc.ontrack = ({ track, streams }) => {
      if (track.kind === 'video') ctx.tracker.remoteVideo(this.id, remote, streams[0] ?? new MediaStream([track]));
    };
    return pc;
  }

  async #flushEarly(remote: string, pc: RTCPeerConnection): Promise<void> {
    const early = this.#early.get(remote) ?? [];
    this.#early.delete(remote);
    for (const candidate of early) await pc.addIceCandidate(candidate);
  }

  #closePeer(remote: string): void {
    const pc = this.#pcs.get(remote);
    if (!pc) return;
    pc.onicecandidate = pc.onconnectionstatechange = pc.ontrack = null;
    for (const receiver of pc.getReceivers()) receiver.track.stop();
    pc.close();
    this.#pcs.delete(remote);
    this.#early.delete(remote);
  }

  #send(to: string, msg: RawMessage): void {
    this.#socket.send(to, msg);
  }
}

export class RawDriver implements CallDriver {
  #users: RawUser[];
  #run = 0;
  #tracker: CallTracker | undefined;

  constructor(
    readonly users: readonly string[],
    signalingUrl: string,
    private readonly options: { connectWhileRinging?: boolean } = {},
  ) {
    this.#users = users.map((id) => new RawUser(id, signalingUrl));
  }

  async connect(): Promise<void> {
    await Promise.all(this.#users.map((u) => u.connect()));
  }

  async call(options: CallOptions): Promise<CallResult> {
    const tracker = new CallTracker({ users: this.users, ...options });
    this.#tracker = tracker;
    const ctx: RunContext = {
      run: ++this.#run,
      users: this.users,
      tracker,
      ringMs: options.ringMs,
      connectWhileRinging: this.options.connectWhileRinging ?? false,
    };
    for (const user of this.#users) user.prepare(ctx);
    tracker.start();
    this.#users[0]?.start();
    return { times: await tracker.done, t0: tracker.t0 };
  }

  async hangUp(timeoutMs: number): Promise<void> {
    const [caller, ...callees] = this.#users;
    caller?.leave();
    if (this.users.length > 2) for (const user of callees) user.leave();
    await Promise.all(callees.map((u) => waitFor(u, 'change', () => !u.busy, `${u.id} closed`, timeoutMs)));
    this.#tracker?.dispose();
  }

  close(): void {
    for (const user of this.#users) user.close();
  }
}
