/** The Janus code conference mode loads on demand (`janus-rooms.ts`). */
export { JanusBackend } from './janus-backend.js';
export { pickJanusInstance } from './janus-instances.js';
export { createRoom, destroyRoom } from './videoroom-room.js';
