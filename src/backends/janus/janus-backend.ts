/**
 * The SFU media backend: Janus VideoRoom. One publisher PeerConnection sends this user's
 * audio and simulcast video into the session's room; one multistream subscriber
 * PeerConnection receives every other participant's feeds. A remote user's connection
 * state is derived from both connections and whether that user's feed is being received.
 */
import type { Logger } from '../../log.js';
import type { ConnectionState } from '../../states.js';
import type { SfuBackend, SfuBackendEventMap, ReceiveQuality } from '../sfu-backend.js';
import { JanusConnection, type JanusHandle, type JanusMessage, type PluginData } from './janus-connection.js';
import { JanusError } from './janus-error.js';
import { destroyRoom, destroyRoomWith, VIDEOROOM_PLUGIN, type JanusRoomAccess } from './videoroom-room.js';

/**
 * The simulcast layers a publisher sends, highest first: rid and how much smaller than the
 * camera. Chromium itself drops layers the picture is too small for (measured: 640x360
 * sends h and m, 160x120 only h); Janus then serves the nearest layer it has.
 */
export const SIMULCAST_LAYERS: Record<2 | 3, readonly { rid: string; scaleResolutionDownBy: number }[]> = {
  2: [
    { rid: 'h', scaleResolutionDownBy: 1 },
    { rid: 'l', scaleResolutionDownBy: 2 },
  ],
  3: [
    { rid: 'h', scaleResolutionDownBy: 1 },
    { rid: 'm', scaleResolutionDownBy: 2 },
    { rid: 'l', scaleResolutionDownBy: 4 },
  ],
};

export interface JanusBackendOptions {
  /** The session's room (from its signaling). */
  access: JanusRoomAccess;
  /** This user's ID: published as the feed's display name, which is how others map feeds to users. */
  userId: string;
  iceServers?: RTCIceServer[];
  /** How many simulcast layers to send: 1 (no simulcast), 2 (h, l) or 3 (h, m, l; default). */
  simulcastLayers?: 1 | 2 | 3;
  /** Bitrate cap of the top layer, kbps. */
  maxVideoBitrate?: number;
  /**
   * What the browser gives up first when CPU or bandwidth is short. Its default may shrink
   * the camera picture, and a picture below ~480x270 has no simulcast layers left (measured:
   * on a busy machine 640x360 fell to one 320x180 layer); `maintain-resolution` keeps the
   * layers and lowers the frame rate instead.
   */
  degradationPreference?: RTCDegradationPreference;
  /**
   * When `close()` destroys the room: `if-last` (default: when no other participant is in
   * it), `always` (the session ended for everyone) or `never`.
   */
  destroyRoom?: 'if-last' | 'always' | 'never';
  logger?: Logger;
  /** How often the Janus session is kept alive, ms (default 25 s: Janus drops sessions quiet for 60 s). */
  keepaliveMs?: number;
}

/** One entry of a subscriber's `streams` list (what Janus says each m-line carries). */
interface SubscribedStream {
  mid: string;
  type: string;
  active: boolean;
  feedId: number;
}

/** A publisher Janus told us about, by its feed ID. */
interface Feed {
  /** The feed's display name: a participant's token (see `displayToken`), or anything an odd client sent. */
  display: string;
}

/**
 * The display name a user publishes under: a hash of the room's PIN and the user ID. Those
 * in the session (who have the PIN) map feeds to users; someone who lists the room's
 * participants without it learns nothing about who is in the call.
 */
