import { provide } from '@lit/context';
import { html } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { CallClient } from '../../src/call-client.js';
import type { CallSession } from '../../src/call-session.js';
import { DEFAULT_CONFIG, pickSessionSettings } from '../../src/config-defaults.js';
import type { CallConfig, SessionSettings, Topology } from '../../src/config.js';
import { CallError, toCallError } from '../../src/errors.js';
import { SESSION_EVENTS } from '../../src/session-events.js';
import type { UserInfo } from '../../src/signaling/protocol.js';
import { stopStream } from '../../src/media/local-media.js';
import { unsupportedReason } from '../../src/support.js';
import { AnnouncerController } from '../announcer-controller.js';
import { booleanAttribute, choiceAttribute, listAttribute, secondsAttribute, webSocketUrlAttribute } from '../attribute-converters.js';
import type { CallControlsElement } from '../call-controls/call-controls.js';
import type { PreviewChoice } from '../call-preview/call-preview.js';
import { callPhase, type CallPhase } from '../call-phase.js';
import {
  actionsContext,
  audioOutputContext,
  clientContext,
  langContext,
  peersContext,
  remoteAudioContext,
  sessionContext,
  type AudioOutputControl,
  type CallActions,
  type PeerInfo,
  type RemoteAudioClaims,
} from '../context.js';
import { dispatch } from '../dispatch.js';
import { HasChildrenController } from '../has-children-controller.js';
import { MeshcallElement } from '../meshcall-element.js';
import { SessionController, type SessionEventOf } from '../session-controller.js';
import { formatElapsed, joinNames } from '../strings.js';
import { TickController } from '../tick-controller.js';
import { defaultLayout } from './call-session.layout.js';
import { whenIdle } from '../when-idle.js';
import { callSessionStyles } from './call-session.styles.js';
import type { RemoteVideoElement } from '../remote-video/remote-video.js';
import { ClientController, type ClientEventOf } from './client-controller.js';
import { RemoteAudioController } from './remote-audio-controller.js';
import { STAGE_LAYOUTS, StageController, type StageLayout } from './stage-controller.js';

const TAG = 'call-session';
/** `statsInterval` of calls shown in the default layout (network bars, poor-network notices), unless `config` sets one. */
const STAGE_STATS_INTERVAL_S = 2;

const layoutAttribute = {
  fromAttribute(value: string | null): StageLayout {
    if (value === null || (STAGE_LAYOUTS as readonly string[]).includes(value)) return (value ?? 'auto') as StageLayout;
    console.warn(`<${TAG}> layout=${JSON.stringify(value)} is not valid; using auto`);
    return 'auto';
  },
};

