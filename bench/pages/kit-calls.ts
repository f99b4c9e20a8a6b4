/** Calls made with the kit's public core API: `createSession` + `start()`, callees `accept()` on `incoming`. */
import { CallClient } from '../../src/call-client.js';
import type { CallConfig } from '../../src/config.js';
import type { CallSession } from '../../src/call-session.js';
import { CallTracker, waitFor } from './call-tracker.js';
import type { CallDriver, CallOptions, CallResult } from './call-driver.js';

export class KitDriver implements CallDriver {
  #clients: CallClient[] = [];
  #sessions: CallSession[] = [];
  #tracker: CallTracker | undefined;
  /** Removes every listener this call added. */
  #listeners: AbortController | undefined;

  constructor(
    readonly users: readonly string[],
    private readonly signalingUrl: string,
    private readonly config: Partial<CallConfig> = {},
    /** selfView: a callee opens its camera as the call rings (a pre-join self-view) and accepts with it (`accept({ stream })`). */
    private readonly options: { selfView?: boolean } = {},
  ) {}

  async connect(): Promise<void> {
    this.#clients = this.users.map((userId) => new CallClient({ userId, signalingUrl: this.signalingUrl, config: this.config }));
    await Promise.all(this.#clients.map((client) => client.connect()));
  }

  async call(options: CallOptions): Promise<CallResult> {
    const [caller, ...callees] = this.#clients;
    if (!caller) throw new Error('connect() first');
    const tracker = new CallTracker({ users: this.users, ...options });
    const listeners = new AbortController();
    this.#tracker = tracker;
    this.#listeners = listeners;
    for (const callee of callees) {
      callee.addEventListener(
        'incoming',
        (event) => {
          const { session } = event.detail;
          this.#watch(session, callee.userId, tracker, listeners.signal);
          const selfView = this.options.selfView ? navigator.mediaDevices.getUserMedia({ audio: true, video: true }) : undefined;
          const accept = () => {
            if (options.ringMs !== undefined) tracker.start();
            void (async () => (selfView ? session.accept({ stream: await selfView }) : session.accept()))().catch((error: unknown) =>
              tracker.fail(`${callee.userId} could not accept: ${String(error)}`),
            );
          };
          if (options.ringMs === undefined) accept();
          else window.setTimeout(accept, options.ringMs);
        },
        { signal: listeners.signal },
      );
    }
    tracker.start();
    const session = caller.createSession(
      callees.map((c) => c.userId),
      { video: true, audio: true },
    );
    this.#watch(session, caller.userId, tracker, listeners.signal);
    await session.start();
    return { times: await tracker.done, t0: tracker.t0 };
  }

  async hangUp(timeoutMs: number): Promise<void> {
    // In a mesh the others stay connected to each other until they leave too.
    const [first, ...rest] = this.#sessions;
    first?.hangUp();
    if (this.users.length > 2) for (const session of rest) session.hangUp();
    await Promise.all(this.#sessions.map((s) => waitFor(s, 'session-closed', () => s.state === 'closed', `session of ${s.id} closed`, timeoutMs)));
    this.#sessions = [];
    this.#listeners?.abort();
    this.#tracker?.dispose();
  }

  close(): void {
    for (const client of this.#clients) client.disconnect();
  }

  #watch(session: CallSession, self: string, tracker: CallTracker, signal: AbortSignal): void {
    this.#sessions.push(session);
    watchSession(session, self, tracker, signal);
  }
}

/** Reports `session`'s connected users and remote videos (seen by `self`) to `tracker`; an early close fails it. */
export function watchSession(session: CallSession, self: string, tracker: CallTracker, signal: AbortSignal): void {
  session.addEventListener('connected', (event) => tracker.connected(self, event.detail.userId), { signal });
  session.addEventListener(
    'remote-track',
    (event) => {
      if (event.detail.track.kind === 'video') tracker.remoteVideo(self, event.detail.userId, event.detail.stream);
    },
    { signal },
  );
  session.addEventListener('session-closed', (event) => tracker.fail(`${self}: session closed early (${event.detail.reason})`), {
    signal,
  });
}
