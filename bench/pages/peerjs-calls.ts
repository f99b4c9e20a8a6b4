/**
 * Calls made with PeerJS as its docs show them: one `Peer` per user on a local PeerServer
 * (started by bench/run.js), `peer.call(remote, stream)`, callees `call.answer(stream)` on
 * `call`. No STUN/TURN, like every kind in the bench.
 */
import { Peer, type MediaConnection } from 'peerjs';
import { PeerLibDriver, PeerLibUser, trackPeerConnection } from './peer-lib-calls.js';

/** Where the bench's PeerServer listens. */
export interface PeerServerAddress {
  host: string;
  port: number;
  path: string;
}

class PeerJsUser extends PeerLibUser {
  #peer: Peer | undefined;
  #calls = new Set<MediaConnection>();

  constructor(
    id: string,
    private readonly server: PeerServerAddress,
  ) {
    super(id);
  }

  async connect(): Promise<void> {
    const peer = new Peer(this.id, { ...this.server, secure: false, debug: 0, config: { iceServers: [] } });
    this.#peer = peer;
    peer.on('call', (call) => void this.#onCall(call));
    peer.on('error', (error) => this.fail('PeerJS error', error));
    await new Promise<void>((resolve, reject) => {
      peer.once('open', () => resolve());
      peer.once('error', reject);
    });
  }

  protected offerTo(remote: string, stream: MediaStream): void {
    const call = this.#peer?.call(remote, stream, { metadata: { run: this.ctx?.run } });
    if (!call) throw new Error(`PeerJS could not call ${remote}`);
    this.#watch(remote, call);
  }

  async #onCall(call: MediaConnection): Promise<void> {
    const ctx = this.ctx;
    if (!ctx || (call.metadata as { run?: number } | undefined)?.run !== ctx.run) {
      call.close(); // a late call from an earlier run
      return;
    }
    try {
      const stream = await this.getMedia();
      call.answer(stream); // creates call.peerConnection
      this.#watch(call.peer, call);
      this.answered(call.peer);
    } catch (error) {
      this.fail(`answering ${call.peer} failed`, error);
    }
  }

  #watch(remote: string, call: MediaConnection): void {
    const tracker = this.ctx?.tracker;
    if (!tracker) return;
    this.#calls.add(call);
    call.on('stream', (stream) => tracker.remoteVideo(this.id, remote, stream));
    call.on('error', (error) => this.fail(`call with ${remote}`, error));
    trackPeerConnection(call.peerConnection, this.id, remote, tracker);
  }

  protected closePeers(): void {
    for (const call of this.#calls) {
      call.removeAllListeners();
      call.close();
    }
    this.#calls.clear();
  }

  disconnect(): void {
    this.#peer?.destroy();
  }
}

export class PeerJsDriver extends PeerLibDriver {
  constructor(users: readonly string[], server: PeerServerAddress) {
    super(users, (id) => new PeerJsUser(id, server));
  }
}