/**
 * One person's calls. Give it `user-id` and `signaling-url` (or a `client`) and it
 * connects; `opponents` says who `call()` rings. It provides the client and the current
 * session to everything inside it, and re-dispatches every core event as a bubbling,
 * composed `call-<name>` DOM event. With children it shows only them. With no children it
 * is a complete call stage that fills its container (dark unless `theme="light"`):
 * - idle: `<call-preview>` (self-view, microphone meter, camera/microphone/speaker pickers,
 *   join with mic or camera off) with a Call button, before the first call (`preview="false"`:
 *   just the Call button); ringing: the incoming prompt (with the preview too when
 *   `preview-before-accept` is set);
 * - dialing and connecting: the status line with the ringing time, a card per person called
 *   with their name and state (Ringing…, Connecting…, Declined) and the controls; the videos
 *   appear once the first connection is up, so nothing that can wait (video players, layout)
 *   runs on the call's critical path;
 * - in a call: one status line with `<call-timer>`, a
 *   `<call-notifications>` region, a tile per person with name, Muted / Camera off /
 *   Sharing screen badges (your own tile too), `<network-quality>` bars and a menu ("Mute
 *   for me", "Pin"); the self-view is a small corner in 1:1 and a tile of its own in groups;
 *   `layout` grid (fits 12) or spotlight (automatic while someone shares a screen or is
 *   pinned); icon buttons (`labels` shows their text) with Settings (device pickers),
 *   Spotlight, Picture in picture and Full screen beside mic, camera and Hang up;
 * - focus moves to Hang up when a call starts and back to Call when it ends; optional
 *   `shortcuts`: Ctrl/⌘+D microphone, Ctrl/⌘+E camera, Ctrl/⌘+Shift+H hang up.
 * On a portrait phone (container ≤ 480 px wide) the remote video fills the stage, the
 * self-view is small and the controls are one bar. Removing it from the page hangs up and
 * releases the camera.
 *
 * @summary A call: connects, provides the session to its children, re-dispatches core events.
 *
 * @slot - Your own layout (`<remote-video>`, `<local-video>`, `<call-controls>`, ...). Without children the default layout is shown.
 *
 * @csspart base - The box around everything.
 * @csspart status - The polite live region announcing state changes.
 * @csspart error - The reason of the last failure (an alert).
 * @csspart topbar - The status line (with the ringing time or the call's duration).
 * @csspart ringing - Added to `topbar` while dialing ("Calling …" with the elapsed time).
 * @csspart timer - The elapsed ringing time.
 * @csspart call-timer - The `<call-timer>` (duration since connected).
 * @csspart prejoin - The box around the pre-join `<call-preview>`.
 * @csspart preview - The `<call-preview>` of the default layout.
 * @csspart notifications - The `<call-notifications>` region.
 * @csspart incoming - The incoming-call prompt.
 * @csspart incoming-title - "… is calling" in the prompt.
 * @csspart incoming-actions - The prompt's buttons.
 * @csspart button - The prompt's Accept and Reject buttons.
 * @csspart accept - The prompt's Accept button.
 * @csspart reject - The prompt's Reject button.
 * @csspart stage - The videos; `data-layout` is `grid` or `spotlight` (`waiting` until the first connection is up).
 * @csspart waiting-list - Before the first connection: the list of people called.
 * @csspart waiting-peer - Each person called, with `name` and `state` parts inside.
 * @csspart grid - The grid of tiles (fits 12).
 * @csspart main - The large tile in spotlight.
 * @csspart strip - The other tiles in spotlight.
 * @csspart tile - Each tile.
 * @csspart remote-tile - Added to a remote person's tile.
 * @csspart pinned - Added to the pinned tile.
 * @csspart self-tile - Added to your own tile.
 * @csspart remote-video - Each `<remote-video>` of the default layout.
 * @csspart local-video - The `<local-video>` of the default layout.
 * @csspart self-corner - Added to `local-video` when it is the small corner of a 1:1 call.
 * @csspart tile-tools - Network bars and menu button over a remote tile.
 * @csspart network-quality - Each tile's `<network-quality>`.
 * @csspart tile-menu-button - A tile's menu button ("Options for Bob").
 * @csspart tile-menu - A tile's menu.
 * @csspart menu-item - Each item of a tile menu.
 * @csspart mute-for-me - The "Mute for me" item.
 * @csspart pin - The "Pin" item.
 * @csspart icon - The icon inside a button or menu item.
 * @csspart controls - The `<call-controls>` of the default layout.
 * @csspart settings - The Settings button.
 * @csspart layout - The Spotlight layout button.
 * @csspart pip - The Picture in picture button.
 * @csspart fullscreen - The Full screen button.
 * @csspart settings-panel - The device pickers opened by Settings.
 * @csspart picker - Each `<device-picker>` in it.
 *
 * @cssproperty --meshcall-color-scheme - `light`, `dark` or `light dark` (default: follow the OS); set by `theme`.
 * @cssproperty --meshcall-call-session-font - Font family (falls back to `--meshcall-font`, default `system-ui`).
 * @cssproperty --meshcall-call-session-background - Background (falls back to `--meshcall-background`).
 * @cssproperty --meshcall-call-session-surface - Prompt background (falls back to `--meshcall-surface`).
 * @cssproperty --meshcall-call-session-text - Text colour (falls back to `--meshcall-text`).
 * @cssproperty --meshcall-call-session-muted-text - Secondary text (falls back to `--meshcall-muted-text`).
 * @cssproperty --meshcall-call-session-border - Borders (falls back to `--meshcall-border`).
 * @cssproperty --meshcall-call-session-radius - Corner radius (falls back to `--meshcall-radius`, default 8px).
 * @cssproperty --meshcall-call-session-spacing - Gaps and padding (falls back to `--meshcall-spacing`, default 0.5rem).
 * @cssproperty --meshcall-call-session-accent - Call button (falls back to `--meshcall-accent`).
 * @cssproperty --meshcall-call-session-accent-text - Text on the Call button (falls back to `--meshcall-accent-text`).
 * @cssproperty --meshcall-call-session-success - Accept button (falls back to `--meshcall-success`).
 * @cssproperty --meshcall-call-session-success-text - Text on the Accept button (falls back to `--meshcall-success-text`).
 * @cssproperty --meshcall-call-session-danger - Reject button and error text (falls back to `--meshcall-danger`).
 * @cssproperty --meshcall-call-session-danger-text - Text on the Reject button (falls back to `--meshcall-danger-text`).
 * @cssproperty --meshcall-call-session-focus-ring - Focus outline (falls back to `--meshcall-focus-ring`).
 * @cssproperty --meshcall-video-fit - `object-fit` of every video inside (default `cover`).
 * @cssproperty --meshcall-call-session-stage-background - Behind the tiles (default near-black).
 * @cssproperty --meshcall-call-session-min-height - Height of the stage when the container gives none (default 28rem).
 * @cssproperty --meshcall-tile-aspect-ratio - Set to `auto` by the stage so tiles fill their cells (alone a tile is `4 / 3`).
 * @cssproperty --meshcall-tile-height - Set to `100%` by the stage.
 *
 * @fires {CustomEvent<CallIncomingDetail>} call-incoming - A call arrived; `detail: { session, from, userInfo? }`.
 * @fires {CustomEvent<CallMissedCallDetail>} call-missed-call - A call arrived while busy and was rejected with `busy`.
 * @fires {CustomEvent<CallInvalidMessageDetail>} call-invalid-message - A signaling message failed validation and was dropped.
 * @fires {CustomEvent<CallSignalingStatusDetail>} call-signaling-status - Signaling went down, came back or ended; `detail: { status, reason? }` (`reason: "replaced"`: this user connected elsewhere).
 * @fires {CustomEvent<CallLocalStreamDetail>} call-local-stream - The camera/microphone opened (or changed); `detail: { stream }`.
 * @fires {CustomEvent<CallLocalMediaChangeDetail>} call-local-media-change - Mic, camera or screen sharing turned on/off here; `detail: { audio, video, screen }`.
 * @fires {CustomEvent<CallStateChangeDetail>} call-state-change - The session state changed; `detail: { state }`.
 * @fires {CustomEvent<CallAcceptedDetail>} call-accepted - Someone accepted; `detail: { userId, userInfo? }`.
 * @fires {CustomEvent<CallRejectedDetail>} call-rejected - Someone rejected (reason `busy` if in another call); `detail: { userId, userInfo?, reason? }`.
 * @fires {CustomEvent<CallUserNotAnsweredDetail>} call-user-not-answered - Someone did not answer in time; `detail: { userId }`.
 * @fires {CustomEvent<CallConnectingDetail>} call-connecting - Connecting to someone; `detail: { userId }`.
 * @fires {CustomEvent<CallConnectedDetail>} call-connected - Connected to someone; `detail: { userId }`.
 * @fires {CustomEvent<CallConnectionStateChangeDetail>} call-connection-state-change - One person's connection state changed; `detail: { userId, state }`.
 * @fires {CustomEvent<CallConnectionFailedDetail>} call-connection-failed - One person's connection failed; `detail: { userId }`.
 * @fires {CustomEvent<CallDisconnectedDetail>} call-disconnected - One person's connection dropped (it may recover), or their call is ending: after `call-hung-up`/`call-rejected`, before `call-connection-closed`; `detail: { userId }`.
 * @fires {CustomEvent<CallConnectionClosedDetail>} call-connection-closed - One person's connection ended; `detail: { userId, state }`.
 * @fires {CustomEvent<CallRemoteTrackDetail>} call-remote-track - Media arrived from someone; `detail: { userId, track, stream }`.
 * @fires {CustomEvent<CallRemoteMediaChangeDetail>} call-remote-media-change - Someone muted, turned their camera off or shares their screen; `detail: { userId, media }`.
 * @fires {CustomEvent<CallDevicesChangeDetail>} call-devices-change - A camera, microphone or speaker was plugged in or removed.
 * @fires {CustomEvent<CallActiveSpeakerDetail>} call-active-speaker - The loudest remote speaker changed; `detail: { userId }`.
 * @fires {CustomEvent<CallStatsDetail>} call-stats - A stats report for one person (with `statsInterval` > 0); `detail: { userId, report }`.
 * @fires {CustomEvent<CallHungUpDetail>} call-hung-up - Someone hung up; `detail: { userId, userInfo?, reason? }`.
 * @fires {CustomEvent<CallSessionClosedDetail>} call-session-closed - The call ended; `detail: { reason }`.
 * @fires {CustomEvent<CallErrorDetail>} call-error - Something failed, with a reason (camera denied, relay unreachable, busy, ...); `detail: { error: CallError, userId? }`.
 */
