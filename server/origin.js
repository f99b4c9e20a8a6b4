// Which web pages may open a signaling socket. Browsers always send `Origin` on a WebSocket
// upgrade, so checking it stops a page on another site from connecting with the visitor's
// cookies or network position (cross-site WebSocket hijacking). Non-browser clients send no
// Origin and are let through: they can claim any origin anyway, tokens are what stop them.

const LOCAL_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Normalises an origin string (`https://Example.com:443` → `https://example.com`).
 * @param {string} origin
 * @returns {string | undefined} undefined if it is not an http(s) origin
 */
export function normaliseOrigin(origin) {
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

/**
 * @typedef {object} OriginPolicy
 * @property {string[]} [allowedOrigins] extra origins (`https://app.example.com`); `*` allows any
 * @property {boolean} devMode also allow http(s) pages on localhost, 127.0.0.1 and [::1] (any port)
 */

/**
 * Builds the check for one relay. Always allowed: no Origin header, and an Origin whose host
 * equals the request's Host header (the page was served by this relay or its proxy).
 * @param {OriginPolicy} policy
 * @returns {(origin: string | undefined, host: string | undefined) => boolean}
 */
export function createOriginCheck({ allowedOrigins = [], devMode }) {
  const anyOrigin = allowedOrigins.includes('*');
  const allowed = new Set();
  for (const origin of allowedOrigins) {
    if (origin === '*') continue;
    const normal = normaliseOrigin(origin);
    if (!normal) throw new TypeError(`allowedOrigins: ${JSON.stringify(origin)} is not an http(s) origin like https://app.example.com`);
    allowed.add(normal);
  }

  return (origin, host) => {
    if (origin === undefined) return true;
    if (anyOrigin) return true;
    const normal = normaliseOrigin(origin);
    if (!normal) return false; // "null" (sandboxed iframes, file://) and anything unparsable
    if (allowed.has(normal)) return true;
    const url = new URL(normal);
    if (devMode && LOCAL_HOSTNAMES.has(url.hostname)) return true;
    if (!host) return false;
    try {
      // Parse Host with the page's scheme so a default port (:443 / :80) compares equal.
      return new URL(`${url.protocol}//${host}`).host === url.host;
    } catch {
      return false;
    }
  };
}
