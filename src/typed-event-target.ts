/**
 * An `EventTarget` whose `addEventListener`/`removeEventListener` know the event map `M`, and
 * one `emit` that builds the `CustomEvent`. `CallClient` and `CallSession` extend it.
 */
export interface TypedEventTarget<M extends Record<keyof M, CustomEvent>> {
  addEventListener<K extends keyof M & string>(type: K, listener: (event: M[K]) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof M & string>(type: K, listener: (event: M[K]) => void, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}

/** The `detail` type of event `K` in map `M`. */
export type DetailOf<M, K extends keyof M> = M[K] extends CustomEvent<infer D> ? D : never;

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface above
export class TypedEventTarget<M extends Record<keyof M, CustomEvent>> extends EventTarget {
  protected emit<K extends keyof M & string>(name: K, detail: DetailOf<M, K>): void {
    this.dispatchEvent(new CustomEvent(name, { detail }));
  }
}