export class CallSessionElement extends MeshcallElement implements CallActions {
  static override styles = callSessionStyles;

  /** This user's ID on the relay. */
  @property({ attribute: 'user-id' })
  userId = '';

  /** The relay's WebSocket URL, e.g. `wss://example.com/signal`. */
  @property({ attribute: 'signaling-url' })
  signalingUrl = '';

  /** Who `call()` rings: 1–3 user IDs (comma-separated in the attribute), up to 11 with `sfu-url` (conference mode). */
  @property({ converter: listAttribute })
  opponents: string[] = [];

  /** Send video (`video="false"` for an audio call). */
  @property({ converter: booleanAttribute(TAG, 'video', true) })
  video = true;

  /** Send audio (`audio="false"` to start muted without a microphone). */
  @property({ converter: booleanAttribute(TAG, 'audio', true) })
  audio = true;

  /** Seconds a callee may ring before `user-not-answered` (default 45, min 10). Applies to the next call; a running call keeps its own. */
  @property({ attribute: 'answer-timeout', converter: secondsAttribute(TAG, 'answer-timeout') })
  answerTimeout?: number;

  /** Seconds between re-sent offers while dialing (default 5, min 3). Applies to the next call. */
  @property({ attribute: 'dialing-interval', converter: secondsAttribute(TAG, 'dialing-interval') })
  dialingInterval?: number;

