/** Dispatches a bubbling, composed `CustomEvent` (the only way meshcall elements fire events). */
export function dispatch<D>(target: EventTarget, name: string, detail: D): boolean {
  return target.dispatchEvent(new CustomEvent<D>(name, { detail, bubbles: true, composed: true }));
}