export async function displayToken(pin: string, userId: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`meshcall-feed\n${pin}\n${userId}`));
  return Array.from(new Uint8Array(digest).slice(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
}

interface RemoteUser {
  state: ConnectionState;
  stream?: MediaStream;
  quality: ReceiveQuality;
  /** The layer asked of Janus per video mid, so a configure is sent only on change. */
  appliedLayer: Map<string, number>;
  /** Whether this user had a feed once (losing it then reads as `disconnected`, not `connecting`). */
  hadFeed: boolean;
}

/** Janus's substream index: 0 is the lowest layer. */
const layerFor = (quality: ReceiveQuality, layers: number) => (quality === 'low' ? 0 : layers - 1);

function asStreams(value: unknown): SubscribedStream[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((s: Record<string, unknown>) =>
    typeof s?.mid === 'string' && typeof s.feed_id === 'number' ? [{ mid: s.mid, type: String(s.type), active: s.active !== false, feedId: s.feed_id }] : [],
  );
}

function asPublishers(value: unknown): { id: number; display: string }[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((p: Record<string, unknown>) => (typeof p?.id === 'number' && typeof p.display === 'string' ? [{ id: p.id, display: p.display }] : []));
}

export class JanusBackend extends EventTarget implements SfuBackend {
  readonly topology = 'sfu' as const;
  readonly #options: JanusBackendOptions;
  readonly #layers: number;
  readonly #users = new Map<string, RemoteUser>();
  readonly #feeds = new Map<number, Feed>();
  /** Display token → user, for every added user whose token is computed. */
  readonly #tokens = new Map<string, string>();
  /** Janus's candidates for a connection that has no remote description yet. */
  readonly #earlyCandidates = new Map<RTCPeerConnection, RTCIceCandidateInit[]>();
  /** Feeds asked of the subscriber handle (some may not have arrived yet). */
  readonly #subscribedFeeds = new Set<number>();
  #streams: SubscribedStream[] = [];
  #connection?: JanusConnection;
  #publisher?: JanusHandle;
  #subscriber?: JanusHandle;
  #publisherPc?: RTCPeerConnection;
  #subscriberPc?: RTCPeerConnection;
  #privateId?: number;
  /** Subscriber negotiations run one at a time, in order. */
  #subscriberChain: Promise<void> = Promise.resolve();
  #started = false;
  #closed = false;
  #closing?: Promise<void>;

  constructor(options: JanusBackendOptions) {
    super();
    this.#options = options;
    this.#layers = options.simulcastLayers ?? 3;
  }

  override addEventListener<K extends keyof SfuBackendEventMap>(
    type: K,
    listener: (event: SfuBackendEventMap[K]) => void,
    options?: boolean | AddEventListenerOptions,
  ): void;
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void {
    super.addEventListener(type, listener, options);
  }

  override removeEventListener<K extends keyof SfuBackendEventMap>(
    type: K,
    listener: (event: SfuBackendEventMap[K]) => void,
    options?: boolean | EventListenerOptions,
  ): void;
  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void {
    super.removeEventListener(type, listener, options);
  }

  /** The feed ID Janus gave this user's publisher (after `start`). */
  get feedId(): number | undefined {
    return this.#myFeedId;
  }
  #myFeedId?: number;

  async start(localStream: MediaStream | undefined): Promise<void> {
    if (this.#started || this.#closed) throw new JanusError('refused', 'this backend was already started');
    this.#started = true;
    const { access, userId } = this.#options;
    try {
      this.#connection = await JanusConnection.open(access.url, { keepaliveMs: this.#options.keepaliveMs, onLost: (error) => this.#fail(error) });
      if (this.#closed) return this.#connection.close();
      this.#publisher = await this.#connection.attach(VIDEOROOM_PLUGIN, this.#onPublisherEvent);
      if (this.#closed) return;
      const display = await displayToken(access.pin, userId);
      const joined = await this.#publisher.message({ request: 'join', ptype: 'publisher', room: access.room, pin: access.pin, display });
      if (this.#closed) return;
      this.#myFeedId = typeof joined.data.id === 'number' ? joined.data.id : undefined;
      this.#privateId = typeof joined.data.private_id === 'number' ? joined.data.private_id : undefined;
      this.#log('info', `joined Janus room as feed ${this.#myFeedId}`);
      this.#addFeeds(joined.data.publishers);
      if (localStream) await this.#publish(localStream);
      if (this.#closed) return;
      this.#updateSubscriptions();
    } catch (err) {
      const error = err instanceof JanusError ? err : new JanusError('refused', err instanceof Error ? err.message : String(err));
      await this.close();
      throw error;
    }
  }

  addRemoteUser(userId: string): void {
    if (this.#closed || userId === this.#options.userId || this.#users.has(userId)) return;
    this.#users.set(userId, { state: 'connecting', quality: 'high', appliedLayer: new Map(), hadFeed: false });
    this.#emitState(userId);
    void displayToken(this.#options.access.pin, userId).then((token) => {
      if (!this.#users.has(userId)) return;
      this.#tokens.set(token, userId);
      this.#updateSubscriptions();
      this.#syncRemoteTracks();
    });
  }

  removeRemoteUser(userId: string): void {
    const user = this.#users.get(userId);
    if (!user) return;
    this.#users.delete(userId);
    const gone = [...this.#feeds.keys()].filter((id) => this.#userOf(id) === userId);
    for (const [token, owner] of this.#tokens) if (owner === userId) this.#tokens.delete(token);
    const unsubscribe = gone.filter((id) => this.#subscribedFeeds.delete(id));
    if (unsubscribe.length > 0) this.#negotiate({ request: 'unsubscribe', streams: unsubscribe.map((feed) => ({ feed })) });
    for (const track of user.stream?.getTracks() ?? []) user.stream?.removeTrack(track);
    user.state = 'closed';
    this.#dispatch('connection-state-change', { userId, state: 'closed' });
  }

  connectionState(userId: string): ConnectionState {
    return this.#users.get(userId)?.state ?? 'unknown';
  }

  remoteStream(userId: string): MediaStream | undefined {
    return this.#users.get(userId)?.stream;
  }

  peerConnection(userId: string): RTCPeerConnection | undefined {
    return this.#users.has(userId) ? this.#subscriberPc : undefined;
  }

  sendingConnections(): RTCPeerConnection[] {
    return this.#publisherPc && this.#publisherPc.signalingState !== 'closed' ? [this.#publisherPc] : [];
  }

  async replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void> {
    const pc = this.#publisherPc;
    if (!pc || pc.signalingState === 'closed') return;
    const senders = pc.getTransceivers().filter((t) => t.receiver.track.kind === kind && t.direction === 'sendonly');
    await Promise.all(senders.filter((t) => t.sender.track !== track).map((t) => t.sender.replaceTrack(track)));
  }

  setReceiveQuality(userId: string, quality: ReceiveQuality): void {
    const user = this.#users.get(userId);
    if (!user || user.quality === quality) return;
    user.quality = quality;
    this.#applyQualities();
  }

  async getStats(userId: string): Promise<RTCStatsReport | undefined> {
    if (!this.#users.has(userId)) return undefined;
    const mids = new Set(this.#streams.filter((s) => s.active && this.#userOf(s.feedId) === userId).map((s) => s.mid));
    const merged = new Map<string, Record<string, unknown>>();
    const sent = await this.#publisherPc?.getStats();
    sent?.forEach((stat: Record<string, unknown> & { id: string }) => merged.set(stat.id, stat));
    const received = await this.#subscriberPc?.getStats();
    // The two connections' stats IDs overlap: prefix the subscriber's, and the IDs its stats point to.
    received?.forEach((stat: Record<string, unknown> & { id: string; type: string }) => {
      if (stat.type === 'inbound-rtp' && !mids.has(String(stat.mid))) return;
      const renamed: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(stat))
        renamed[key] = (key === 'id' || key.endsWith('Id')) && typeof value === 'string' ? `sub-${value}` : value;
      merged.set(`sub-${stat.id}`, renamed);
    });
    return merged;
  }

  close(): Promise<void> {
    this.#closing ??= this.#close('closed');
    return this.#closing;
  }

  /** Ends everything; every remote user ends in `final` (`failed` when Janus or the room went away). */
  async #close(final: 'closed' | 'failed'): Promise<void> {
    this.#closed = true;
    for (const [userId, user] of this.#users) {
      for (const track of user.stream?.getTracks() ?? []) user.stream?.removeTrack(track);
      user.state = final;
      this.#dispatch('connection-state-change', { userId, state: final });
    }
    this.#users.clear();
    await this.#subscriberChain;
    await this.#maybeDestroyRoom().catch((err: unknown) => this.#log('warn', 'could not destroy the Janus room', err));
    for (const pc of [this.#publisherPc, this.#subscriberPc]) {
      if (!pc) continue;
      pc.onicecandidate = null;
      pc.onconnectionstatechange = null;
      pc.close();
    }
    this.#connection?.close();
  }

  async #maybeDestroyRoom(): Promise<void> {
    const policy = this.#options.destroyRoom ?? 'if-last';
    const handle = this.#publisher;
    // Closed while `start` was still connecting or attaching (hung up as the camera opened):
    // a room this side ends for everyone goes through a connection of its own.
    if (policy === 'always' && this.#started && !handle && !this.#connection?.closed) return destroyRoom(this.#options.access);
    if (policy === 'never' || !handle || this.#connection?.closed) return;
    if (policy === 'if-last') {
      // Leave first, then look: of people leaving at the same time, each is gone from the list
      // before it looks, so the last one to look finds the room empty and destroys it. (Looking
      // while still in the room, the last two leaving could each see the other and keep it.)
      await handle.message({ request: 'leave' }).catch(() => undefined);
      const { data } = await handle.message({ request: 'listparticipants', room: this.#options.access.room });
      const others = Array.isArray(data.participants) ? data.participants.filter((p: { id?: unknown }) => p?.id !== this.#myFeedId) : [];
      if (others.length > 0) return;
    }
    await destroyRoomWith(handle, this.#options.access);
    this.#log('info', `destroyed Janus room ${this.#options.access.room}`);
  }

  async #publish(stream: MediaStream): Promise<void> {
    const pc = new RTCPeerConnection({ iceServers: this.#options.iceServers ?? [], bundlePolicy: 'max-bundle' });
    this.#publisherPc = pc;
    this.#watch(pc, () => this.#publisher);
    const audio = stream.getAudioTracks()[0];
    const video = stream.getVideoTracks()[0];
    // Both kinds always get a sender, so a camera or microphone can be turned on later by replaceTrack.
    pc.addTransceiver(audio ?? 'audio', { direction: 'sendonly', streams: [stream] });
    const maxBitrate = this.#options.maxVideoBitrate ? this.#options.maxVideoBitrate * 1000 : undefined;
    const sendEncodings =
      this.#layers === 2 || this.#layers === 3
        ? SIMULCAST_LAYERS[this.#layers].map((layer, i) => ({
            rid: layer.rid,
            scaleResolutionDownBy: layer.scaleResolutionDownBy,
            ...(i === 0 && maxBitrate ? { maxBitrate } : {}),
          }))
        : [maxBitrate ? { maxBitrate } : {}];
    const videoTransceiver = pc.addTransceiver(video ?? 'video', { direction: 'sendonly', streams: [stream], sendEncodings });
    const { degradationPreference } = this.#options;
    if (degradationPreference) {
      const parameters = videoTransceiver.sender.getParameters();
      parameters.degradationPreference = degradationPreference;
      await videoTransceiver.sender.setParameters(parameters).catch((err: unknown) => this.#log('warn', 'degradationPreference not applied', err));
    }
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    const reply = await this.#publisher!.message({ request: 'publish', audio: true, video: true }, pc.localDescription!.toJSON());
    if (this.#closed) return;
    if (!reply.jsep) throw new JanusError('refused', 'Janus answered the publish without an SDP answer');
    await this.#setRemote(pc, reply.jsep);
  }

  /** Trickles `pc`'s candidates through the handle and re-derives every user's state when it changes. */
  #watch(pc: RTCPeerConnection, handle: () => JanusHandle | undefined): void {
    pc.onicecandidate = (event) => handle()?.trickle(event.candidate ? event.candidate.toJSON() : null);
    pc.onconnectionstatechange = () => {
      for (const userId of this.#users.keys()) this.#emitState(userId);
    };
  }

  /** Learns publishers from a `joined`/`event` list (feeds of users not in this session are ignored later). */
  #addFeeds(list: unknown): void {
    for (const { id, display } of asPublishers(list)) {
      if (id === this.#myFeedId) continue;
      // The newest feed of a user wins (a reload publishes again before the old one times out).
      for (const [oldId, feed] of this.#feeds) if (feed.display === display) this.#feeds.delete(oldId);
      this.#feeds.set(id, { display });
    }
  }

  /** The added user behind a feed, if any. */
  #userOf(feedId: number): string | undefined {
    const feed = this.#feeds.get(feedId);
    return feed ? this.#tokens.get(feed.display) : undefined;
  }

  /** Subscribes to every known feed of an added user that is not subscribed yet. */
  #updateSubscriptions(): void {
    if (this.#closed || this.#privateId === undefined) return;
    const wanted = [...this.#feeds.keys()].filter((id) => this.#userOf(id) !== undefined && !this.#subscribedFeeds.has(id));
    if (wanted.length === 0) return;
    for (const id of wanted) this.#subscribedFeeds.add(id);
    const streams = wanted.map((feed) => ({ feed }));
    if (this.#subscriber || this.#subscriberPc) this.#negotiate({ request: 'subscribe', streams });
    else {
      const pc = new RTCPeerConnection({ iceServers: this.#options.iceServers ?? [], bundlePolicy: 'max-bundle' });
      this.#subscriberPc = pc;
      this.#watch(pc, () => this.#subscriber);
      this.#queue(async () => {
        this.#subscriber = await this.#connection!.attach(VIDEOROOM_PLUGIN, this.#onSubscriberEvent);
        const { access } = this.#options;
        const reply = await this.#subscriber.message({
          request: 'join',
          ptype: 'subscriber',
          room: access.room,
          pin: access.pin,
          private_id: this.#privateId,
          streams,
        });
        await this.#answer(reply.data, reply.jsep);
      });
    }
  }

  /** A subscriber request that may come back with a new offer (subscribe, unsubscribe). */
  #negotiate(body: PluginData): void {
    this.#queue(async () => {
      if (!this.#subscriber) return;
      const reply = await this.#subscriber.message(body);
      await this.#answer(reply.data, reply.jsep);
    });
  }

  #queue(step: () => Promise<void>): void {
    this.#subscriberChain = this.#subscriberChain.then(async () => {
      if (this.#closed && this.#connection?.closed) return;
      try {
        await step();
      } catch (err) {
        if (!this.#closed) this.#fail(err instanceof JanusError ? err : new JanusError('refused', `subscriber negotiation failed: ${String(err)}`));
      }
    });
  }

  /** Applies a subscriber offer from Janus (with its streams list) and answers it with `start`. */
  async #answer(data: PluginData, jsep: RTCSessionDescriptionInit | undefined): Promise<void> {
    if (Array.isArray(data.streams)) this.#streams = asStreams(data.streams);
    const pc = this.#subscriberPc;
    if (jsep && pc && !this.#closed) {
      await this.#setRemote(pc, jsep);
      const answer = await pc.createAnswer();
      await pc.setLocalDescription(answer);
      await this.#subscriber?.message({ request: 'start' }, pc.localDescription!.toJSON());
    }
    this.#syncRemoteTracks();
    this.#applyQualities();
  }

  /** Puts each active subscribed m-line's track in its user's stream and takes out the rest. */
  #syncRemoteTracks(): void {
    const pc = this.#subscriberPc;
    if (!pc || this.#closed) return;
    const byMid = new Map(pc.getTransceivers().map((t) => [t.mid, t.receiver.track]));
    for (const [userId, user] of this.#users) {
      const tracks = this.#streams
        .filter((s) => s.active && this.#userOf(s.feedId) === userId)
        .flatMap((s) => {
          const track = byMid.get(s.mid);
          return track ? [track] : [];
        });
      if (tracks.length > 0) user.hadFeed = true;
      user.stream ??= new MediaStream();
      const stream = user.stream;
      for (const track of stream.getTracks()) if (!tracks.includes(track)) stream.removeTrack(track);
      for (const track of tracks) {
        if (stream.getTracks().includes(track)) continue;
        stream.addTrack(track);
        this.#dispatch('remote-track', { userId, track, stream });
      }
      this.#emitState(userId);
    }
  }

  /** Asks Janus for each user's chosen layer on their video m-lines, where it changed. */
  #applyQualities(): void {
    if (this.#layers < 2) return;
    const streams: { mid: string; substream: number }[] = [];
    for (const [userId, user] of this.#users) {
      for (const s of this.#streams) {
        if (!s.active || s.type !== 'video' || this.#userOf(s.feedId) !== userId) continue;
        const layer = layerFor(user.quality, this.#layers);
        const applied = user.appliedLayer.get(s.mid);
        if (applied === layer) continue;
        user.appliedLayer.set(s.mid, layer);
        // Janus starts every subscription on the top layer: nothing to ask for a large tile's first one.
        if (applied === undefined && layer === this.#layers - 1) continue;
        streams.push({ mid: s.mid, substream: layer });
      }
    }
    if (streams.length === 0) return;
    // A layer is a hint: a busy Janus that does not answer it must not end the call.
    this.#queue(async () => {
      await this.#subscriber?.message({ request: 'configure', streams }).catch((err: unknown) => this.#log('warn', 'could not switch a simulcast layer', err));
    });
  }

  /** Adds a candidate Janus trickled, holding it until the connection has Janus's description. */
  #addRemoteCandidate(pc: RTCPeerConnection | undefined, message: JanusMessage): void {
    const candidate = message.candidate;
    if (!pc || !candidate || 'completed' in candidate) return;
    if (!pc.remoteDescription) {
      const early = this.#earlyCandidates.get(pc) ?? [];
      early.push(candidate);
      this.#earlyCandidates.set(pc, early);
      return;
    }
    pc.addIceCandidate(candidate).catch((err: unknown) => this.#log('warn', 'could not add a Janus candidate', err));
  }

  /** Sets Janus's description on `pc`, then the candidates that came before it. */
  async #setRemote(pc: RTCPeerConnection, jsep: RTCSessionDescriptionInit): Promise<void> {
    await pc.setRemoteDescription(jsep);
    const early = this.#earlyCandidates.get(pc) ?? [];
    this.#earlyCandidates.delete(pc);
    for (const candidate of early) pc.addIceCandidate(candidate).catch((err: unknown) => this.#log('warn', 'could not add a Janus candidate', err));
  }

  readonly #onPublisherEvent = (message: JanusMessage): void => {
    if (message.janus === 'trickle') return this.#addRemoteCandidate(this.#publisherPc, message);
    if (message.janus === 'hangup') return this.#fail(new JanusError('refused', `Janus hung up the publisher connection: ${message.reason ?? ''}`));
    const data = message.plugindata?.data;
    if (!data) return;
    if (data.videoroom === 'destroyed') return this.#fail(new JanusError('no-such-room', 'the Janus room was destroyed'));
    if (data.publishers) {
      this.#addFeeds(data.publishers);
      this.#updateSubscriptions();
    }
    const gone = typeof data.unpublished === 'number' ? data.unpublished : typeof data.leaving === 'number' ? data.leaving : undefined;
    if (gone !== undefined && this.#feeds.has(gone)) {
      // Janus takes the feed's m-lines out of our subscription itself (an `updated` offer follows).
      this.#subscribedFeeds.delete(gone);
      this.#feeds.delete(gone);
      this.#streams = this.#streams.filter((s) => s.feedId !== gone);
      this.#syncRemoteTracks();
    }
  };

  readonly #onSubscriberEvent = (message: JanusMessage): void => {
    if (message.janus === 'trickle') return this.#addRemoteCandidate(this.#subscriberPc, message);
    const data = message.plugindata?.data;
    if (!data) return;
    if (message.jsep || Array.isArray(data.streams)) {
      const jsep = message.jsep;
      this.#queue(() => this.#answer(data, jsep));
    }
  };

  /** The state one remote user's media is in, from both connections and that user's feed. */
  #derive(user: RemoteUser, userId: string): ConnectionState {
    if (this.#closed) return 'closed';
    const pcs = [this.#publisherPc, this.#subscriberPc].filter((pc): pc is RTCPeerConnection => pc !== undefined);
    const states = pcs.map((pc) => pc.connectionState);
    if (states.includes('failed')) return 'failed';
    if (states.includes('disconnected')) return 'disconnected';
    const receiving = (user.stream?.getTracks().length ?? 0) > 0;
    if (!receiving) return user.hadFeed && ![...this.#feeds.keys()].some((id) => this.#userOf(id) === userId) ? 'disconnected' : 'connecting';
    if (this.#subscriberPc?.connectionState === 'connected' && (!this.#publisherPc || this.#publisherPc.connectionState === 'connected')) return 'connected';
    return states.includes('connecting') ? 'checking' : 'connecting';
  }

  #emitState(userId: string): void {
    const user = this.#users.get(userId);
    if (!user) return;
    const state = this.#derive(user, userId);
    if (state === user.state) return;
    user.state = state;
    this.#dispatch('connection-state-change', { userId, state });
  }

  #fail(error: JanusError): void {
    if (this.#closed) return;
    this.#log('error', error.message);
    this.#closing ??= this.#close('failed');
    this.#dispatch('error', { error });
  }

  #dispatch<K extends keyof SfuBackendEventMap>(type: K, detail: SfuBackendEventMap[K]['detail']): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  #log(severity: 'info' | 'warn' | 'error', message: string, data?: unknown): void {
    this.#options.logger?.[severity](`[janus] ${message}`, data);
  }
}
