/**
 * Installed in every bench page with `page.addInitScript` (bundled to an IIFE), so it runs
 * before the kit, webrtc-adapter or the raw code. Kit and baseline run under the same hooks.
 *
 * - trace: timestamps of each signaling step (getUserMedia, descriptions, candidates, ICE and
 *   connection states, WebSocket frames by message type), to explain where time goes.
 * - leaks: live RTCPeerConnections, live tracks and pending timers, all held through WeakRefs
 *   (the counters never keep anything alive themselves).
 */
import type { BenchProbe, PendingTimer, ProbeCounters, TraceEvent } from './probe.js';

const trace: TraceEvent[] = [];
/** Relay frames sent in the current run, by message type. */
const sent = new Map<string, number>();
const seen = new Set<string>();
let roles = new Map<string, string>();
let pcCount = 0;
let gumCount = 0;
/** Message types of the kit and the baseline, named alike so their steps line up. */
const STEP_NAMES: Record<string, string> = {
  call: 'offer',
  offer: 'offer',
  accept: 'answer',
  answer: 'answer',
  iceCandidates: 'candidates',
  candidate: 'candidates',
};

/** Records the first occurrence of `what` in the current run (later repeats only count). */
function mark(what: string): void {
  if (seen.has(what)) return;
  seen.add(what);
  trace.push({ what, t: performance.now() });
}

function roleOf(user: string): string {
  return roles.get(user) ?? user;
}

/**
 * The message type of a relay frame, read without parsing the (SDP-sized) JSON. A kit
 * `frame` envelope (reliable delivery) is named by the message inside it; acks stay `ack`.
 */
function frameType(data: unknown): string | undefined {
  if (typeof data !== 'string') return undefined;
  const types = [...data.matchAll(/"(?:type|kind)":"(\w+)"/g)].map((m) => m[1] ?? '');
  const type = types[0] === 'frame' ? types[1] : types[0];
  return type === undefined ? undefined : (STEP_NAMES[type] ?? type);
}

const pcs: WeakRef<RTCPeerConnection>[] = [];
const tracks: WeakRef<MediaStreamTrack>[] = [];
/** Pending timers by id; with `timerSources` on, where each was set (for explaining a leak). */
const pendingTimers = new Map<number, PendingTimer>();
const keepSources = window.__benchProbeOptions?.timerSources === true;

function timerInfo(kind: PendingTimer['kind'], delay: number | undefined): PendingTimer {
  const info: PendingTimer = { kind, delay: delay ?? 0 };
  if (keepSources) {
    // The first frames outside this file: who set the timer.
    info.source = (new Error().stack ?? '')
      .split('\n')
      .slice(3, 6)
      .map((l) => l.trim())
      .join(' < ');
  }
  return info;
}

function watchTracks(list: readonly MediaStreamTrack[]): void {
  for (const track of list) tracks.push(new WeakRef(track));
}

// --- WebSocket frames -------------------------------------------------------------------
const NativeWebSocket = window.WebSocket;
const nativeSend = NativeWebSocket.prototype.send;
const socketUser = new WeakMap<WebSocket, string>();
class TracedWebSocket extends NativeWebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols);
    const user = new URL(String(url), location.href).searchParams.get('user') ?? '?';
    socketUser.set(this, user);
    this.addEventListener('message', (event: MessageEvent) => {
      const type = frameType(event.data);
      if (type) mark(`${roleOf(user)} ← ${type}`);
    });
  }
}
NativeWebSocket.prototype.send = function send(this: WebSocket, data: string | ArrayBufferLike | Blob | ArrayBufferView) {
  const type = frameType(data);
  if (type) {
    mark(`${roleOf(socketUser.get(this) ?? '?')} → ${type}`);
    sent.set(type, (sent.get(type) ?? 0) + 1);
  }
  return nativeSend.call(this, data);
};
window.WebSocket = TracedWebSocket;

// --- getUserMedia -----------------------------------------------------------------------
const nativeGetUserMedia = MediaDevices.prototype.getUserMedia;
MediaDevices.prototype.getUserMedia = async function getUserMedia(this: MediaDevices, constraints?: MediaStreamConstraints) {
  const n = gumCount++;
  mark(`gUM#${n} start`);
  const stream = await nativeGetUserMedia.call(this, constraints);
  mark(`gUM#${n} done`);
  watchTracks(stream.getTracks());
  return stream;
};

