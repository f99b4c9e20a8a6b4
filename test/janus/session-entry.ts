// The conference-mode test page (bundled by test/server/janus-netns-holder.js): each page is one
// user of a real `CallClient` on the real relay, with the SFU settings a deployment gives it; the
// caller may instead be a `<call-session>` element. `window.sfuTest` is what the Node test drives.
// It also loads page-entry.ts (`window.janusTest`: the raw backend and the outsider's probes).
import './page-entry.js';
import type { PeerStatus } from './page-entry.js';
import '../../components/elements.js';
import { CallClient } from '../../src/call-client.js';
import type { CallSession } from '../../src/call-session.js';
import type { CallSessionElement } from '../../components/call-session/call-session.js';
import type { CallConfig } from '../../src/config.js';
import { statsString } from '../../src/stats/stats-report.js';
import { waitUntil } from '../helpers/call-harness.js';
import { queueFakeMedia, toneMic, type ToneMic } from '../helpers/fake-media.js';

/** Every RTCPeerConnection the page made, to check that none is left open after a call. */
const connections: RTCPeerConnection[] = [];
const NativePeerConnection = window.RTCPeerConnection;
window.RTCPeerConnection = class extends NativePeerConnection {
  constructor(config?: RTCConfiguration) {
    super(config);
    connections.push(this);
  }
} as typeof RTCPeerConnection;

/** Called with each text this page sent on a WebSocket (signaling and Janus), right after it went out. */
let afterSend: ((data: string) => void) | undefined;
/** The SFU room this page's signaling carried (read off outgoing frames, like someone with the relay's traffic would). */
let sentRoom: { url: string; room: number } | undefined;
const nativeSend = WebSocket.prototype.send;
WebSocket.prototype.send = function (data) {
  if (typeof data === 'string' && data.includes('"sfu"')) {
    const found = /"sfu":\{"url":"([^"]+)","room":(\d+)/.exec(data);
    if (found) sentRoom = { url: found[1] ?? '', room: Number(found[2]) };
  }
  nativeSend.call(this, data);
  if (typeof data === 'string') afterSend?.(data);
};

/** Every track getUserMedia gave this page, and a gate that holds the camera back (a slow camera or permission prompt). */
const captured: MediaStreamTrack[] = [];
let cameraGate: Promise<void> | undefined;
const nativeGetUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
navigator.mediaDevices.getUserMedia = async (constraints) => {
  await cameraGate;
  const stream = await nativeGetUserMedia(constraints);
  captured.push(...stream.getTracks());
  return stream;
};

/** This page's microphone: a steady tone, silent until `speak` (so who talks is known exactly). */
let mic: ToneMic | undefined;
function toneMicrophone() {
  mic = toneMic(0);
  queueFakeMedia(mic);
}

/** What this page's audio graph gets from each remote user (RMS of the last block), from `listen`. */
const levels: Record<string, number> = {};

let client: CallClient | undefined;
let session: CallSession | undefined;
let element: CallSessionElement | undefined;
const log = {
  states: {} as Record<string, string[]>,
  hungUp: [] as string[],
  errors: [] as string[],
  closed: undefined as string | undefined,
  media: {} as Record<string, unknown>,
  speakers: [] as (string | undefined)[],
};

function follow(s: CallSession) {
  session = s;
  s.addEventListener('connection-state-change', ({ detail }) => (log.states[detail.userId] ??= []).push(detail.state));
  s.addEventListener('hung-up', ({ detail }) => log.hungUp.push(detail.userId));
  s.addEventListener('error', ({ detail }) => log.errors.push(detail.error.message));
  s.addEventListener('remote-media-change', ({ detail }) => (log.media[detail.userId] = detail.media));
  s.addEventListener('session-closed', ({ detail }) => (log.closed = detail.reason));
  s.addEventListener('active-speaker', ({ detail }) => log.speakers.push(detail.userId));
}

function settings(sfuUrl: string, adminKey: string): Partial<CallConfig> {
  return { sfuUrl, sfuAdminKey: adminKey, video: { width: 160, height: 120, frameRate: 10 } };
}

