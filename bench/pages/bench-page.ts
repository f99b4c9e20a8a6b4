/**
 * The bench page: kit and baseline drivers side by side in one page, driven from Node
 * (bench/run.js) through `window.bench`. Each run is one call, timed in the page.
 */
import type { CallDriver } from './call-driver.js';
import type { CallTimes } from './call-tracker.js';
import { KitDriver } from './kit-calls.js';
import { PeerJsDriver, type PeerServerAddress } from './peerjs-calls.js';
import type { PendingTimer, ProbeCounters, TraceEvent } from './probe.js';
import { RawDriver } from './raw-calls.js';
import { SimplePeerDriver } from './simple-peer-calls.js';

export type DriverKind = 'kit' | 'kit-connect' | 'kit-selfview' | 'baseline' | 'baseline-connect' | 'elements' | 'peerjs' | 'simple-peer';

export interface InitOptions {
  signalingUrl: string;
  /** people per call (2 for 1:1, up to 4 for the mesh) */
  participants: number;
  kinds: DriverKind[];
  /** the local PeerServer, when `peerjs` is one of the kinds */
  peerServer?: PeerServerAddress;
}

export interface RunOptions {
  kind: DriverKind;
  frames: boolean;
  timeoutMs: number;
  ringMs?: number;
}

export interface RunOutcome {
  times: CallTimes;
  /** trace events in ms since call(), when the page is instrumented */
  trace: TraceEvent[];
  /** relay frames sent by everyone until the call was up, by message type */
  sent: Record<string, number>;
}

export interface BenchApi {
  init(options: InitOptions): Promise<void>;
  /** One call: place it, wait until up, hang up, wait until everyone has closed. */
  run(options: RunOptions): Promise<RunOutcome>;
  counters(): ProbeCounters | undefined;
  pendingTimers(): PendingTimer[];
  whenTimersIdle(maxMs: number): Promise<number>;
  close(): void;
}

declare global {
  interface Window {
    bench: BenchApi;
    /** Set by the elements page: makes drivers for `<call-session>` elements. */
    benchElementsDriver?: (users: readonly string[], signalingUrl: string) => CallDriver;
  }
}

const ROLES = ['A', 'B', 'C', 'D'];
const drivers = new Map<DriverKind, CallDriver>();

function makeDriver(kind: DriverKind, users: string[], signalingUrl: string, peerServer: PeerServerAddress | undefined): CallDriver {
  switch (kind) {
    case 'kit':
      return new KitDriver(users, signalingUrl);
    case 'kit-connect':
      return new KitDriver(users, signalingUrl, { prepareWhileRinging: 'connect' });
    case 'kit-selfview':
      return new KitDriver(users, signalingUrl, {}, { selfView: true });
    case 'baseline':
      return new RawDriver(users, signalingUrl);
    case 'baseline-connect':
      return new RawDriver(users, signalingUrl, { connectWhileRinging: true });
    case 'peerjs':
      if (!peerServer) throw new Error('peerjs needs a PeerServer (init({ peerServer }))');
      return new PeerJsDriver(users, peerServer);
    case 'simple-peer':
      return new SimplePeerDriver(users, signalingUrl);
    case 'elements': {
      const make = window.benchElementsDriver;
      if (!make) throw new Error('this page has no elements driver (open elements.html)');
      return make(users, signalingUrl);
    }
  }
}

window.bench = {
  async init({ signalingUrl, participants, kinds, peerServer }) {
    const suffix = Math.random().toString(36).slice(2, 8);
    for (const kind of kinds) {
      // Same prefix and suffix for everyone in a call, so IDs sort in role order (the mesh rule depends on it).
      const users = ROLES.slice(0, participants).map((role) => `${kind}-${role}-${suffix}`);
      const driver = makeDriver(kind, users, signalingUrl, peerServer);
      await driver.connect();
      drivers.set(kind, driver);
    }
  },

  async run({ kind, frames, timeoutMs, ringMs }) {
    const driver = drivers.get(kind);
    if (!driver) throw new Error(`no ${kind} driver; init() first`);
    const probe = window.__benchProbe;
    probe?.resetTrace(Object.fromEntries(driver.users.map((user, i) => [user, ROLES[i] ?? user])));
    let result;
    try {
      result = await driver.call({ frames, timeoutMs, ...(ringMs !== undefined ? { ringMs } : {}) });
    } catch (error) {
      // Leave the page usable for a report: end whatever half-made call is left.
      await driver.hangUp(timeoutMs).catch(() => {});
      throw error;
    }
    const { times, t0 } = result;
    const trace = (probe?.trace() ?? []).map((e) => ({ what: e.what, t: e.t - t0 }));
    const sent = probe?.sentFrames() ?? {};
    await driver.hangUp(timeoutMs);
    return { times, trace, sent };
  },

  counters() {
    return window.__benchProbe?.counters();
  },

  pendingTimers() {
    return window.__benchProbe?.pendingTimers() ?? [];
  },

  whenTimersIdle(maxMs) {
    return window.__benchProbe?.whenTimersIdle(maxMs) ?? Promise.resolve(0);
  },

  close() {
    for (const driver of drivers.values()) driver.close();
    drivers.clear();
  },
};
