/**
 * One person of a call with a page per person (the sfu4/sfu8 scenarios, bench/lib/sfu.js): each
 * page is its own renderer process, so its upload and CPU are one person's. Node drives
 * `window.benchPerson`: `connect` once per kind (a `CallClient` per topology), then per call
 * `expect` on every callee, `call` on the caller, `done` everywhere, `uploadBytes` twice for a
 * window, `hangUp`. Times are absolute (`performance.timeOrigin` + now) so pages compare.
 */
import { CallClient } from '../../src/call-client.js';
import type { CallSession } from '../../src/call-session.js';
import type { CallConfig } from '../../src/config.js';
import { CallTracker, waitFor } from './call-tracker.js';
import { watchSession } from './kit-calls.js';

export interface PersonCall {
  kind: string;
  /** everyone else in the call */
  others: string[];
  timeoutMs: number;
}

interface Current {
  session: CallSession | undefined;
  tracker: CallTracker;
  listeners: AbortController;
}

const clients = new Map<string, CallClient>();
let current: Current | undefined;
const now = () => performance.timeOrigin + performance.now();

function clientOf(kind: string): CallClient {
  const client = clients.get(kind);
  if (!client) throw new Error(`no ${kind} client; connect() first`);
  return client;
}

function arm(self: string, { others, timeoutMs }: PersonCall): Current {
  current?.listeners.abort();
  current?.tracker.dispose();
  // This page waits for its own ends only: every other person connected and showing a frame.
  const tracker = new CallTracker({ users: [self, ...others], frames: true, timeoutMs, ends: others.length });
  current = { session: undefined, tracker, listeners: new AbortController() };
  return current;
}

function follow(call: Current, session: CallSession, self: string): void {
  call.session = session;
  // First, so a failure says why (the session's error comes before its close).
  session.addEventListener('error', (event) => call.tracker.fail(`${self}: ${event.detail.error.message}`), { signal: call.listeners.signal });
  watchSession(session, self, call.tracker, call.listeners.signal);
}

const api = {
  /** Opens signaling for `userId` with `config` (topology, SFU URL, camera format) under `kind`. */
  async connect(kind: string, userId: string, signalingUrl: string, config: Partial<CallConfig>): Promise<void> {
    const client = new CallClient({ userId, signalingUrl, config });
    await client.connect();
    clients.set(kind, client);
  },

  /** Callee: the next call of `kind` is answered at once and tracked. */
  expect(call: PersonCall): void {
    const client = clientOf(call.kind);
    const armed = arm(client.userId, call);
    client.addEventListener(
      'incoming',
      (event) => {
        follow(armed, event.detail.session, client.userId);
        event.detail.session.accept().catch((error: unknown) => armed.tracker.fail(`${client.userId} could not accept: ${String(error)}`));
      },
      { signal: armed.listeners.signal, once: true },
    );
  },

  /** Caller: places the call; resolves with the absolute time it was placed (the setup clock starts here). */
  call(call: PersonCall): number {
    const client = clientOf(call.kind);
    const armed = arm(client.userId, call);
    const started = now();
    armed.tracker.start();
    const session = client.createSession(call.others, { video: true, audio: true });
    follow(armed, session, client.userId);
    session.start().catch((error: unknown) => armed.tracker.fail(`${client.userId} could not start: ${String(error)}`));
    return started;
  },

  /** Resolves with the absolute time this page had every other person connected and a frame from each. */
  async done(): Promise<number> {
    if (!current) throw new Error('no call; expect() or call() first');
    const { tracker } = current;
    const times = await tracker.done;
    return performance.timeOrigin + tracker.t0 + Math.max(times.connectedMs, times.allFramesMs ?? 0);
  },

  /** RTP payload bytes this page has sent (outbound-rtp bytesSent, audio + video, every layer, every open connection). */
  async uploadBytes(): Promise<{ bytes: number; at: number }> {
    let bytes = 0;
    for (const pc of window.__benchProbe?.openPeerConnections() ?? []) {
      (await pc.getStats()).forEach((stat: { type: string; bytesSent?: number }) => {
        if (stat.type === 'outbound-rtp') bytes += stat.bytesSent ?? 0;
      });
    }
    return { bytes, at: now() };
  },

  /** Leaves the call; resolves once this page's session is closed. */
  async hangUp(timeoutMs: number): Promise<void> {
    const call = current;
    current = undefined;
    if (!call) return;
    const { session } = call;
    call.listeners.abort();
    if (session && session.state !== 'closed') {
      session.hangUp();
      await waitFor(session, 'session-closed', () => session.state === 'closed', `session of ${session.id} closed`, timeoutMs);
    }
    call.tracker.dispose();
  },
};

declare global {
  interface Window {
    benchPerson: typeof api;
  }
}

window.benchPerson = api;
