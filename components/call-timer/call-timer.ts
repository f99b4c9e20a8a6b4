import { consume } from '@lit/context';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { CallSession } from '../../src/call-session.js';
import { sessionContext } from '../context.js';
import { MeshcallElement } from '../meshcall-element.js';
import { SessionController } from '../session-controller.js';
import { TickController } from '../tick-controller.js';
import { callTimerStyles } from './call-timer.styles.js';

/** `mm:ss`, or `h:mm:ss` from an hour on. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(Number.isFinite(totalSeconds) ? totalSeconds : 0));
  const pad = (n: number) => String(n).padStart(2, '0');
  const hours = Math.floor(s / 3600);
  const rest = `${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
  return hours > 0 ? `${hours}:${rest}` : rest;
}

/**
 * How long the call has been connected: `mm:ss`, `h:mm:ss` past an hour. It starts at
 * 00:00 when the session first reaches `connected`, keeps counting through reconnects,
 * stops (showing the final duration) when the call ends, and shows nothing before the
 * call connects. `role="timer"`: screen readers read it when asked, it is never announced
 * on its own. Inside `<call-session>` it follows the session; alone, set `session`.
 *
 * @summary Duration of the call since it connected.
 *
 * @csspart base - The timer (`role="timer"`).
 * @csspart time - The `<time>` with the duration.
 *
 * @cssproperty --meshcall-call-timer-font - Font family (falls back to `--meshcall-font`).
 * @cssproperty --meshcall-call-timer-text - Text colour (falls back to `--meshcall-text`).
 */
export class CallTimerElement extends MeshcallElement {
  static override styles = callTimerStyles;

  /** The call to time; provided by `<call-session>`. */
  @consume({ context: sessionContext, subscribe: true })
  @property({ attribute: false })
  session?: CallSession;

  /** `Date.now()` when the session connected (undefined before). */
  @state() private connectedAt?: number;
  /** `Date.now()` when the connected call ended. */
  @state() private endedAt?: number;

  readonly #tick = new TickController(this, { intervalMs: 500 });
  readonly #watch = new SessionController(this, () => this.session, {
    events: ['state-change', 'session-closed'],
    onEvent: () => this.#follow(),
  });

  /** Whole seconds connected so far (0 before the call connects). */
  get elapsedSeconds(): number {
    if (this.connectedAt === undefined) return 0;
    return Math.floor(((this.endedAt ?? Date.now()) - this.connectedAt) / 1000);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('session')) {
      this.connectedAt = undefined;
      this.endedAt = undefined;
      this.#follow();
    }
  }

  #follow(): void {
    const session = this.session;
    if (!session) return;
    // A session already connected when it reaches us counts from now: the core keeps no start time.
    if (session.state === 'connected' && this.connectedAt === undefined) this.connectedAt = Date.now();
    if (session.state === 'closed' && this.connectedAt !== undefined && this.endedAt === undefined) this.endedAt = Date.now();
    this.#tick.running = this.connectedAt !== undefined && this.endedAt === undefined;
  }

  protected override render() {
    if (this.connectedAt === undefined) return nothing;
    const seconds = this.elapsedSeconds;
    return html`<span part="base" role="timer" dir=${this.direction}
      ><span class="sr-only">${this.strings.callDuration} </span
      ><time part="time" datetime=${`PT${seconds}S`}>${formatDuration(seconds)}</time></span
    >`;
  }
}
