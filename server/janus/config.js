// Janus's config folder for meshcall: the three templates in server/janus/config/ rendered
// with chosen host, port, admin key and ICE address. Only the VideoRoom plugin and the
// WebSocket transport load: every other library found in Janus's folders is put on a
// `disable` list, so a Janus package with more plugins still loads nothing else.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TEMPLATES = fileURLToPath(new URL('./config/', import.meta.url));
const TEMPLATE_FILES = ['janus.jcfg', 'janus.transport.websockets.jcfg', 'janus.plugin.videoroom.jcfg'];

/** The plugin and the transport meshcall loads; everything else is disabled. */
export const ENABLED_LIBRARIES = ['libjanus_videoroom.so', 'libjanus_websockets.so'];

/** Where Debian's `janus` package keeps its libraries. */
export const DEBIAN_LIB_DIR = '/usr/lib/x86_64-linux-gnu/janus';

/**
 * @typedef {object} JanusConfigOptions
 * @property {number} port WebSocket port of the Janus API
 * @property {string} [host] address the WebSocket server binds (default 127.0.0.1)
 * @property {string} [adminKey] VideoRoom admin key: when set, only callers that know it may create rooms
 * @property {string} [iceAddress] the only address ICE gathers on and the SDP advertises
 *   (default: libnice's choice of every interface but loopback)
 * @property {string} [rtpPortRange] UDP ports for media, e.g. "20000-20100" (default: any free port)
 * @property {string} [allowOrigin] the only page origin allowed to open the WebSocket
 * @property {number} [debugLevel] Janus log level 0-7 (default 3: errors and warnings)
 * @property {number} [sessionTimeout] seconds without a request before Janus drops a session (default 60;
 *   clients keep theirs alive every 25 s)
 * @property {string} [libDir] the folder holding Janus's plugins/, transports/, events/, loggers/
 */

export class JanusConfigError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'JanusConfigError';
  }
}

/** A jcfg string value: rejects what would end the string or the line. @param {string} name @param {string} value */
function quoted(name, value) {
  if (/["\\\n\r]/.test(value)) throw new JanusConfigError(`${name} must not contain quotes, backslashes or line breaks`);
  return value;
}

/** @param {string} dir @returns {string[]} the .so files in dir (none if it does not exist) */
function libraries(dir) {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.so'));
  } catch {
    return [];
  }
}

/** @param {string} dir */
const disableList = (dir) =>
  libraries(dir)
    .filter((f) => !ENABLED_LIBRARIES.includes(f))
    .join(',');

/**
 * The config files' contents, by file name.
 * @param {JanusConfigOptions & { configsFolder: string }} options
 * @returns {Record<string, string>}
 */
export function renderJanusConfig(options) {
  const { port, host = '127.0.0.1', adminKey, iceAddress, rtpPortRange, allowOrigin, debugLevel = 3, sessionTimeout = 60, libDir = DEBIAN_LIB_DIR } = options;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new JanusConfigError(`port must be 1-65535, got ${port}`);
  if (!Number.isInteger(debugLevel) || debugLevel < 0 || debugLevel > 7) throw new JanusConfigError(`debugLevel must be 0-7, got ${debugLevel}`);
  if (!Number.isInteger(sessionTimeout) || sessionTimeout < 1)
    throw new JanusConfigError(`sessionTimeout must be a whole number of seconds >= 1, got ${sessionTimeout}`);
  if (rtpPortRange !== undefined && !/^\d{1,5}-\d{1,5}$/.test(rtpPortRange))
    throw new JanusConfigError(`rtpPortRange must look like 20000-20100, got ${rtpPortRange}`);
  const folder = (/** @type {string} */ name) => quoted('libDir', path.join(libDir, name));
  /** @type {Record<string, string>} */
  const values = {
    configsFolder: quoted('configsFolder', options.configsFolder),
    pluginsFolder: folder('plugins'),
    transportsFolder: folder('transports'),
    eventsFolder: folder('events'),
    loggersFolder: folder('loggers'),
    debugLevel: String(debugLevel),
    sessionTimeout: String(sessionTimeout),
    serverName: `meshcall-janus-${port}`,
    interface: iceAddress ? `interface = "${quoted('iceAddress', iceAddress)}"` : '',
    iceEnforce: iceAddress ? `ice_enforce_list = "${quoted('iceAddress', iceAddress)}"` : '',
    rtpPortRange: rtpPortRange ? `rtp_port_range = "${rtpPortRange}"` : '',
    disabledPlugins: disableList(path.join(libDir, 'plugins')),
    disabledTransports: disableList(path.join(libDir, 'transports')),
    disabledLoggers: disableList(path.join(libDir, 'loggers')),
    disabledEvents: disableList(path.join(libDir, 'events')),
    host: quoted('host', host),
    port: String(port),
    allowOrigin: allowOrigin ? `allow_origin = "${quoted('allowOrigin', allowOrigin)}"` : '',
    adminKey: adminKey ? `admin_key = "${quoted('adminKey', adminKey)}"\n\tlock_rtp_forward = true` : '',
  };
  /** @type {Record<string, string>} */
  const files = {};
  for (const file of TEMPLATE_FILES) {
    const template = readFileSync(path.join(TEMPLATES, file), 'utf8');
    files[file] = template.replace(/\{\{(\w+)\}\}/g, (_, name) => {
      const value = values[name];
      if (value === undefined) throw new JanusConfigError(`template ${file} uses unknown setting {{${name}}}`);
      return value;
    });
  }
  return files;
}

/**
 * Writes the rendered config files into dir (which must exist).
 * @param {string} dir
 * @param {JanusConfigOptions} options
 */
export function writeJanusConfig(dir, options) {
  const files = renderJanusConfig({ ...options, configsFolder: dir });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text, { mode: 0o600 });
}
