// Helpers for end-to-end call tests: real CallClients in real Chromium, talking through
// the real relay (started by test/relay-test-plugin.js) over real WebSockets.
import { CallClient, type CallClientOptions } from '../../src/call-client.js';
import type { CallSession } from '../../src/call-session.js';
import type { LogSeverity } from '../../src/log.js';
import type { Clock } from '../../src/timers.js';

let relay: Promise<string> | undefined;

export function relayUrl(): Promise<string> {
  relay ??= fetch('/__meshcall/relay')
    .then((r) => r.json() as Promise<{ wsUrl: string }>)
    .then((r) => r.wsUrl);
  return relay;
}

/** A user id unique to this run, keeping `name` first so the mesh order follows the names. */
export function uid(name: string): string {
  return `${name}-${Math.random().toString(36).slice(2, 8)}`;
}

export interface TestClient {
  client: CallClient;
  logs: { severity: LogSeverity; message: string }[];
}

const clients: CallClient[] = [];

export async function connectClient(userId: string, options: Partial<CallClientOptions> = {}): Promise<CallClient & { logs: TestClient['logs'] }> {
  const logs: TestClient['logs'] = [];
  const client = new CallClient({
    userId,
    signalingUrl: await relayUrl(),
    logSink: (severity, message) => logs.push({ severity, message }),
    ...options,
  });
  await client.connect();
  clients.push(client);
  return Object.assign(client, { logs });
}

/** Disconnects every client made by connectClient; call from afterEach. */
export function disconnectAll(): void {
  for (const client of clients.splice(0)) client.disconnect();
}

export function waitForEvent<T = unknown>(target: EventTarget, type: string, predicate: (detail: T) => boolean = () => true, timeoutMs = 20_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      target.removeEventListener(type, listener);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for "${type}"`));
    }, timeoutMs);
    const listener = (event: Event) => {
      const detail = (event as CustomEvent<T>).detail;
      if (!predicate(detail)) return;
      clearTimeout(timer);
      target.removeEventListener(type, listener);
      resolve(detail);
    };
    target.addEventListener(type, listener);
  });
}

/** Polls `check` each animation-ish tick until it is truthy; fails with `what` after the timeout. */
export async function waitUntil(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function waitForState(session: CallSession, state: CallSession['state'], timeoutMs = 20_000): Promise<void> {
  await waitUntil(() => session.state === state, `session ${session.id} is ${state} (now ${session.state})`, timeoutMs);
}

/** The next incoming session on `client`, accepted if `accept` is set. */
export async function nextIncoming(client: CallClient): Promise<CallSession> {
  const { session } = await waitForEvent<{ session: CallSession }>(client, 'incoming');
  return session;
}

export async function framesDecoded(pc: RTCPeerConnection | undefined): Promise<number> {
  if (!pc) return 0;
  let frames = 0;
  (await pc.getStats()).forEach((report: { type: string; kind?: string; framesDecoded?: number }) => {
    if (report.type === 'inbound-rtp' && report.kind === 'video') frames += report.framesDecoded ?? 0;
  });
  return frames;
}

/** Waits until `session` has decoded video frames from every user in `from`. */
export async function waitForRemoteVideo(session: CallSession, from: string[], timeoutMs = 25_000): Promise<void> {
  await waitUntil(
    async () => {
      for (const userId of from) {
        const stream = session.remoteStream(userId);
        if (!stream || stream.getVideoTracks().length === 0) return false;
        if ((await framesDecoded(session.peerConnection(userId))) === 0) return false;
      }
      return true;
    },
    `decoded video from ${from.join(', ')}`,
    timeoutMs,
  );
}

/** Plays a stream in a <video> element and waits for real pixels (videoWidth > 0). */
export async function playsInVideoElement(stream: MediaStream): Promise<HTMLVideoElement> {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  document.body.append(video);
  await video.play();
  await waitUntil(() => video.videoWidth > 0, 'the <video> shows frames');
  return video;
}

export function allEnded(stream: MediaStream | undefined): boolean {
  const tracks = stream?.getTracks() ?? [];
  return tracks.length > 0 && tracks.every((t) => t.readyState === 'ended');
}

/** A real clock that counts its pending timers, to prove a session leaves none behind. */
export class CountingClock implements Clock {
  #pending = new Set<number>();
  now(): number {
    return Date.now();
  }
  setTimeout(callback: () => void, ms: number): number {
    const handle = window.setTimeout(() => {
      this.#pending.delete(handle);
      callback();
    }, ms);
    this.#pending.add(handle);
    return handle;
  }
  clearTimeout(handle: number): void {
    this.#pending.delete(handle);
    window.clearTimeout(handle);
  }
  get pending(): number {
    return this.#pending.size;
  }
}

export interface ConnectedCall {
  alice: Awaited<ReturnType<typeof connectClient>>;
  bob: Awaited<ReturnType<typeof connectClient>>;
  caller: CallSession;
  callee: CallSession;
}

/** Alice calls Bob, Bob accepts: both connected, each decoding the other's video. */
export async function connectedCall(options: { alice?: Partial<CallClientOptions>; bob?: Partial<CallClientOptions> } = {}): Promise<ConnectedCall> {
  const alice = await connectClient(options.alice?.userId ?? uid('alice'), options.alice);
  const bob = await connectClient(options.bob?.userId ?? uid('bob'), options.bob);
  const incoming = nextIncoming(bob);
  const caller = alice.createSession([bob.userId]);
  await caller.start();
  const callee = await incoming;
  await callee.accept();
  await Promise.all([waitForState(caller, 'connected'), waitForState(callee, 'connected')]);
  await Promise.all([waitForRemoteVideo(caller, [bob.userId]), waitForRemoteVideo(callee, [alice.userId])]);
  return { alice, bob, caller, callee };
}

export interface LiveCall extends ConnectedCall {
  aliceId: string;
  bobId: string;
}

/**
 * One connected call (connectedCall) shared by every test of the enclosing `describe`: made
 * in a `before` hook, hung up with every client disconnected in an `after` hook. The fields
 * are filled in when the hook has run, so read them inside the tests. Hooks registered before
 * this call (e.g. queueing a fake camera) run before the call is made; ones registered after
 * it see the call.
 */
export function useConnectedCall(options: Parameters<typeof connectedCall>[0] = {}): LiveCall {
  const live = {} as LiveCall;
  before(async () => {
    Object.assign(live, await connectedCall(options));
    live.aliceId = live.alice.userId;
    live.bobId = live.bob.userId;
  });
  after(() => {
    live.caller?.hangUp();
    disconnectAll();
  });
  return live;
}
