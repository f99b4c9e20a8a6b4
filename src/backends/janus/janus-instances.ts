/**
 * Which Janus instance holds a session's room, when a deployment runs several: rendezvous
 * (highest-random-weight) hashing of the session ID over the configured URLs. Every
 * participant computes the same answer from the same list, with no shared state; adding or
 * removing one instance moves only the sessions that hash to it (about 1/n of them), and
 * calls in progress keep the room they started in because the URL travels in the session.
 */

/** FNV-1a, 32 bits: fast, well spread for short strings, the same in every browser. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  // A final avalanche (murmur3's fmix32), so near-identical inputs land far apart.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b) >>> 0;
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35) >>> 0;
  return (hash ^ (hash >>> 16)) >>> 0;
}

/** The instance (one of `urls`) for `sessionId`; throws a RangeError for an empty list. */
export function pickJanusInstance(sessionId: string, urls: readonly string[]): string {
  let best: string | undefined;
  let bestWeight = -1;
  for (const url of urls) {
    const weight = fnv1a(`${url}\n${sessionId}`);
    if (weight > bestWeight || (weight === bestWeight && best !== undefined && url < best)) {
      best = url;
      bestWeight = weight;
    }
  }
  if (best === undefined) throw new RangeError('no Janus instance configured');
  return best;
}
