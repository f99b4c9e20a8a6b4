/**
 * Conference mode on Janus: the `SfuRooms` a session uses (room on the instance its ID hashes to).
 * The Janus code itself loads on first use (`janus.ts`): a mesh call never downloads it.
 */
import type { CallConfig } from '../../config.js';
import { sfuUrls } from '../../config.js';
import type { Logger } from '../../log.js';
import type { SfuRooms } from '../sfu-media-backend.js';

const janus = () => import('./janus.js');

export function janusRooms(options: { sessionId: string; self: string; config: CallConfig; iceServers: () => RTCIceServer[]; logger: Logger }): SfuRooms {
  const { sessionId, self, config, logger } = options;
  return {
    create: async () => {
      const { createRoom, pickJanusInstance } = await janus();
      return createRoom(pickJanusInstance(sessionId, sfuUrls(config)), {
        ...(config.sfuAdminKey ? { adminKey: config.sfuAdminKey } : {}),
        maxPublishers: config.maxParticipants,
      });
    },
    join: async (room, owner) =>
      new (await janus()).JanusBackend({
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
    destroy: async (room) => (await janus()).destroyRoom(room),
  };
}