  /**
   * What a ringing incoming call prepares before Accept (`prepareWhileRinging`): `local`
   * (default; connection and answer made, nothing sent before Accept) or `connect` (also
   * finishes ICE/DTLS while ringing: faster picture, but the caller learns this side's
   * network candidates before Accept). The camera never opens before Accept.
   */
  @property({ attribute: 'prepare-while-ringing', converter: choiceAttribute(TAG, 'prepare-while-ringing', ['local', 'connect'] as const) })
  prepareWhileRinging?: 'local' | 'connect';

  /**
   * The SFU (Janus VideoRoom WebSocket, `wss://…`) for conference mode: calls of 5–12 people
   * go through it, and incoming conference calls are joined only on this SFU. Applies to the next call.
   */
  @property({ attribute: 'sfu-url', converter: webSocketUrlAttribute(TAG, 'sfu-url') })
  sfuUrl?: string;

  /** `auto` (default: mesh up to 4 people, SFU above), `mesh` or `sfu`. Applies to the next call. */
  @property({ converter: choiceAttribute(TAG, 'topology', ['auto', 'mesh', 'sfu'] as const) })
  topology?: Topology;

  /** Accept incoming calls at once, without the prompt. */
  @property({ attribute: 'auto-answer', converter: booleanAttribute(TAG, 'auto-answer', false) })
  autoAnswer = false;

  /** `dark` (the default look of the call stage), `light`, or `auto` (the OS setting, `prefers-color-scheme`). */
  @property({ reflect: true })
  theme?: 'light' | 'dark' | 'auto';

  /** Default layout: `grid`, `spotlight` (one person large), or `auto` (grid; spotlight while someone shares a screen or is pinned). */
  @property({ reflect: true, converter: layoutAttribute })
  layout: StageLayout = 'auto';

  /** Default layout: show the text of the control buttons beside their icons. */
  @property({ converter: booleanAttribute(TAG, 'labels', false) })
  labels = false;

  /** Default layout: show `<call-preview>` (camera, mic meter, pickers) before the first call. */
  @property({ converter: booleanAttribute(TAG, 'preview', true) })
  preview = true;

  /** Default layout: show `<call-preview>` with an incoming call too, before accepting. */
  @property({ attribute: 'preview-before-accept', converter: booleanAttribute(TAG, 'preview-before-accept', false) })
  previewBeforeAccept = false;

  /** Keyboard shortcuts while in a call: Ctrl/⌘+D microphone, Ctrl/⌘+E camera, Ctrl/⌘+Shift+H hang up. */
  @property({ converter: booleanAttribute(TAG, 'shortcuts', false) })
  shortcuts = false;

