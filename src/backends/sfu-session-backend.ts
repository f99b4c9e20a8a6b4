/**
 * Conference mode's media backend as a session makes it: `SfuMediaBackend` over Janus rooms.
 * A module of its own, which `CallSession` loads only for a call with `topology: 'sfu'`.
 */
import { janusRooms } from './janus/janus-rooms.js';
import type { MediaBackend, MediaBackendInit } from './media-backend.js';
import { SfuMediaBackend } from './sfu-media-backend.js';
import type { SfuRoom } from '../signaling/protocol.js';

export function sfuSessionBackend(
  init: MediaBackendInit & { sessionId: string; participants: readonly string[]; room?: SfuRoom | undefined; iceServers: () => RTCIceServer[] },
): MediaBackend {
  const { sessionId, room, ...rest } = init;
  return new SfuMediaBackend({
    ...rest,
    rooms: janusRooms({ sessionId, self: init.self, config: init.config, iceServers: init.iceServers, logger: init.logger }),
    ...(room ? { room } : {}),
  });
}
