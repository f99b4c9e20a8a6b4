// The conference-mode test page (bundled by test/server/janus-netns-holder.js): each page is one
// user of a real `CallClient` on the real relay, with the SFU settings a deployment gives it; the
// caller may instead be a `<call-session>` element. `window.sfuTest` is what the Node test drives.
// It also loads page-entry.ts (`window.janusTest`: the raw backend and the outsider's probes).
import './page-entry.js';
import '../../components/elements.js';
import { CallClient } from '../../src/call-client.js';
import type { CallSession } from '../../src/call-session.js';
import type { CallSessionElement } from '../../components/call-session/call-session.js';
import type { CallConfig } from '../../src/config.js';

/** Every RTCPeerConnection the page made, to check that none is left open after a call. */
const connections: RTCPeerConnection[] = [];
const NativePeerConnection = window.RTCPeerConnection;
window.RTCPeerConnection = class extends NativePeerConnection {
  constructor(config?: RTCConfiguration) {
    super(config);
    connections.push(this);
  }
} as typeof RTCPeerConnection;

/** The SFU room this page's signaling carried (read off outgoing frames, like someone with the relay's traffic would). */
let sentRoom: { url: string; room: number } | undefined;
const nativeSend = WebSocket.prototype.send;
WebSocket.prototype.send = function (data) {
  if (typeof data === 'string' && data.includes('"sfu"')) {
    const found = /"sfu":\{"url":"([^"]+)","room":(\d+)/.exec(data);
    if (found) sentRoom = { url: found[1] ?? '', room: Number(found[2]) };
  }
  return nativeSend.call(this, data);
};

let client: CallClient | undefined;
let session: CallSession | undefined;
const log = {
  states: {} as Record<string, string[]>,
  hungUp: [] as string[],
  errors: [] as string[],
  closed: undefined as string | undefined,
  media: {} as Record<string, unknown>,
};

function follow(s: CallSession) {
  session = s;
  s.addEventListener('connection-state-change', ({ detail }) => (log.states[detail.userId] ??= []).push(detail.state));
  s.addEventListener('hung-up', ({ detail }) => log.hungUp.push(detail.userId));
  s.addEventListener('error', ({ detail }) => log.errors.push(detail.error.message));
  s.addEventListener('remote-media-change', ({ detail }) => (log.media[detail.userId] = detail.media));
  s.addEventListener('session-closed', ({ detail }) => (log.closed = detail.reason));
}

function settings(sfuUrl: string, adminKey: string): Partial<CallConfig> {
  return { sfuUrl, sfuAdminKey: adminKey, video: { width: 160, height: 120, frameRate: 10 } };
}

const api = {
  /** A user who answers every call at once. */
  async connect(userId: string, signalingUrl: string, sfuUrl: string, adminKey: string) {
    client = new CallClient({ userId, signalingUrl, config: settings(sfuUrl, adminKey) });
    client.addEventListener('incoming', ({ detail }) => {
      follow(detail.session);
      void detail.session.accept();
    });
    await client.connect();
  },

  /** The caller as an app would write it: `<call-session opponents="…" sfu-url="…">`, then Call. */
  async callWithElement(userId: string, signalingUrl: string, sfuUrl: string, adminKey: string, opponents: string[]) {
    const element = document.createElement('call-session') as CallSessionElement;
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

  /** Per remote user: state, tracks received, decoded video frames (from the session's own stats). */
  async status(others: string[]) {
    const reports = (await session?.getStats()) ?? new Map();
    const result: Record<string, { state: string; tracks: number; frames: number }> = {};
    for (const userId of others) {
      result[userId] = {
        state: session?.connectionState(userId) ?? 'none',
        tracks:
          session
            ?.remoteStream(userId)
            ?.getTracks()
            .filter((t) => t.readyState === 'live').length ?? 0,
        frames: reports.get(userId)?.videoReceived?.framesDecoded ?? 0,
      };
    }
    return { session: session?.state ?? 'none', topology: session?.topology, users: result };
  },

  mute() {
    session?.setAudioEnabled(false);
  },

  hangUp() {
    session?.hangUp();
  },

  events() {
    return { ...log, room: sentRoom };
  },

  /** What is left running once the call ended here: open connections, live local or remote tracks. */
  leftovers() {
    const open = connections.filter((pc) => pc.connectionState !== 'closed' && pc.signalingState !== 'closed').length;
    const local = session?.localStream?.getTracks().filter((t) => t.readyState === 'live').length ?? 0;
    return { open, local, session: session?.state ?? 'none' };
  },
};

declare global {
  interface Window {
    sfuTest: typeof api;
  }
}

window.sfuTest = api;
