// `npm start`: serves the built demo (dist/demo), the CDN files (/meshcall.js and the parts it
// loads on demand, /meshcall.*.js, from dist/cdn) and the
// signaling relay (/signal) from one process on one port. Settings come from environment
// variables, listed in server/env.js (PORT, HOST, MESHCALL_SECRET, MESHCALL_MAX_CONNECTIONS,
// MESHCALL_MAX_CONNECTIONS_PER_IP, MESHCALL_ORIGINS, REDIS_URL).
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EnvError, relayOptionsFromEnv } from './env.js';
import { startRelay } from './relay.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** @type {ReturnType<typeof relayOptionsFromEnv>} */
let options;
try {
  options = relayOptionsFromEnv(process.env);
} catch (err) {
  if (!(err instanceof EnvError)) throw err;
  console.error(err.message);
  process.exit(1);
}
const { port } = options;

/** Every file of the CDN folder at its own path (the entry is routed even before it is built: its 404 says so). */
const cdnDir = `${root}dist/cdn`;
/** @type {Record<string, string>} */
const cdnRoutes = { '/meshcall.js': `${cdnDir}/meshcall.js` };
try {
  for (const name of readdirSync(cdnDir)) if (name.startsWith('meshcall.')) cdnRoutes[`/${name}`] = `${cdnDir}/${name}`;
} catch {
  // not built yet
}

/** @type {import('./relay.js').Relay} */
let relay;
try {
  relay = await startRelay({
    ...options,
    staticDir: `${root}dist/demo`,
    staticRoutes: cdnRoutes,
  });
} catch (err) {
  const code = /** @type {NodeJS.ErrnoException} */ (err).code;
  if (code === 'EADDRINUSE') console.error(`port ${port} is in use; set PORT=... to use another one`);
  else if (code === 'EACCES') console.error(`no permission to listen on port ${port}; set PORT=... (e.g. 8080)`);
  else console.error('meshcall relay failed to start:', err instanceof Error ? err.message : err);
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
