// One meshcall user per page, for the cross-engine tests (cross-engine.test.js): the page
// loads the CDN bundle the test built, connects to the relay named in its URL
// (?user=ID&relay=ws://…[&codec=H264]), answers every incoming call, and offers the test a few calls on
// `window.meshcallTest`. Everything a test waits for resolves in the page, so the test only
// needs `page.evaluate`, the same in Playwright (Chromium) and Puppeteer (Firefox).
// The bundle is the test's CDN folder next to this page (its API entry), typed as the package's core.
const bundle = './meshcall.api.js';
const { CallClient } = /** @type {typeof import('../../src/index.js')} */ (await import(bundle));

// Generous: on a loaded 2-core machine a 3-way mesh of two engines takes ~20 s to connect.
const WAIT_MS = 45_000;
const params = new URLSearchParams(location.search);
const videoCodec = /** @type {import('../../src/config.js').VideoCodec | null} */ (params.get('codec'));
const client = new CallClient({
  userId: params.get('user') ?? '',
  signalingUrl: params.get('relay') ?? '',
  ...(videoCodec ? { config: { videoCodec } } : {}),
});
/** @type {import('../../src/call-session.js').CallSession | undefined} */
let session;
/** What this user saw, in order: `connected`, `hung-up:<userId>`, `closed:<reason>`. @type {string[]} */
const seen = [];

/** @param {import('../../src/call-session.js').CallSession} s */
function follow(s) {
  session = s;
  s.addEventListener('connected', () => seen.push('connected'));
  s.addEventListener('hung-up', (e) => seen.push(`hung-up:${e.detail.userId}`));
  s.addEventListener('session-closed', (e) => seen.push(`closed:${e.detail.reason}`));
  s.addEventListener('error', (e) => seen.push(`error:${e.detail.error.code}`));
}

client.addEventListener('incoming', (/** @type {CustomEvent<{ session: import('../../src/call-session.js').CallSession }>} */ e) => {
  follow(e.detail.session);
  e.detail.session.accept().catch((/** @type {unknown} */ error) => seen.push(`accept-failed:${error}`));
});

/**
 * Polls `check` every 50 ms until it returns a value other than undefined/false.
 * @template T @param {() => Promise<T | false | undefined> | T | false | undefined} check @param {string} what
 * @param {string[]} [peers] whose connection states the failure message lists
 * @returns {Promise<T>}
 */
async function until(check, what, peers = []) {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) {
      const states = peers.map((p) => `${p}: ${session?.connectionState(p)}`).join(', ');
      throw new Error(`${client.userId}: timed out after ${WAIT_MS} ms waiting for ${what} (saw ${seen.join(', ') || 'nothing'}; ${states})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** @param {string} peer */
async function decoded(peer) {
  const report = (await session?.getStats())?.get(peer);
  return { frames: report?.videoReceived?.framesDecoded ?? 0, codec: report?.videoReceived?.codec, width: report?.videoReceived?.width ?? 0 };
}

const ready = client.connect();

const api = {
  ready: () => ready.then(() => navigator.userAgent),
  /** @param {string[]} opponents */
  call: async (opponents) => {
    const s = client.createSession(opponents);
    follow(s);
    await s.start();
  },
  /** Resolves once every one of `peers` is connected here. @param {string[]} peers */
  connectedTo: (peers) => until(() => peers.every((p) => session?.connectionState(p) === 'connected') && session?.state, `connected to ${peers}`, peers),
  /**
   * Resolves once `peer`'s video has decoded `count` more frames than when asked (headless
   * Firefox plays nothing, so decoded frames are what counts), with the codec and size.
   * @param {string} peer
   */
  moreFrames: async (peer, count = 10) => {
    const start = (await decoded(peer)).frames;
    return until(async () => {
      const now = await decoded(peer);
      return now.frames >= start + count && now.width > 0 && { ...now, start };
    }, `${count} more decoded frames from ${peer}`);
  },
  hangUp: () => session?.hangUp(),
  /** @param {string} peer */
  peerState: (peer) => session?.connectionState(peer),
  state: () => session?.state,
  /** Resolves once this user's call has closed, with what it saw. */
  closed: () => until(() => session?.state === 'closed' && [...seen], 'the call to close'),
  /** Resolves once `peer` has ended here (its connection state), with that state. @param {string} peer */
  peerEnded: (peer) => until(() => ['hang-up', 'closed'].includes(session?.connectionState(peer) ?? '') && session?.connectionState(peer), `${peer} to end`),
  seen: () => [...seen],
  /** The live local tracks, so a test can see the camera and microphone were released. */
  liveTracks: () => session?.localStream?.getTracks().filter((t) => t.readyState === 'live').length ?? 0,
};

/** What a test can ask a page for (see cross-engine.test.js). @typedef {typeof api} MeshcallTest */
Object.assign(window, { meshcallTest: api });
export {};
