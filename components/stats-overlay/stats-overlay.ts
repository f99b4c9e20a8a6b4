import { consume } from '@lit/context';
import { html, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { CallSession } from '../../src/call-session.js';
import { statsString, type StatsReport } from '../../src/stats/stats-report.js';
import { peersContext, sessionContext, type PeerInfo } from '../context.js';
import { MeshcallElement } from '../meshcall-element.js';
import { SessionController } from '../session-controller.js';
import { StatsPollController } from './stats-poll-controller.js';
import { statsOverlayStyles } from './stats-overlay.styles.js';

const DEFAULT_INTERVAL_S = 1;

/**
 * Per-peer call statistics: codec, resolution, frame rate, bitrate, packets lost,
 * round-trip time, audio level, and the seed's `statsString` lines. Inside
 * `<call-session>` it shows the session's `stats` events (set `statsInterval` in the
 * config); alone, give it any `RTCPeerConnection` as `peerConnection` and it polls it every
 * `interval` seconds until it is removed.
 *
 * @summary Per-peer codec, resolution, fps, bitrate, packet loss, RTT and audio level.
 *
 * @csspart base - The box around all reports.
 * @csspart empty - "Waiting for statistics…", before the first report.
 * @csspart peer - One person's report.
 * @csspart peer-name - Their name.
 * @csspart metrics - The list of values.
 * @csspart lines - The `statsString` lines.
 *
 * @cssproperty --meshcall-stats-overlay-font - Font family (falls back to `--meshcall-font`).
 * @cssproperty --meshcall-stats-overlay-background - Background (falls back to `--meshcall-background`).
 * @cssproperty --meshcall-stats-overlay-text - Text colour (falls back to `--meshcall-text`).
 * @cssproperty --meshcall-stats-overlay-muted-text - Labels (falls back to `--meshcall-muted-text`).
 * @cssproperty --meshcall-stats-overlay-border - Border (falls back to `--meshcall-border`).
 * @cssproperty --meshcall-stats-overlay-radius - Corner radius (falls back to `--meshcall-radius`).
 * @cssproperty --meshcall-stats-overlay-spacing - Gaps and padding (falls back to `--meshcall-spacing`).
 */
export class StatsOverlayElement extends MeshcallElement {
  static override styles = statsOverlayStyles;

  /** The call whose `stats` events to show; provided by `<call-session>`. */
  @consume({ context: sessionContext, subscribe: true })
  @property({ attribute: false })
  session?: CallSession;

  /** Poll this connection instead of listening to a session (standalone use). */
  @property({ attribute: false })
  peerConnection?: RTCPeerConnection;

  /** With a session: show only this user. With `peerConnection`: the name the report is labelled with. */
  @property({ attribute: 'user-id' })
  userId?: string;

  /** Seconds between polls of `peerConnection`. */
  @property({ type: Number })
  interval: number = DEFAULT_INTERVAL_S;

  @consume({ context: peersContext, subscribe: true })
  @state()
  private peers?: ReadonlyMap<string, PeerInfo>;

  @state() private reports: ReadonlyMap<string, StatsReport> = new Map();

  readonly #watch = new SessionController(this, () => (this.peerConnection ? undefined : this.session), {
    events: ['stats', 'connection-closed', 'session-closed'],
    onEvent: (event) => {
      const next = new Map(this.reports);
      if (event.name === 'stats') next.set(event.detail.report.userId, event.detail.report);
      else if (event.name === 'connection-closed') next.delete(event.detail.userId);
      else next.clear();
      this.reports = next;
    },
  });

  readonly #poll = new StatsPollController(this, {
    onReport: (report) => (this.reports = new Map([[report.userId, report]])),
  });

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('session') || changed.has('peerConnection')) this.reports = new Map();
    const seconds = Number.isFinite(this.interval) && this.interval > 0 ? this.interval : DEFAULT_INTERVAL_S;
    this.#poll.target = this.peerConnection ? { pc: this.peerConnection, userId: this.userId || 'peer', intervalMs: seconds * 1000 } : undefined;
  }

  protected override render() {
    const t = this.strings.stats;
    const shown = [...this.reports.values()].filter((r) => this.peerConnection || !this.userId || r.userId === this.userId);
    return html`
      <section part="base" aria-label=${t.title} dir=${this.direction}>
        ${shown.length === 0 ? html`<p part="empty">${t.waiting}</p>` : shown.map((report) => this.#peer(report))}
      </section>
    `;
  }

  #peer(report: StatsReport) {
    const t = this.strings.stats;
    const name = this.peers?.get(report.userId)?.userInfo?.name || report.userId;
    const number = new Intl.NumberFormat(this.locale, { maximumFractionDigits: 0 });
    const n = (value: number | undefined, unit = '') => (value === undefined ? '–' : `${number.format(value)}${unit}`);
    const video = report.videoReceived ?? report.videoSent;
    const codecs = [report.videoReceived?.codec ?? report.videoSent?.codec, report.audioReceived?.codec ?? report.audioSent?.codec].filter(Boolean);
    const lost = [report.videoReceived?.packetsLost, report.audioReceived?.packetsLost].filter((v): v is number => v !== undefined);
    const level = report.audioReceived?.level;
    const metrics: [string, string][] = [
      [t.codec, codecs.length ? codecs.join(' / ') : '–'],
      [t.resolution, video?.width && video.height ? `${video.width}×${video.height}` : '–'],
      [t.frameRate, n(video?.fps, ' fps')],
      [t.bitrate, `↓ ${n(report.connection.receiveBitrateKbps, ' kbps')} ↑ ${n(report.connection.sendBitrateKbps, ' kbps')}`],
      [t.packetLoss, lost.length ? n(lost.reduce((a, b) => a + b, 0)) : '–'],
      [t.rtt, n(report.connection.rttMs, ' ms')],
      [t.audioLevel, level === undefined ? '–' : `${number.format(Math.round(level * 100))}%`],
    ];
    return html`
      <div part="peer" role="group" aria-label=${name}>
        <div part="peer-name">${name}</div>
        <dl part="metrics">
          ${metrics.map(([label, value]) => html`<div><dt>${label}</dt><dd><bdi>${value}</bdi></dd></div>`)}
        </dl>
        <pre part="lines">${statsString(report)}</pre>
      </div>
    `;
  }
}