// --- RTCPeerConnection ------------------------------------------------------------------
const NativePeerConnection = window.RTCPeerConnection;
const pcLabel = new WeakMap<RTCPeerConnection, string>();
const labelOf = (pc: RTCPeerConnection) => pcLabel.get(pc) ?? 'pc?';
for (const method of ['setLocalDescription', 'setRemoteDescription'] as const) {
  const native = NativePeerConnection.prototype[method] as (...args: unknown[]) => Promise<void>;
  const short = method === 'setLocalDescription' ? 'local' : 'remote';
  Object.defineProperty(NativePeerConnection.prototype, method, {
    configurable: true,
    writable: true,
    value: async function (this: RTCPeerConnection, ...args: unknown[]) {
      const label = labelOf(this);
      mark(`${label} set ${short} start`);
      await native.apply(this, args);
      mark(`${label} set ${short} ${this.signalingState === 'stable' ? '(answer)' : '(offer)'} done`);
    },
  });
}
class InstrumentedPeerConnection extends NativePeerConnection {
  constructor(configuration?: RTCConfiguration) {
    super(configuration);
    const label = `pc#${pcCount++}`;
    pcLabel.set(this, label);
    pcs.push(new WeakRef(this));
    mark(`${label} created`);
    // These listeners belong to the connection and go away with it.
    this.addEventListener('icecandidate', (event) => {
      mark(event.candidate ? `${label} first candidate` : `${label} gathering complete`);
    });
    this.addEventListener('iceconnectionstatechange', () => mark(`${label} ice ${this.iceConnectionState}`));
    this.addEventListener('connectionstatechange', () => mark(`${label} ${this.connectionState}`));
    this.addEventListener('track', (event) => {
      watchTracks([event.track]);
      mark(`${label} remote track`);
    });
  }
}
window.RTCPeerConnection = InstrumentedPeerConnection;

// --- timers -----------------------------------------------------------------------------
const native = {
  setTimeout: window.setTimeout.bind(window),
  clearTimeout: window.clearTimeout.bind(window),
  setInterval: window.setInterval.bind(window),
  clearInterval: window.clearInterval.bind(window),
};
window.setTimeout = ((handler: TimerHandler, timeout?: number, ...args: unknown[]) => {
  const id: number = native.setTimeout(
    (...callArgs: unknown[]) => {
      pendingTimers.delete(id);
      if (typeof handler === 'function') (handler as (...a: unknown[]) => void)(...callArgs);
    },
    timeout,
    ...args,
  );
  pendingTimers.set(id, timerInfo('timeout', timeout));
  return id;
}) as typeof window.setTimeout;
window.clearTimeout = ((id?: number) => {
  if (id !== undefined) pendingTimers.delete(id);
  native.clearTimeout(id);
}) as typeof window.clearTimeout;
window.setInterval = ((handler: TimerHandler, timeout?: number, ...args: unknown[]) => {
  const id = native.setInterval(handler, timeout, ...args);
  pendingTimers.set(id, timerInfo('interval', timeout));
  return id;
}) as typeof window.setInterval;
window.clearInterval = ((id?: number) => {
  if (id !== undefined) pendingTimers.delete(id);
  native.clearInterval(id);
}) as typeof window.clearInterval;

const probe: BenchProbe = {
  resetTrace(userRoles) {
    trace.length = 0;
    seen.clear();
    sent.clear();
    roles = new Map(Object.entries(userRoles));
    pcCount = 0;
    gumCount = 0;
  },
  mark,
  trace: () => [...trace],
  sentFrames: () => Object.fromEntries(sent),
  counters(): ProbeCounters {
    let openPeerConnections = 0;
    let retainedPeerConnections = 0;
    for (const ref of pcs) {
      const pc = ref.deref();
      if (!pc) continue;
      retainedPeerConnections += 1;
      if (pc.connectionState !== 'closed') openPeerConnections += 1;
    }
    let liveTracks = 0;
    for (const ref of tracks) if (ref.deref()?.readyState === 'live') liveTracks += 1;
    return {
      openPeerConnections,
      retainedPeerConnections,
      peerConnectionsCreated: pcs.length,
      liveTracks,
      tracksSeen: tracks.length,
      pendingTimers: pendingTimers.size,
    };
  },
  openPeerConnections: () => pcs.map((ref) => ref.deref()).filter((pc): pc is RTCPeerConnection => pc !== undefined && pc.connectionState !== 'closed'),
  pendingTimers: () => [...pendingTimers.values()],
  whenTimersIdle(maxMs) {
    // Polls on the native timers, which the counter does not see.
    const started = performance.now();
    return new Promise((resolve) => {
      const poll = () => {
        const waited = performance.now() - started;
        if (pendingTimers.size === 0 || waited >= maxMs) resolve(Math.round(waited));
        else native.setTimeout(poll, 20);
      };
      poll();
    });
  },
};
window.__benchProbe = probe;