  /** More call settings (attributes win over these). Per-call ones apply to the next call; a running call keeps its own. */
  @property({ attribute: false })
  config?: Partial<CallConfig>;

  /** Bring your own connected `CallClient` (any transport). It is not disconnected when this element is removed; its call is hung up. */
  @property({ attribute: false })
  client?: CallClient;

  /** Sent with call, accept, reject and hang-up: the other side shows `userInfo.name`. */
  @property({ attribute: false })
  userInfo?: UserInfo;

  @provide({ context: clientContext })
  @state()
  private activeClient?: CallClient;

  @provide({ context: sessionContext })
  @state()
  private current?: CallSession;

  @provide({ context: peersContext })
  @state()
  private peerInfo: ReadonlyMap<string, PeerInfo> = new Map();

  @provide({ context: actionsContext })
  private actions: CallActions = this;

  @provide({ context: langContext })
  private providedLang?: string;

  @state() private failure?: { error: CallError; userId?: string };
  @state() private accepting = false;
  /** A call was made or answered here: the pre-join preview is not shown again (no camera light after hang-up). */
  @state() private previewDone = false;
  @query('[part~="accept"]') private acceptButton?: HTMLButtonElement;
  @query('call-controls') private controls?: CallControlsElement;
  @query('call-preview') private previewElement?: HTMLElement;

  /** What the pre-join preview chose, applied once the call's camera/microphone are open. */
  #choice: PreviewChoice | undefined;

