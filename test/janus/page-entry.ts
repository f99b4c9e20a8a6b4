// The test page's script (bundled by test/server/janus-netns-holder.js): puts the Janus backend and a few
// probes on `window.janusTest`, so a Node test drives each page with `page.evaluate`.
import { JanusBackend, type JanusBackendOptions } from '../../src/backends/janus/janus-backend.js';
import { JanusConnection } from '../../src/backends/janus/janus-connection.js';
import { JanusError } from '../../src/backends/janus/janus-error.js';
import { createRoom, roomExists, VIDEOROOM_PLUGIN, type JanusRoomAccess } from '../../src/backends/janus/videoroom-room.js';
import type { ConnectionState } from '../../src/states.js';

interface Participant {
  backend: JanusBackend;
  local: MediaStream;
  states: Map<string, ConnectionState[]>;
  tracks: string[];
  errors: string[];
}

let me: Participant | undefined;

/** What a page receives from one remote user: both pages' `status` answer with these (read by test/server/janus-helpers.js). */
export interface PeerStatus {
  state: ConnectionState;
  /** Tracks received (2: audio and video). */
  tracks: number;
  frames: number;
  width: number;
  height: number;
}

/** The video received from one user: decoded frames and size, from the backend's stats for that user. */
async function videoIn(userId: string) {
  const report = await me?.backend.getStats(userId);
  let frames = 0;
  let width = 0;
  let height = 0;
  report?.forEach((stat: { type: string; kind?: string; framesDecoded?: number; frameWidth?: number; frameHeight?: number }) => {
    if (stat.type === 'inbound-rtp' && stat.kind === 'video') {
      frames += stat.framesDecoded ?? 0;
      width = Math.max(width, stat.frameWidth ?? 0);
      height = Math.max(height, stat.frameHeight ?? 0);
    }
  });
  return { frames, width, height };
}

/** What a Janus request's failure says: its reason and code, or `ok` when it was not refused. */
async function outcome(request: () => Promise<unknown>): Promise<string> {
  try {
    await request();
    return 'ok';
  } catch (err) {
    return err instanceof JanusError ? `${err.reason}:${err.janusCode ?? ''}` : `other:${String(err)}`;
  }
}

