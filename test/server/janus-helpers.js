// What the Janus tests (janus-call.test.js: the raw backend; janus-session.test.js: the session
// and <call-session>) share: waiting for a condition, timing laps, and reading what each page
// decodes. Both pages' `status(others)` answer in one shape, `{ users: { [id]: PeerStatus } }`.

/** Longest wait for something a page should see (media through Janus on a loaded machine). */
export const WAIT_MS = 60_000;

/** @param {string} user @param {readonly string[]} among */
export const othersOf = (user, among) => among.filter((u) => u !== user);

/**
 * Polls `read` every 250 ms until `done(value)`; fails with the last value after `waitMs`.
 * @template T @param {() => Promise<T>} read @param {(value: T) => boolean} done @param {string} what
 * @param {number} [waitMs]
 * @returns {Promise<T>}
 */
export async function until(read, done, what, waitMs = WAIT_MS) {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Logs `[name] step at N s` (seconds since this call), so slow steps show in the output. @param {string} name */
export function lapper(name) {
  const started = Date.now();
  return (/** @type {string} */ step) => console.log(`  [${name}] ${step} at ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * The test's pages by user, and what they decode, read through the page's probe object
 * (`window.janusTest` or `window.sfuTest`).
 * @param {'janusTest' | 'sfuTest'} probe
 */
export function janusPages(probe) {
  /** @type {Map<string, import('playwright').Page>} */
  const pages = new Map();
  /** @param {string} user */
  const page = (user) => {
    const found = pages.get(user);
    if (!found) throw new Error(`no page for ${user}`);
    return found;
  };
  /**
   * What `user` receives from each of `others` (test/janus/page-entry.ts `PeerStatus`).
   * @param {string} user @param {string[]} others
   */
  const status = (user, others) =>
    page(user).evaluate(([p, o]) => (p === 'sfuTest' ? window.sfuTest.status(o) : window.janusTest.status(o)), /** @type {const} */ ([probe, others]));

  /**
   * Every listed user sees every other listed user connected with audio and video, and
   * frames decoded beyond `after` (what an earlier call returned).
   * @param {string[]} users @param {Record<string, Record<string, number>>} [after]
   * @returns {Promise<Record<string, Record<string, number>>>} frames decoded so far, per user and other
   */
  async function everyoneDecodes(users, after = {}) {
    /** @type {Record<string, Record<string, number>>} */
    const frames = {};
    await Promise.all(
      users.map(async (user) => {
        const others = othersOf(user, users);
        const seen = await until(
          () => status(user, others),
          (s) => others.every((o) => s.users[o]?.state === 'connected' && s.users[o].tracks === 2 && s.users[o].frames > (after[user]?.[o] ?? 0)),
          `${user} decodes video from ${others.join(', ')}`,
        );
        frames[user] = Object.fromEntries(others.map((o) => [o, seen.users[o]?.frames ?? 0]));
      }),
    );
    return frames;
  }

  return { pages, page, status, everyoneDecodes };
}
