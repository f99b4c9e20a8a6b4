// Serves the built demo (a directory) and a few fixed files (e.g. /meshcall.js) over HTTP.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';

/** @type {Record<string, string>} */
const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

const NOT_BUILT = 'not built: run npm run build';

/**
 * Static files are public: any page may load them (`<script type="module" src=".../meshcall.js">`
 * from another origin needs CORS). Nothing here depends on cookies, so `*` is safe.
 */
export const PUBLIC_HEADERS = {
  'access-control-allow-origin': '*',
  'cross-origin-resource-policy': 'cross-origin',
};

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} text
 */
export function sendText(res, status, text) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache' });
  res.end(`${text}\n`);
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} value
 */
export function sendJson(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' });
  res.end(`${JSON.stringify(value)}\n`);
}

/** @param {string} file @returns {Promise<boolean>} */
async function isFile(file) {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/**
 * Maps a URL path to a file under `root`, or null if it would leave `root` or is malformed.
 * @param {string} root absolute directory
 * @param {string} urlPath
 * @returns {string | null}
 */
function resolveUnder(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  if (decoded.endsWith('/')) decoded += 'index.html';
  const file = path.resolve(root, `.${path.sep}${decoded}`);
  return file.startsWith(root + path.sep) ? file : null;
}

/**
 * Creates a request handler for GET/HEAD of static files.
 * @param {{ staticRoutes?: Record<string, string>, staticDir?: string }} options
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, pathname: string) => Promise<void>}
 */
export function createStaticHandler({ staticRoutes = {}, staticDir }) {
  const root = staticDir ? path.resolve(staticDir) : undefined;
  return async (req, res, pathname) => {
    const routed = Object.hasOwn(staticRoutes, pathname) ? staticRoutes[pathname] : undefined;
    let file = routed;
    if (!file && root) file = resolveUnder(root, pathname) ?? undefined;
    if (!file || !(await isFile(file))) {
      if (routed) return sendText(res, 404, `${pathname} ${NOT_BUILT} (missing ${routed})`);
      if (root && pathname === '/') return sendText(res, 404, `demo ${NOT_BUILT} (missing ${root}/index.html)`);
      return sendText(res, 404, `not found: ${pathname}`);
    }
    const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    res.writeHead(200, { ...PUBLIC_HEADERS, 'content-type': type, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  };
}
