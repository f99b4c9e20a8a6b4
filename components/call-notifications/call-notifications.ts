import { consume } from '@lit/context';
import { html, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { CallSession } from '../../src/call-session.js';
import type { ConnectionState } from '../../src/states.js';
import type { StatsReport } from '../../src/stats/stats-report.js';
import { peersContext, sessionContext, type PeerInfo } from '../context.js';
import { icon } from '../icons.js';
import { MeshcallElement } from '../meshcall-element.js';
import { networkLevel, sampleFromReport } from '../network-quality/network-score.js';
import { SessionController } from '../session-controller.js';
import { callNotificationsStyles } from './call-notifications.styles.js';

export type NotificationKind = 'joined' | 'left' | 'reconnecting' | 'reconnected' | 'poor-network' | 'info';

/** Each notice's parts: `notification` and the one of its kind. */
const KIND_PARTS: Record<NotificationKind, string> = {
  joined: 'notification notification-joined',
  left: 'notification notification-left',
  reconnecting: 'notification notification-reconnecting',
  reconnected: 'notification notification-reconnected',
  'poor-network': 'notification notification-poor-network',
  info: 'notification notification-info',
};

export interface CallNotification {
  id: number;
  kind: NotificationKind;
  message: string;
  userId?: string;
}

const DEFAULT_DURATION_S = 5;
const LEFT = new Set<ConnectionState>(['closed', 'hang-up', 'disconnect-timeout', 'failed']);

/**
 * A polite live region for what happens in the call: "Bob joined", "Bob left",
 * "Reconnecting to Bob…" (kept until it resolves), "Reconnected to Bob", "Poor network
 * with Bob" (from the session's `stats` events: 1 bar or less; again only after it
 * recovered). Each notice dismisses itself after `duration` seconds (0 = never) or with
 * its Dismiss button; every timer is cleared when the element is removed. Apps add their
 * own with `notify()`.
 *
 * @summary Polite, self-dismissing notices: joined, left, reconnecting, reconnected, poor network.
 *
 * @csspart base - The live region (`role="log"`, `aria-live="polite"`).
 * @csspart notification - One notice; also has the part of its kind (below).
 * @csspart notification-joined - A notice that someone joined.
 * @csspart notification-left - A notice that someone left.
 * @csspart notification-reconnecting - A notice that someone's connection is being restored.
 * @csspart notification-reconnected - A notice that someone's connection came back.
 * @csspart notification-poor-network - A notice of a poor network.
 * @csspart notification-info - Any other notice.
 * @csspart message - Its text.
 * @csspart dismiss - Its Dismiss button.
 * @csspart icon - The icon in the Dismiss button.
 *
 * @cssproperty --meshcall-call-notifications-font - Font family (falls back to `--meshcall-font`).
 * @cssproperty --meshcall-call-notifications-overlay-background - Notice background (falls back to `--meshcall-overlay-background`).
 * @cssproperty --meshcall-call-notifications-overlay-text - Notice text (falls back to `--meshcall-overlay-text`).
 * @cssproperty --meshcall-call-notifications-danger - Edge of warnings (falls back to `--meshcall-danger`).
 * @cssproperty --meshcall-call-notifications-focus-ring - Focus outline (falls back to `--meshcall-focus-ring`).
 * @cssproperty --meshcall-call-notifications-radius - Corner radius (falls back to `--meshcall-radius`).
 * @cssproperty --meshcall-call-notifications-spacing - Gaps (falls back to `--meshcall-spacing`).
 *
 * @fires {CustomEvent<CallNotificationDetail>} call-notification - A notice was shown; `detail` is the `CallNotification`.
 */
export class CallNotificationsElement extends MeshcallElement {
  static override styles = callNotificationsStyles;

  @consume({ context: sessionContext, subscribe: true })
  @property({ attribute: false })
  session?: CallSession;

  /** Seconds each notice stays (0: until dismissed). Reconnecting notices stay until resolved. */
  @property({ type: Number })
  duration: number = DEFAULT_DURATION_S;

  @consume({ context: peersContext, subscribe: true })
  @state()
  private peers?: ReadonlyMap<string, PeerInfo>;

  @state() private shown: readonly CallNotification[] = [];

  #nextId = 1;
  readonly #timers = new Map<number, ReturnType<typeof setTimeout>>();
  /** Per peer: last connection state, whether it was ever connected, last stats report, poor now. */
  #peerState = new Map<string, { state?: ConnectionState; connected?: boolean; report?: StatsReport; poor?: boolean }>();

  readonly #watch = new SessionController(this, () => this.session, {
    events: ['connection-state-change', 'stats'],
    onEvent: (event) => {
      if (event.name === 'stats') this.#onStats(event.detail.report);
      else this.#onConnection(event.detail.userId, event.detail.state);
    },
  });

  /** The notices showing now, oldest first. */
  get notifications(): readonly CallNotification[] {
    return this.shown;
  }

  /** Shows `message` (rendered as text); returns its id for `dismiss`. */
  notify(message: string, options: { kind?: NotificationKind; userId?: string; persistent?: boolean } = {}): number {
    const notice: CallNotification = { id: this.#nextId++, kind: options.kind ?? 'info', message, ...(options.userId ? { userId: options.userId } : {}) };
    this.shown = [...this.shown, notice];
    const seconds = Number.isFinite(this.duration) && this.duration >= 0 ? this.duration : DEFAULT_DURATION_S;
    if (seconds > 0 && !options.persistent)
      this.#timers.set(
        notice.id,
        setTimeout(() => this.dismiss(notice.id), seconds * 1000),
      );
    this.emit('call-notification', notice);
    return notice.id;
  }

  dismiss(id: number): void {
    clearTimeout(this.#timers.get(id));
    this.#timers.delete(id);
    if (this.shown.some((n) => n.id === id)) this.shown = this.shown.filter((n) => n.id !== id);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.shown = [];
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('session')) {
      // Peers already connected when the session reaches us are known, not "joined" now.
      const session = this.session;
      this.#peerState = new Map(
        (session?.peers ?? []).map((userId) => {
          const state = session!.connectionState(userId);
          return [userId, { state, connected: state === 'connected' || state === 'disconnected' }];
        }),
      );
    }
  }

  #name(userId: string): string {
    return this.peers?.get(userId)?.userInfo?.name || userId;
  }

  #peer(userId: string) {
    let entry = this.#peerState.get(userId);
    if (!entry) this.#peerState.set(userId, (entry = {}));
    return entry;
  }

  #dropFor(userId: string, kind: NotificationKind): void {
    for (const n of this.shown) if (n.userId === userId && n.kind === kind) this.dismiss(n.id);
  }

  #onConnection(userId: string, next: ConnectionState): void {
    const t = this.strings;
    const peer = this.#peer(userId);
    const before = peer.state;
    peer.state = next;
    const name = this.#name(userId);
    if (next === 'connected' && before !== 'connected') {
      this.#dropFor(userId, 'reconnecting');
      this.notify(peer.connected ? t.reconnected(name) : t.joined(name), { kind: peer.connected ? 'reconnected' : 'joined', userId });
      peer.connected = true;
    } else if (next === 'disconnected' && before !== 'disconnected') {
      this.notify(t.reconnecting(name), { kind: 'reconnecting', userId, persistent: true });
    } else if (LEFT.has(next) && peer.connected && !LEFT.has(before ?? 'unknown')) {
      this.#dropFor(userId, 'reconnecting');
      this.#dropFor(userId, 'poor-network');
      this.notify(t.left(name), { kind: 'left', userId });
    }
  }

  #onStats(report: StatsReport): void {
    const peer = this.#peer(report.userId);
    const video = this.peers?.get(report.userId)?.media?.video;
    const level = networkLevel(sampleFromReport(report, peer.report, video === undefined ? {} : { videoExpected: video }));
    peer.report = report;
    if (level === undefined || peer.state !== 'connected') return;
    if (level <= 1 && !peer.poor) {
      peer.poor = true;
      this.notify(this.strings.poorNetwork(this.#name(report.userId)), { kind: 'poor-network', userId: report.userId });
    } else if (level >= 3) peer.poor = false;
  }

  protected override render() {
    const t = this.strings;
    return html`<div part="base" role="log" aria-live="polite" aria-label=${t.notifications} dir=${this.direction}>
      ${repeat(
        this.shown,
        (n) => n.id,
        (n) => html`<div part=${KIND_PARTS[n.kind]}>
          <span part="message">${n.message}</span>
          <button part="dismiss" type="button" aria-label=${t.dismiss} title=${t.dismiss} @click=${() => this.dismiss(n.id)}>${icon('close')}</button>
        </div>`,
      )}
    </div>`;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'call-notification': CustomEvent<CallNotification>;
  }
}
