/**
 * One VideoRoom per call session: created with a random ID, secret and PIN that travel only
 * inside the session's own signaling, private (not listed), and requiring subscribers to
 * prove they joined as publishers (`require_pvtid`). Destroyed with its secret when the
 * session closes.
 */
import { JanusConnection, type JanusHandle } from './janus-connection.js';
import { JanusError } from './janus-error.js';

export const VIDEOROOM_PLUGIN = 'janus.plugin.videoroom';

/** Everything a participant needs to enter a room; it must reach only the session's participants. */
export interface JanusRoomAccess {
  /** The Janus WebSocket URL holding the room. */
  url: string;
  room: number;
  pin: string;
  /** Lets its holder destroy (or reconfigure) the room; participants get it too so the last one out can destroy it. */
  secret: string;
}

export interface CreateRoomOptions {
  /** Janus's VideoRoom `admin_key`, when its config sets one (then nobody else can create rooms). */
  adminKey?: string;
  /** Most publishers at once (default 12). */
  maxPublishers?: number;
  /** Video bitrate cap per publisher, bits/s (default 0: no cap beyond each sender's own). */
  bitrate?: number;
  /** For Janus's logs only: never the participants' names. */
  description?: string;
}

const ROOM_EXISTS = 427;

/** A random string of `bytes` random bytes, base64url. */
export function randomToken(bytes = 18): string {
  const raw = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...raw))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** A random room ID below 2^53 (numbers stay exact in JSON). */
function randomRoomId(): number {
  const [hi = 0, lo = 0] = crypto.getRandomValues(new Uint32Array(2));
  return (hi & 0x1fffff) * 0x100000000 + lo || 1;
}

/** Opens a connection to `url`, attaches a VideoRoom handle, runs `use`, and closes everything. */
export async function withVideoRoomHandle<T>(url: string, use: (handle: JanusHandle) => Promise<T>): Promise<T> {
  const connection = await JanusConnection.open(url);
  try {
    const handle = await connection.attach(VIDEOROOM_PLUGIN, () => {});
    return await use(handle);
  } finally {
    connection.close();
  }
}

/** Creates a private room with a random ID, secret and PIN, and returns what its participants need. */
export async function createRoom(url: string, options: CreateRoomOptions = {}): Promise<JanusRoomAccess> {
  const { adminKey, maxPublishers = 12, bitrate = 0, description = 'meshcall session' } = options;
  return withVideoRoomHandle(url, async (handle) => {
    for (let attempt = 0; ; attempt++) {
      const access: JanusRoomAccess = { url, room: randomRoomId(), pin: randomToken(), secret: randomToken() };
      try {
        await handle.message({
          request: 'create',
          room: access.room,
          description,
          secret: access.secret,
          pin: access.pin,
          is_private: true,
          require_pvtid: true,
          permanent: false,
          publishers: maxPublishers,
          bitrate,
          fir_freq: 10,
          audiocodec: 'opus',
          videocodec: 'vp8',
          notify_joining: false,
          ...(adminKey ? { admin_key: adminKey } : {}),
        });
        return access;
      } catch (err) {
        if (!(err instanceof JanusError && err.janusCode === ROOM_EXISTS) || attempt >= 3) throw err;
      }
    }
  });
}

/** Destroys the room on `handle`'s Janus; a room already gone is not an error. */
export async function destroyRoomWith(handle: JanusHandle, access: Pick<JanusRoomAccess, 'room' | 'secret'>): Promise<void> {
  try {
    await handle.message({ request: 'destroy', room: access.room, secret: access.secret, permanent: false });
  } catch (err) {
    if (!(err instanceof JanusError && err.reason === 'no-such-room')) throw err;
  }
}

/** Destroys the room through a connection of its own. */
export function destroyRoom(access: JanusRoomAccess): Promise<void> {
  return withVideoRoomHandle(access.url, (handle) => destroyRoomWith(handle, access));
}

/** Whether a room with this ID exists on `url`'s Janus. */
export function roomExists(url: string, room: number): Promise<boolean> {
  return withVideoRoomHandle(url, async (handle) => (await handle.message({ request: 'exists', room })).data.exists === true);
}