  #dialStartedAt = 0;
  /** Errors the session already reported through its `error` event (not re-reported when a promise rejects with them). */
  #reported = new WeakSet<CallError>();
  readonly #ticker = new TickController(this, { intervalMs: 1000 });
  readonly #children = new HasChildrenController(this);
  readonly #announcer = new AnnouncerController(this);
  readonly #audio = new RemoteAudioController(this, () => this.current);
  @provide({ context: remoteAudioContext })
  private audioClaims: RemoteAudioClaims = this.#audio;
  readonly #stage = new StageController(this, () => this.current, {
    shortcuts: () => this.shortcuts,
    onShortcut: (action) => this.#shortcut(action),
    onError: (error) => this.#fail(error),
  });
  @provide({ context: audioOutputContext })
  private audioOutput: AudioOutputControl = this.#stage;
  readonly #sessionEvents = new SessionController(this, () => this.current, {
    events: SESSION_EVENTS,
    // The tiles play tracks and read stats themselves; the layout shows neither (4 renders fewer per 1:1 call setup).
    quiet: ['remote-track', 'stats'],
    onEvent: (event) => this.#onSessionEvent(event),
  });
  readonly #clients = new ClientController(
    this,
    () =>
      this.isConnected
        ? { external: this.client, userId: this.userId, signalingUrl: this.signalingUrl, config: this.config ?? {}, session: this.#settings() }
        : undefined,
    {
      onEvent: (event) => this.#onClientEvent(event),
      onChange: (client) => {
        // A session belongs to its client: another client (new user-id or signaling-url) ends the old client's call.
        if (this.current && this.current.state !== 'closed') this.current.hangUp({ reason: 'element-removed', ...this.#info() });
        this.#adopt(undefined);
        this.activeClient = client;
      },
      onError: (error) => this.#fail(error),
    },
  );

  /** The current call (or the last one, once closed). */
  get session(): CallSession | undefined {
    return this.current;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.requestUpdate(); // (re)connects the client
    const unsupported = unsupportedReason();
    if (unsupported) this.#fail(unsupported);
    this.renderRoot.addEventListener('call-error', this.#onChildError);
  }

  override disconnectedCallback(): void {
    // Leaving the page hangs up and releases the camera; then the client controller
    // closes a client this element made (an app's own client stays connected).
    if (this.current && this.current.state !== 'closed') this.current.hangUp({ reason: 'element-removed', ...this.#info() });
    super.disconnectedCallback();
    this.renderRoot.removeEventListener('call-error', this.#onChildError);
  }

  protected override willUpdate(): void {
    this.providedLang = this.locale;
    this.#ticker.running = this.#phase === 'dialing';
    this.#audio.sinkId = this.#stage.deviceId;
  }

  // ---- actions (CallActions); none of them throws ----

  /**
   * Calls `opponents`. With a pre-join `choice` (what `<call-preview>` fires), the call uses
   * those devices and starts with the mic/camera off as chosen. Failures are reported as `call-error`.
   */
  async call(choice?: PreviewChoice): Promise<void> {
    // The preview's stream is ours now: the session takes it over, or it stops here.
    const handed = choice?.stream;
    const fail = (error: unknown) => {
      stopStream(handed);
      this.#fail(error);
    };
    const client = this.activeClient;
    const t = this.strings;
    if (!client) return fail(new CallError('invalid-state', `<${TAG}> needs user-id and signaling-url (or a client) before it can call`));
    if (this.opponents.length === 0) return fail(new CallError('invalid-argument', t.noOneToCall));
    if (this.current && this.current.state !== 'closed') return fail(new CallError('busy', 'a call is already in progress; hang it up first'));
    this.failure = undefined;
    if (!(await this.#clients.connect(client, this.signalingUrl))) return stopStream(handed);
    let session: CallSession;
    try {
      session = client.createSession(this.opponents, { video: this.video, audio: this.audio, ...this.#settings() });
    } catch (error) {
      return fail(error);
    }
    this.#adopt(session, choice);
    this.#dialStartedAt = Date.now();
    this.#announcer.announce(t.calling(this.#names(session.peers)));
    this.#whenIdle(() => this.#focusControl('hang-up'));
    try {
      await session.start({ ...this.#info(), ...(handed ? { stream: handed } : {}) });
    } catch (error) {
      this.#failUnlessReported(error);
    }
  }

  /** Answers the ringing call (with a pre-join `choice`, as for `call`). */
  async accept(choice?: PreviewChoice): Promise<void> {
    const session = this.current;
    if (!session || callPhase(session) !== 'incoming' || this.accepting) return stopStream(choice?.stream);
    this.accepting = true;
    this.previewDone = true;
    this.#choice = choice;
    if (choice?.audioOutputId) void this.#stage.setAudioOutput(choice.audioOutputId).catch((error: unknown) => this.#fail(error));
    this.#whenIdle(() => this.#focusControl('hang-up'));
    try {
      await session.accept({ ...this.#info(), ...(choice?.stream ? { stream: choice.stream } : {}) });
    } catch (error) {
      this.#failUnlessReported(error);
    } finally {
      this.accepting = false;
    }
  }

  /** Declines the ringing call. */
  reject(): void {
    const session = this.current;
    if (session && callPhase(session) === 'incoming') session.reject(this.#info());
  }

  /** Leaves the call (or stops dialing). */
  hangUp(): void {
    const session = this.current;
    if (session && session.state !== 'closed') session.hangUp(this.#info());
  }

  // ---- client and session events ----

  /** This element's per-call settings: `config`'s per-call keys with the attributes over them. */
  #settings(): SessionSettings {
    return pickSessionSettings({
      ...this.config,
      answerTimeInterval: this.answerTimeout,
      dialingTimeInterval: this.dialingInterval,
      prepareWhileRinging: this.prepareWhileRinging,
      ...(this.sfuUrl ? { sfuUrl: this.sfuUrl } : {}),
      ...(this.topology ? { topology: this.topology } : {}),
    });
  }

  #adopt(session: CallSession | undefined, choice?: PreviewChoice): void {
    this.current = session;
    this.#choice = choice;
    if (session) {
      this.previewDone = this.previewDone || session.direction === 'outgoing';
      // The stage's network bars and notices read the session's stats (after `connected`).
      if (!this.#children.value && session.statsInterval === 0 && this.config?.statsInterval === undefined) session.statsInterval = STAGE_STATS_INTERVAL_S;
    }
    if (choice?.audioOutputId) void this.#stage.setAudioOutput(choice.audioOutputId).catch((error: unknown) => this.#fail(error));
    this.peerInfo = new Map();
    this.#announcer.reset();
    // Follow it at once, not at the next render: a session can fire events before that.
    this.#sessionEvents.hostUpdate();
    this.#audio.hostUpdate();
  }

  #onClientEvent(event: ClientEventOf): void {
    if (event.name === 'incoming' && (!this.current || this.current.state === 'closed')) {
      const { session, from, userInfo } = event.detail;
      this.failure = undefined;
      this.#adopt(session);
      if (userInfo) this.#setPeer(from, { userInfo });
      this.#announcer.announce(this.strings.isCalling(this.#nameOf(from)));
      if (this.autoAnswer) void this.accept();
      else this.#whenIdle(() => (this.acceptButton ?? this.previewElement)?.focus());
    }
    dispatch(this, `call-${event.name}`, event.detail);
    if (event.name === 'signaling-status' && event.detail.status === 'closed' && event.detail.reason === 'replaced') {
      this.#fail(
        new CallError(
          'replaced',
          this.strings.errors.replaced ?? 'You are connected elsewhere (another tab or device), so this page no longer receives calls.',
        ),
      );
    }
  }

  #onSessionEvent(event: SessionEventOf<(typeof SESSION_EVENTS)[number]>): void {
    const t = this.strings;
    const a = this.#announcer;
    if ('userInfo' in event.detail && event.detail.userInfo) this.#setPeer(event.detail.userId, { userInfo: event.detail.userInfo });
    if (event.name === 'remote-media-change') this.#setPeer(event.detail.userId, { media: event.detail.media });
    else if (event.name === 'connected') a.announce(t.connectedTo(this.#nameOf(event.detail.userId)));
    else if (event.name === 'hung-up') a.outcome(t.hungUp(this.#nameOf(event.detail.userId)));
    else if (event.name === 'rejected') {
      const name = this.#nameOf(event.detail.userId);
      a.outcome(event.detail.reason === 'busy' ? t.busy(name) : t.declined(name));
    } else if (event.name === 'user-not-answered') a.outcome(t.noAnswer(this.#nameOf(event.detail.userId)));
    else if (event.name === 'session-closed') {
      a.ended(t.callEnded);
      this.#choice = undefined;
      void this.updateComplete.then(() => this.#focusControl('call'));
    } else if (event.name === 'local-stream' && this.#choice) this.#applyChoice(this.#choice);
    else if (event.name === 'error') {
      this.#reported.add(event.detail.error);
      this.failure = event.detail;
    }
    dispatch(this, `call-${event.name}`, event.detail);
    if (event.name === 'rejected' && event.detail.reason === 'busy') {
      const { userId } = event.detail;
      this.#fail(new CallError('busy', `${this.#nameOf(userId)} is busy (in another call)`), userId);
    }
  }

  /** The pre-join choice, once the call's camera/microphone are open: mute as chosen, then move to the chosen devices. */
  #applyChoice(choice: PreviewChoice): void {
    const session = this.current;
    if (!session?.localStream) return;
    this.#choice = undefined;
    if (!choice.audio) session.setAudioEnabled(false);
    if (!choice.video) session.setVideoEnabled(false);
    const inUse = (track: MediaStreamTrack | undefined) => track?.getSettings().deviceId;
    const moves: [kind: 'audioinput' | 'videoinput', id: string | undefined, current: string | undefined][] = [
      ['audioinput', choice.audioDeviceId, inUse(session.localStream.getAudioTracks()[0])],
      ['videoinput', choice.videoDeviceId, inUse(session.localStream.getVideoTracks()[0])],
    ];
    void (async () => {
      for (const [kind, id, current] of moves) {
        if (!id || id === current || session.state === 'closed') continue;
        try {
          await session.setInputDevice(kind, id);
        } catch (error) {
          this.#fail(error);
        }
      }
    })();
  }

  /**
   * Runs `fn` after the next render, once the page is idle (within a quarter of a second): a
   * focus move forces a style and layout pass of the whole stage, which then does not delay
   * the call's offer, answer or ICE work (the caller is idle while the callee answers).
   */
  #whenIdle(fn: () => void): void {
    void this.updateComplete.then(() => whenIdle(fn, 250));
  }

  /** Focus to a control of the default layout, if focus is not somewhere else on the page. */
  #focusControl(name: 'hang-up' | 'call'): void {
    if (this.#children.value) return;
    const active = document.activeElement;
    if (active && active !== document.body && active !== this) return;
    if (name === 'call' && this.previewElement) this.previewElement.focus();
    else void this.controls?.updateComplete.then(() => this.controls?.focusButton(name));
  }

  #shortcut(action: 'mic' | 'camera' | 'hang-up'): void {
    const session = this.current;
    if (!session || session.state === 'closed') return;
    if (action === 'hang-up') this.hangUp();
    else if (action === 'mic' && session.localStream?.getAudioTracks().length) session.setAudioEnabled(!session.audioEnabled);
    else if (action === 'camera' && session.localStream?.getVideoTracks().length) session.setVideoEnabled(!session.videoEnabled);
  }

  /** A child (controls, tiles) reported a failure: show it too. */
  #onChildError = (event: Event) => {
    if (event.composedPath()[0] !== this) this.failure = (event as GlobalEventHandlersEventMap['call-error']).detail;
  };

  #fail(error: unknown, userId?: string): void {
    this.failure = { error: toCallError(error, 'media-error'), ...(userId ? { userId } : {}) };
    this.emit('call-error', this.failure);
  }

  #failUnlessReported(error: unknown): void {
    if (error instanceof CallError && this.#reported.has(error)) return;
    this.#fail(error);
  }

  #setPeer(userId: string, info: PeerInfo): void {
    if (!userId) return;
    const next = new Map(this.peerInfo);
    next.set(userId, { ...next.get(userId), ...info });
    this.peerInfo = next;
  }

  #info(): { userInfo?: UserInfo } {
    return this.userInfo ? { userInfo: this.userInfo } : {};
  }

  #nameOf(userId: string): string {
    return this.peerInfo.get(userId)?.userInfo?.name || userId;
  }

  #names(userIds: readonly string[]): string {
    return joinNames(
      userIds.map((id) => this.#nameOf(id)),
      this.locale,
    );
  }

  get #phase(): CallPhase {
    return callPhase(this.current);
  }

  // ---- rendering ----

  protected override render() {
    const custom = this.#children.value;
    const t = this.strings;
    const session = this.current;
    const phase = this.#phase;
    if (custom) {
      return html`<div part="base" class="custom" dir=${this.direction}>
        <p part="status" role="status" class="sr-only">${this.#announcer.text}</p>
        <p part="error" role="alert" class="sr-only">${this.#errorText()}</p>
        <slot></slot>
      </div>`;
    }
    return html`
      <div part="base" class=${this.#stage.narrow ? 'stage-layout narrow' : 'stage-layout'} dir=${this.direction} @keydown=${this.#onStageKey}>
        ${defaultLayout({
          strings: t,
          phase,
          session,
          peers: this.peerInfo,
          stage: this.#stage,
          layout: this.layout,
          labels: this.labels,
          preview: (phase === 'idle' && this.preview && !this.previewDone) || (phase === 'incoming' && this.previewBeforeAccept),
          format: this.activeClient?.config.video ?? DEFAULT_CONFIG.video,
          video: this.video,
          audio: this.audio,
          status: this.#announcer.text,
          elapsed: formatElapsed((Date.now() - this.#dialStartedAt) / 1000),
          caller: t.isCalling(this.#nameOf(session?.initiator ?? '')),
          accepting: this.accepting,
          nameOf: (id) => this.#nameOf(id),
          accept: () => void this.accept(),
          reject: () => this.reject(),
          join: (choice) => void (phase === 'incoming' ? this.accept(choice) : this.call(choice)),
          pictureInPicture: () =>
            void this.#stage.togglePictureInPicture(
              () => this.#spotlitTile()?.requestPictureInPicture() ?? Promise.reject(new CallError('not-supported', 'No video to show in picture-in-picture.')),
            ),
          toggleLayout: () => (this.layout = this.layout === 'spotlight' ? 'auto' : 'spotlight'),
        })}
        <p part="error" role="alert">${this.#errorText()}</p>
      </div>
    `;
  }

  /** The tile picture-in-picture shows: the large one, else the active speaker's, else the first. */
  #spotlitTile(): RemoteVideoElement | undefined {
    const root = this.renderRoot;
    const speaker = this.#stage.activeSpeaker;
    return (
      root.querySelector<RemoteVideoElement>('[part~="main"] remote-video') ??
      (speaker ? root.querySelector<RemoteVideoElement>(`remote-video[user-id="${CSS.escape(speaker)}"]`) : null) ??
      root.querySelector<RemoteVideoElement>('remote-video') ??
      undefined
    );
  }

  /** Escape closes an open menu and gives focus back to its button. */
  #onStageKey = (event: KeyboardEvent) => {
    const open = this.#stage.menu;
    if (event.key !== 'Escape' || open === undefined) return;
    event.preventDefault();
    this.#stage.closeMenu();
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLButtonElement>(`button[data-menu="${CSS.escape(open)}"]`)?.focus());
  };

  #errorText(): string {
    const failure = this.failure;
    if (!failure) return '';
    const { error, userId } = failure;
    if (error.code === 'busy' && userId) return this.strings.busy(this.#nameOf(userId));
    return this.strings.errors[error.code] ?? error.message;
  }
}
