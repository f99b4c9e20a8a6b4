import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Whether the host has children of its own (elements or non-blank text); re-renders when that changes. */
export class HasChildrenController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  #observer: MutationObserver | undefined;
  value = false;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    this.#observer = new MutationObserver(() => this.#check());
    this.#observer.observe(this.#host, { childList: true, characterData: true, subtree: true });
    this.#check();
  }

  hostDisconnected(): void {
    this.#observer?.disconnect();
    this.#observer = undefined;
  }

  #check(): void {
    const next = [...this.#host.childNodes].some((n) => n.nodeType === Node.ELEMENT_NODE || !!n.textContent?.trim());
    if (next === this.value) return;
    this.value = next;
    this.#host.requestUpdate();
  }
}