const api = {
  createRoom: (url: string, adminKey: string) => createRoom(url, { adminKey }),
  roomExists: (url: string, room: number) => roomExists(url, room),
  /** Every room on that Janus, private ones too (the admin key lists those). */
  async listRooms(url: string, adminKey: string): Promise<number[]> {
    const connection = await JanusConnection.open(url);
    try {
      const handle = await connection.attach(VIDEOROOM_PLUGIN, () => {});
      const { data } = await handle.message({ request: 'list', admin_key: adminKey });
      return Array.isArray(data.list) ? data.list.map((r: { room?: number }) => Number(r.room)) : [];
    } finally {
      connection.close();
    }
  },

  async join(access: JanusRoomAccess, userId: string, others: string[], options: Partial<JanusBackendOptions> & { width?: number; height?: number } = {}) {
    const { width = 160, height = 120 } = options;
    const local = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width, height, frameRate: 10 } });
    // The test's Janus drops sessions quiet for 15 s (see janus-netns-holder.js): keep alive well within that.
    const backend = new JanusBackend({ access, userId, keepaliveMs: 3000, ...options });
    const participant: Participant = { backend, local, states: new Map(), tracks: [], errors: [] };
    me = participant;
    backend.addEventListener('connection-state-change', ({ detail }) => {
      const list = participant.states.get(detail.userId) ?? [];
      list.push(detail.state);
      participant.states.set(detail.userId, list);
    });
    backend.addEventListener('remote-track', ({ detail }) => participant.tracks.push(`${detail.userId}:${detail.track.kind}`));
    backend.addEventListener('error', ({ detail }) => participant.errors.push(detail.error.message));
    for (const other of others) backend.addRemoteUser(other);
    await backend.start(local);
    return backend.feedId;
  },

  /** Per remote user: connection state, tracks, decoded video frames and size. */
  async status(others: string[]): Promise<{ users: Record<string, PeerStatus> }> {
    const result: Record<string, PeerStatus> = {};
    for (const userId of others) {
      const video = await videoIn(userId);
      result[userId] = { state: me?.backend.connectionState(userId) ?? 'unknown', ...video, tracks: me?.backend.remoteStream(userId)?.getTracks().length ?? 0 };
    }
    return { users: result };
  },

  /** Errors and state changes the backend reported so far. */
  events() {
    return { errors: me?.errors ?? [], states: Object.fromEntries(me?.states ?? []) };
  },

  setQuality(userId: string, quality: 'low' | 'high') {
    me?.backend.setReceiveQuality(userId, quality);
  },

  /** Upload of this page's publisher connection, bytes sent so far (all layers, audio and video). */
  async bytesSent(anyRemoteUser: string) {
    const report = await me?.backend.getStats(anyRemoteUser);
    let bytes = 0;
    report?.forEach((stat: { type: string; id: string; bytesSent?: number }) => {
      if (stat.type === 'outbound-rtp' && !stat.id.startsWith('sub-')) bytes += stat.bytesSent ?? 0;
    });
    return bytes;
  },

  /** What this page's publisher sends per simulcast layer: rid → frame width and bytes. */
  async layersSent(anyRemoteUser: string) {
    const report = await me?.backend.getStats(anyRemoteUser);
    const layers: Record<string, { width: number; bytes: number }> = {};
    report?.forEach((stat: { type: string; id: string; kind?: string; rid?: string; frameWidth?: number; bytesSent?: number }) => {
      if (stat.type === 'outbound-rtp' && stat.kind === 'video' && !stat.id.startsWith('sub-'))
        layers[stat.rid ?? '-'] = { width: stat.frameWidth ?? 0, bytes: stat.bytesSent ?? 0 };
    });
    return layers;
  },

  removeUser(userId: string) {
    me?.backend.removeRemoteUser(userId);
  },

  async leave() {
    await me?.backend.close();
    for (const track of me?.local.getTracks() ?? []) track.stop();
    const left = me;
    me = undefined;
    return { errors: left?.errors ?? [], states: Object.fromEntries(left?.states ?? []) };
  },

  /**
   * Someone outside the session who knows the room ID (and a feed ID in it) but not the PIN:
   * what Janus answers to each way in.
   */
  async outsider(url: string, room: number, feed: number) {
    const connection = await JanusConnection.open(url);
    try {
      const handle = await connection.attach(VIDEOROOM_PLUGIN, () => {});
      const noPin = await outcome(() => handle.message({ request: 'join', ptype: 'publisher', room, display: 'mallory' }));
      const wrongPin = await outcome(() => handle.message({ request: 'join', ptype: 'publisher', room, pin: 'guess', display: 'mallory' }));
      const subscriber = await connection.attach(VIDEOROOM_PLUGIN, () => {});
      const subscribe = await outcome(() => subscriber.message({ request: 'join', ptype: 'subscriber', room, streams: [{ feed }] }));
      const subscribeWrongPin = await outcome(() => subscriber.message({ request: 'join', ptype: 'subscriber', room, pin: 'guess', streams: [{ feed }] }));
      const list = await handle.message({ request: 'list' });
      const listed = Array.isArray(list.data.list) && list.data.list.some((r: { room?: number }) => r.room === room);
      const listing = await handle.message({ request: 'listparticipants', room }).catch(() => ({ data: {} as Record<string, unknown> }));
      const participantNames = Array.isArray(listing.data.participants) ? listing.data.participants.map((p: { display?: string }) => String(p.display)) : [];
      const destroy = await outcome(() => handle.message({ request: 'destroy', room }));
      return { noPin, wrongPin, subscribe, subscribeWrongPin, listed, participantNames, destroy };
    } finally {
      connection.close();
    }
  },
};

declare global {
  interface Window {
    janusTest: typeof api;
  }
}

window.janusTest = api;
