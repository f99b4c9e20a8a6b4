import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * The text of a polite live region: what just happened in the call. Remembers the last
 * outcome (declined, busy, no answer, hung up) so the end of the call can say why.
 */
export class AnnouncerController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  #text = '';
  #outcome = '';

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  get text(): string {
    return this.#text;
  }

  announce(text: string): void {
    this.#text = text;
    this.#host.requestUpdate();
  }

  /** An outcome worth repeating when the call ends. */
  outcome(text: string): void {
    this.#outcome = text;
    this.announce(text);
  }

  /** The call ended: the last outcome, then `ended`. */
  ended(ended: string): void {
    this.announce(this.#outcome ? `${this.#outcome}. ${ended}` : ended);
    this.#outcome = '';
  }

  /** A new call: forget the last outcome. */
  reset(): void {
    this.#outcome = '';
  }

  hostConnected(): void {}
}
