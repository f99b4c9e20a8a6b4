/**
 * The listener set every transport keeps: `add` returns the unsubscribe, `emit` calls each
 * listener (a snapshot, so one may unsubscribe itself) and a throwing listener is reported,
 * never passed on to the transport or the other listeners.
 */
export class Listeners<A extends unknown[]> {
  readonly #set = new Set<(...args: A) => void>();
  readonly #onThrow: (error: unknown) => void;

  constructor(onThrow: (error: unknown) => void) {
    this.#onThrow = onThrow;
  }

  add(listener: (...args: A) => void): () => void {
    this.#set.add(listener);
    return () => {
      this.#set.delete(listener);
    };
  }

  emit(...args: A): void {
    for (const listener of [...this.#set]) {
      try {
        listener(...args);
      } catch (error) {
        this.#onThrow(error);
      }
    }
  }

  clear(): void {
    this.#set.clear();
  }
}