const api = {
  /** A user who answers every call at once. */
  async connect(userId: string, signalingUrl: string, sfuUrl: string, adminKey: string) {
    toneMicrophone();
    client = new CallClient({ userId, signalingUrl, config: settings(sfuUrl, adminKey) });
    client.addEventListener('incoming', ({ detail }) => {
      follow(detail.session);
      void detail.session.accept();
    });
    await client.connect();
  },

  /** The caller as an app would write it: `<call-session opponents="…" sfu-url="…">`, then Call. */
  async callWithElement(userId: string, signalingUrl: string, sfuUrl: string, adminKey: string, opponents: string[]) {
    toneMicrophone();
    element = document.createElement('call-session') as CallSessionElement;
    element.setAttribute('user-id', userId);
    element.setAttribute('signaling-url', signalingUrl);
    element.setAttribute('sfu-url', sfuUrl);
    element.setAttribute('opponents', opponents.join(','));
    element.config = { topology: 'sfu', sfuAdminKey: adminKey, video: { width: 160, height: 120, frameRate: 10 } };
    element.addEventListener('call-error', (event) => log.errors.push((event as CustomEvent<{ error: Error }>).detail.error.message));
    document.body.append(element);
    await element.updateComplete;
    const active = (element as unknown as { activeClient?: CallClient }).activeClient;
    if (!active) throw new Error('the element made no client');
    client = active;
    await client.connect();
    const call = element.call();
    for (let i = 0; i < 100 && !client.sessions[0]; i++) await new Promise((r) => setTimeout(r, 50));
    const made = client.sessions[0];
    if (!made) throw new Error(`no session: ${log.errors.join('; ')}`);
    follow(made);
    await call;
    return made.topology;
  },

  /** Per remote user: state, live tracks received, decoded video frames and size (from the session's own stats). */
  async status(others: string[]) {
    const reports = (await session?.getStats()) ?? new Map();
    const users: Record<string, PeerStatus> = {};
    for (const userId of others) {
      const video = reports.get(userId)?.videoReceived;
      users[userId] = {
        state: session?.connectionState(userId) ?? 'unknown',
        tracks:
          session
            ?.remoteStream(userId)
            ?.getTracks()
            .filter((t) => t.readyState === 'live').length ?? 0,
        frames: video?.framesDecoded ?? 0,
        width: video?.width ?? 0,
        height: video?.height ?? 0,
      };
    }
    return { session: session?.state ?? 'none', topology: session?.topology, users };
  },

  mute() {
    session?.setAudioEnabled(false);
  },

  hangUp() {
    session?.hangUp();
  },
  /** This page's microphone from now on: 0 is silence. */
  speak(gain: number) {
    mic?.setGain(gain);
  },

  async shareScreen(on: boolean) {
    if (on) await session?.startScreenShare();
    else session?.stopScreenShare();
  },

  /** The caller's `<call-session>` as a person sees it: the layout, who is large, and each remote tile's badges and highlight. */
  stage() {
    const root = element?.shadowRoot;
    const tiles: Record<string, { badges: string[]; speaking: boolean; audioEnabled: boolean[] }> = {};
    for (const tile of root?.querySelectorAll<HTMLElement>('remote-video') ?? []) {
      const shadow = tile.shadowRoot;
      const video = shadow?.querySelector('video');
      const stream = video?.srcObject instanceof MediaStream ? video.srcObject : undefined;
      tiles[tile.getAttribute('user-id') ?? ''] = {
        badges: [...(shadow?.querySelectorAll('[part~="badge"]') ?? [])].map((b) => b.textContent?.trim() ?? ''),
        speaking: shadow?.querySelector('[part~="base"]')?.getAttribute('part')?.split(' ').includes('speaking') ?? false,
        // The tile's <video> plays that person's sound: its audio tracks, enabled or not.
        audioEnabled: stream?.getAudioTracks().map((t) => t.enabled) ?? [],
      };
    }
    const stage = root?.querySelector<HTMLElement>('[part~="stage"]');
    const main = root?.querySelector('[part~="main"] remote-video')?.getAttribute('user-id') ?? undefined;
    return { layout: stage?.dataset.layout, main, tiles };
  },

  /** Clicks "Mute for me" in that person's tile menu on the caller's stage; returns the button's aria-pressed. */
  async toggleMuteForMe(userId: string) {
    const root = element?.shadowRoot;
    const menu = () => root?.querySelector<HTMLButtonElement>(`[part~="remote-tile"][data-user-id="${CSS.escape(userId)}"] [part~="tile-menu-button"]`);
    menu()?.click();
    await element?.updateComplete;
    const button = root?.querySelector<HTMLButtonElement>('[part~="mute-for-me"]');
    if (!button) throw new Error(`no Mute for me in ${userId}'s tile menu`);
    button.click();
    await element?.updateComplete;
    const pressed = button.getAttribute('aria-pressed');
    menu()?.click(); // closes the menu
    await element?.updateComplete;
    return pressed;
  },

  /** Starts measuring what this page hears from each of `users` (read with `heard`). */
  listen(users: string[]) {
    for (const userId of users) {
      session?.addAudioSink(userId, (frame) => {
        const samples = frame.samples[0] ?? new Float32Array();
        levels[userId] = Math.sqrt(samples.reduce((sum, v) => sum + v * v, 0) / Math.max(1, samples.length));
      });
    }
  },

  heard() {
    return { ...levels };
  },

  /** The seed's statsString for one remote user, from two reports a second apart (rates need two). */
  async statsString(userId: string) {
    await session?.getStats();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const report = (await session?.getStats())?.get(userId);
    return report ? statsString(report) : '';
  },

  /** Records one remote user for about two seconds, then loads the file and seeks to its end as a player would. */
  async record(userId: string) {
    if (!session) throw new Error('no session');
    const recorder = await session.startRecording({ userId, composed: false });
    const started = performance.now();
    let chunks = 0;
    let last = 0;
    while (chunks < 2 && performance.now() - started < 30_000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (recorder.bytesRecorded > last) {
        last = recorder.bytesRecorded;
        chunks++;
      }
    }
    const blob = await recorder.stop();
    const video = document.createElement('video');
    video.muted = true;
    const url = URL.createObjectURL(blob);
    try {
      await new Promise<void>((resolve, reject) => {
        video.addEventListener('loadedmetadata', () => resolve(), { once: true });
        video.addEventListener('error', () => reject(new Error(`the recording does not load: ${video.error?.message}`)), { once: true });
        video.src = url;
      });
      const seeked = new Promise((resolve) => video.addEventListener('seeked', resolve, { once: true }));
      video.currentTime = Math.max(0, video.duration - 0.3);
      await seeked;
      return { type: blob.type, size: blob.size, width: video.videoWidth, height: video.videoHeight, duration: video.duration };
    } finally {
      video.removeAttribute('src');
      video.load();
      URL.revokeObjectURL(url);
    }
  },

  /**
   * A caller who hangs up before it is in the room. The camera is held back until the
   * session's room exists on Janus; then it hangs up `camera`: while the camera is still
   * opening (the camera opens afterwards), `attaching`: once the camera opened, right after
   * its publisher's attach request went to Janus, or `joining`: right after its join request did.
   */
  async hangUpEarly(userId: string, signalingUrl: string, sfuUrl: string, adminKey: string, opponents: string[], when: 'camera' | 'attaching' | 'joining') {
    let release = () => {};
    cameraGate = new Promise((resolve) => (release = resolve));
    client = new CallClient({ userId, signalingUrl, config: { ...settings(sfuUrl, adminKey), topology: 'sfu' } });
    await client.connect();
    const early = client.createSession(opponents);
    follow(early);
    const started = early.start().catch((error: unknown) => String(error));
    await waitUntil(async () => (await window.janusTest.listRooms(sfuUrl, adminKey)).length > 0, "the session's room exists on Janus", 60_000);
    const rooms = (await window.janusTest.listRooms(sfuUrl, adminKey)).length;
    if (when === 'camera') early.hangUp();
    else {
      const request = when === 'attaching' ? '"janus":"attach"' : '"ptype":"publisher"';
      early.addEventListener('local-stream', () => {
        afterSend = (data) => {
          if (!data.includes(request)) return;
          afterSend = undefined;
          early.hangUp();
        };
      });
    }
    release();
    cameraGate = undefined;
    await started;
    await waitUntil(() => early.state === 'closed', 'the early caller’s session closes', 30_000);
    return { roomsBeforeHangUp: rooms, state: early.state };
  },

  events() {
    return { ...log, room: sentRoom };
  },

  /** What is left running once the call ended here: open connections, live local or remote tracks. */
  leftovers() {
    const open = connections.filter((pc) => pc.connectionState !== 'closed' && pc.signalingState !== 'closed').length;
    const local = session?.localStream?.getTracks().filter((t) => t.readyState === 'live').length ?? 0;
    const camera = captured.filter((t) => t.readyState === 'live').length;
    return { open, local, camera, session: session?.state ?? 'none' };
  },
};

declare global {
  interface Window {
    sfuTest: typeof api;
  }
}

window.sfuTest = api;
