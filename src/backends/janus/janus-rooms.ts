/** Conference mode on Janus: the `SfuRooms` a session uses (room on the instance its ID hashes to). */
import type { CallConfig } from '../../config.js';
import { sfuUrls } from '../../config.js';
import type { Logger } from '../../log.js';
import type { SfuRooms } from '../sfu-media-backend.js';
import { JanusBackend } from './janus-backend.js';
import { pickJanusInstance } from './janus-instances.js';
import { createRoom, destroyRoom } from './videoroom-room.js';

export function janusRooms(options: { sessionId: string; self: string; config: CallConfig; iceServers: () => RTCIceServer[]; logger: Logger }): SfuRooms {
  const { sessionId, self, config, logger } = options;
  return {
    create: () =>
      createRoom(pickJanusInstance(sessionId, sfuUrls(config)), {
        ...(config.sfuAdminKey ? { adminKey: config.sfuAdminKey } : {}),
        maxPublishers: config.maxParticipants,
      }),
    join: (room, owner) =>
      new JanusBackend({
        access: room,
        userId: self,
        iceServers: options.iceServers(),
        // The caller's hang-up ends the call for everyone: its room goes with it.
        destroyRoom: owner ? 'always' : 'if-last',
        // Well within any session timeout a Janus may be configured with (60 s stock, 30 s in the tests).
        keepaliveMs: 3000,
        ...(config.maxVideoBitrate ? { maxVideoBitrate: config.maxVideoBitrate } : {}),
        logger,
      }),
    destroy: (room) => destroyRoom(room),
  };
}
