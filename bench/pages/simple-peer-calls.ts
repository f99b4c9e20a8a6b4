/**
 * Calls made with simple-peer as its docs show them: `new SimplePeer({ initiator, stream })`,
 * every `signal` it emits (offer, answer, each trickled candidate) sent over the meshcall
 * relay as the raw baseline sends its messages (one WebSocket per user, `{to, msg}`), and
 * `peer.signal(data)` on the other side. The prebuilt browser file (`simplepeer.min.js`,
 * Node polyfills inside) is what a page loads: the package itself needs Node built-ins.
 */
import SimplePeer from 'simple-peer/simplepeer.min.js';
import { PeerLibDriver, PeerLibUser, trackPeerConnection } from './peer-lib-calls.js';
import { RelaySocket } from './relay-socket.js';

interface SignalMessage {
  run: number;
  data: SimplePeer.SignalData;
}

class SimplePeerUser extends PeerLibUser {
  #socket: RelaySocket<SignalMessage>;
  /** One per remote; a promise while the callee's camera opens (signals that arrive meanwhile wait for it). */
  #peers = new Map<string, Promise<SimplePeer.Instance>>();

  constructor(id: string, signalingUrl: string) {
    super(id);
    // The raw baseline's relay socket: the same frames, the same relay.
    this.#socket = new RelaySocket(id, signalingUrl, (from, msg) => void this.#onSignal(from, msg));
  }

  connect(): Promise<void> {
    return this.#socket.open();
  }

  protected offerTo(remote: string, stream: MediaStream): void {
    this.#peers.set(remote, Promise.resolve(this.#create(remote, stream, true)));
  }

  async #onSignal(from: string, msg: SignalMessage): Promise<void> {
    const ctx = this.ctx;
    if (!ctx || msg.run !== ctx.run) return; // a late message from an earlier call
    try {
      let peer = this.#peers.get(from);
      const isOffer = !peer && msg.data.type === 'offer';
      if (!peer) {
        if (!isOffer) return;
        peer = this.getMedia().then((stream) => this.#create(from, stream, false));
        this.#peers.set(from, peer);
      }
      (await peer).signal(msg.data);
      if (isOffer) this.answered(from);
    } catch (error) {
      this.fail(`signal from ${from} failed`, error);
    }
  }

  #create(remote: string, stream: MediaStream, initiator: boolean): SimplePeer.Instance {
    const ctx = this.ctx;
    if (!ctx) throw new Error('prepare() first');
    const peer = new SimplePeer({ initiator, stream, trickle: true, config: { iceServers: [] } });
    peer.on('signal', (data: SimplePeer.SignalData) => this.#send(remote, { run: ctx.run, data }));
    peer.on('stream', (remoteStream: MediaStream) => ctx.tracker.remoteVideo(this.id, remote, remoteStream));
    peer.on('error', (error: Error) => this.fail(`peer ${remote}`, error));
    trackPeerConnection(peer._pc, this.id, remote, ctx.tracker);
    return peer;
  }

  protected closePeers(): void {
    for (const peer of this.#peers.values()) {
      void peer.then((p) => {
        p.removeAllListeners();
        p.destroy();
      });
    }
    this.#peers.clear();
  }

  disconnect(): void {
    this.#socket.close();
  }

  #send(to: string, msg: SignalMessage): void {
    this.#socket.send(to, msg);
  }
}

export class SimplePeerDriver extends PeerLibDriver {
  constructor(users: readonly string[], signalingUrl: string) {
    super(users, (id) => new SimplePeerUser(id, signalingUrl));
  }
}
