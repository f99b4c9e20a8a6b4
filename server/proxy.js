// Behind a reverse proxy every client arrives from the proxy's address. With trustProxy the
// relay takes the client's address from X-Forwarded-For (or RFC 7239 Forwarded) instead, for
// the per-address caps and the logs, but only as far as it trusts the hops: a header that an
// untrusted peer sent is ignored, so nobody can spoof an address to dodge the caps.
import net from 'node:net';

/**
 * @typedef {{ hops: number } | { addresses: Set<string> }} TrustProxy
 *   hops: the last N hops (the peer and N-1 forwarders before it) are proxies;
 *   addresses: peers/forwarders with these addresses are proxies
 */

/** `::ffff:1.2.3.4` → `1.2.3.4`. @param {string} address */
export function plainAddress(address) {
  return address.startsWith('::ffff:') && net.isIPv4(address.slice(7)) ? address.slice(7) : address;
}

/**
 * Reads MESHCALL_TRUST_PROXY: unset/`off`/`0` = off, a whole number = hop count, otherwise a
 * comma list of proxy IP addresses. Throws a TypeError naming a bad entry.
 * @param {string | number | string[] | undefined} value
 * @returns {TrustProxy | undefined}
 */
export function parseTrustProxy(value) {
  if (value === undefined) return undefined;
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0) throw new TypeError(`trustProxy hop count must be a whole number, got ${value}`);
    return value === 0 ? undefined : { hops: value };
  }
  const list = (Array.isArray(value) ? value : value.split(',')).map((s) => s.trim()).filter(Boolean);
  if (list.length === 0 || (list.length === 1 && (list[0] === 'off' || list[0] === 'false'))) return undefined;
  if (list.length === 1 && /^\d+$/.test(String(list[0]))) return parseTrustProxy(Number(list[0]));
  for (const address of list) {
    if (!net.isIP(address)) throw new TypeError(`trustProxy: ${JSON.stringify(address)} is not an IP address (or give a hop count)`);
  }
  return { addresses: new Set(list.map(plainAddress)) };
}

/** One `for=` value of a Forwarded header, or an X-Forwarded-For entry, as a bare address. @param {string} raw */
function bareAddress(raw) {
  let value = raw.trim().replace(/^"|"$/g, '');
  if (value.startsWith('['))
    value = value.slice(1, value.indexOf(']')); // [v6]:port
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(':')); // v4:port
  value = plainAddress(value);
  return net.isIP(value) ? value : undefined;
}

/**
 * The addresses a request passed through, client first, as the proxies reported them.
 * @param {import('node:http').IncomingHttpHeaders} headers
 * @returns {(string | undefined)[]} undefined for an entry that is not an address
 */
function forwardedChain(headers) {
  const xff = headers['x-forwarded-for'];
  if (xff) return (Array.isArray(xff) ? xff.join(',') : xff).split(',').map(bareAddress);
  const forwarded = headers.forwarded;
  if (!forwarded) return [];
  return forwarded
    .split(',')
    .map((element) => /(?:^|;)\s*for=([^;]+)/i.exec(element)?.[1])
    .map((value) => (value === undefined ? undefined : bareAddress(value)));
}

/**
 * The client's address for a request from `peer` (the TCP remote address).
 * @param {TrustProxy | undefined} trust
 * @param {string} peer
 * @param {import('node:http').IncomingHttpHeaders} headers
 */
export function clientAddress(trust, peer, headers) {
  const direct = plainAddress(peer);
  if (!trust) return direct;
  /** @type {(string | undefined)[]} */
  const chain = [...forwardedChain(headers), direct];
  if ('hops' in trust) {
    // Walk left over `hops` trusted hops; stop early at an entry that is not an address.
    let i = chain.length - 1;
    for (let n = 0; n < trust.hops && i > 0; n++) {
      if (chain[i - 1] === undefined) break;
      i -= 1;
    }
    return chain[i] ?? direct;
  }
  let i = chain.length - 1;
  while (i > 0 && trust.addresses.has(/** @type {string} */ (chain[i])) && chain[i - 1] !== undefined) i -= 1;
  return chain[i] ?? direct;
}

/**
 * True if a TCP peer is a proxy whose connections carry many clients (so the per-address
 * cap at accept, before headers are read, must not apply to it).
 * @param {TrustProxy | undefined} trust @param {string} peer
 */
export function isTrustedPeer(trust, peer) {
  if (!trust) return false;
  return 'hops' in trust ? true : trust.addresses.has(plainAddress(peer));
}
