// `npm start`: serves the built demo (dist/demo), the CDN bundle (/meshcall.js) and the
// signaling relay (/signal) from one process on one port.
// Env: PORT (8080), HOST (localhost), MESHCALL_SECRET (unset = dev mode, anyone may connect).
import { fileURLToPath } from 'node:url';
import { startRelay } from './relay.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST || 'localhost';

if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, got ${JSON.stringify(process.env.PORT)}`);
  process.exit(1);
}

/** @type {import('./relay.js').Relay} */
let relay;
try {
  relay = await startRelay({
    port,
    host,
    secret: process.env.MESHCALL_SECRET || undefined,
    staticDir: `${root}dist/demo`,
    staticRoutes: { '/meshcall.js': `${root}dist/cdn/meshcall.js` },
  });
} catch (err) {
  const code = /** @type {NodeJS.ErrnoException} */ (err).code;
  if (code === 'EADDRINUSE') console.error(`port ${port} is in use; set PORT=... to use another one`);
  else if (code === 'EACCES') console.error(`no permission to listen on port ${port}; set PORT=... (e.g. 8080)`);
  else console.error('meshcall relay failed to start:', err);
  process.exit(1);
}

console.log(`meshcall demo + signaling relay: ${relay.httpUrl}  (open it in two tabs to call yourself)`);

let stopping = false;
/** @param {NodeJS.Signals} signal */
async function stop(signal) {
  if (stopping) process.exit(1); // second Ctrl-C: don't wait any longer
  stopping = true;
  console.log(`\n${signal}: shutting down`);
  await relay.close();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
