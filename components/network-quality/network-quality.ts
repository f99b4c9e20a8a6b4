import { consume } from '@lit/context';
import { html, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { CallSession } from '../../src/call-session.js';
import type { StatsReport } from '../../src/stats/stats-report.js';
import { peersContext, sessionContext, type PeerInfo } from '../context.js';
import type { NetworkQualityChangeDetail } from '../event-details.js';
import { MeshcallElement } from '../meshcall-element.js';
import { SessionController } from '../session-controller.js';
import { StatsPollController } from '../stats-overlay/stats-poll-controller.js';
import { networkLevel, sampleFromReport, type NetworkLevel } from './network-score.js';
import { networkQualityStyles } from './network-quality.styles.js';

const DEFAULT_INTERVAL_S = 2;
const BROKEN = new Set(['disconnected', 'failed', 'disconnect-timeout', 'closed']);

/**
 * 0–4 signal bars for the connection to one user, from round-trip time, loss, jitter and
 * bitrate (`networkLevel` in network-score.ts), with the level as its text alternative
 * ("Network: good"), also as a tooltip. Inside `<call-session>` it reads the session's
 * `stats` events for `user-id` (polling that peer connection itself every `interval`
 * seconds when the session's `statsInterval` is 0); a peer that is reconnecting shows 0
 * bars. Alone, give it a `peerConnection`.
 *
 * @summary Signal bars (0–4) for the connection to one user, with a text alternative.
 *
 * @csspart base - The bars (`role="img"`, named by the level).
 * @csspart bar - Each of the four bars; lit ones also have part `bar-on`.
 * @csspart bar-on - A lit bar.
 *
 * @cssproperty --meshcall-network-quality-font - Font family (falls back to `--meshcall-font`); the bars are 1em tall.
 * @cssproperty --meshcall-network-quality-success - Bars at 3–4 (falls back to `--meshcall-success`).
 * @cssproperty --meshcall-network-quality-text - Bars at 2 (falls back to `--meshcall-text`).
 * @cssproperty --meshcall-network-quality-danger - Bars at 0–1 (falls back to `--meshcall-danger`).
 * @cssproperty --meshcall-network-quality-border - Unlit bars (falls back to `--meshcall-border`).
 *
 * @fires {CustomEvent<NetworkQualityChangeDetail>} network-quality-change - The level changed; `detail: { userId, level }` (level undefined while unknown).
 */
export class NetworkQualityElement extends MeshcallElement {
  static override styles = networkQualityStyles;

  @consume({ context: sessionContext, subscribe: true })
  @property({ attribute: false })
  session?: CallSession;

  /** Whose connection to rate. */
  @property({ attribute: 'user-id', reflect: true })
  userId = '';

  /** Rate this connection instead of the session's (standalone use). */
  @property({ attribute: false })
  peerConnection?: RTCPeerConnection;

  /** Seconds between polls when this element reads the connection itself. */
  @property({ type: Number })
  interval: number = DEFAULT_INTERVAL_S;

  /** The current level (reflected as the `level` attribute for styling); undefined until measured. */
  @property({ type: Number, reflect: true })
  level?: NetworkLevel;

  @consume({ context: peersContext, subscribe: true })
  @state()
  private peers?: ReadonlyMap<string, PeerInfo>;

  #previous: StatsReport | undefined;
  #measured: NetworkLevel | undefined;

  readonly #watch = new SessionController(this, () => (this.peerConnection ? undefined : this.session), {
    events: ['stats', 'connection-state-change', 'session-closed'],
    onEvent: (event) => {
      if (event.name === 'stats' && event.detail.report.userId === this.userId) this.#take(event.detail.report);
    },
  });

  readonly #poll = new StatsPollController(this, { onReport: (report) => this.#take(report) });

  #take(report: StatsReport): void {
    const videoExpected = this.peers?.get(this.userId)?.media?.video;
    this.#measured = networkLevel(sampleFromReport(report, this.#previous, videoExpected === undefined ? {} : { videoExpected }));
    this.#previous = report;
    this.requestUpdate();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('session') || changed.has('peerConnection') || changed.has('userId')) {
      this.#previous = undefined;
      this.#measured = undefined;
    }
    const session = this.peerConnection ? undefined : this.session;
    const seconds = Number.isFinite(this.interval) && this.interval > 0 ? this.interval : DEFAULT_INTERVAL_S;
    const live = session && session.state !== 'closed' ? session : undefined;
    const pc = this.peerConnection ?? (live && live.statsInterval === 0 ? live.peerConnection(this.userId) : undefined);
    this.#poll.target = pc ? { pc, userId: this.userId || 'peer', intervalMs: seconds * 1000 } : undefined;

    let level = this.#measured;
    if (session) {
      const connection = session.connectionState(this.userId);
      if (session.state === 'closed' || connection !== 'connected') level = BROKEN.has(connection) && session.state !== 'closed' ? 0 : undefined;
    }
    if (level !== this.level) {
      this.level = level;
      this.emit('network-quality-change', { userId: this.userId, level });
    }
  }

  protected override render() {
    const t = this.strings;
    const label = t.networkQuality(this.level === undefined ? t.networkMeasuring : t.networkLevel[this.level]);
    const lit = this.level ?? 0;
    return html`<span part="base" role="img" aria-label=${label} title=${label} dir=${this.direction}>
      ${[1, 2, 3, 4].map((n) => html`<span part=${n <= lit ? 'bar bar-on' : 'bar'}></span>`)}
    </span>`;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'network-quality-change': CustomEvent<NetworkQualityChangeDetail>;
  }
}
