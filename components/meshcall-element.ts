/**
 * Base class of every meshcall element: one `emit` helper (bubbling, composed, typed
 * events) and the language each element renders in (its table loaded before it renders).
 */
import { consume } from '@lit/context';
import { LitElement } from 'lit';
import { state } from 'lit/decorators.js';
import { langContext } from './context.js';
import { dispatch } from './dispatch.js';
import { directionFor, pendingStrings, stringsFor, type Strings } from './strings.js';

/**
 * @attr {string} lang - Language of the labels (`en`, `ar`, ...); by default the enclosing `<call-session>`'s or the page's.
 * @attr {'ltr' | 'rtl'} dir - `ltr` or `rtl`; by default the direction of the language.
 */
export class MeshcallElement extends LitElement {
  /** The language of the nearest `<call-session>`, if any. */
  @consume({ context: langContext, subscribe: true })
  @state()
  protected inheritedLang?: string;

  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'lang', 'dir'];
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'lang' || name === 'dir') this.requestUpdate();
  }

  /** Own `lang`, else the enclosing `<call-session>`'s, else the nearest ancestor's (across shadow roots), else English. */
  protected get locale(): string {
    return this.getAttribute('lang') || this.inheritedLang || ancestorLang(this) || 'en';
  }

  /** Waits for the shipped table of the element's language (loaded on first use) before rendering in it. */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const pending = pendingStrings(this.locale);
    if (!pending) return super.scheduleUpdate();
    return pending.then(() => super.scheduleUpdate());
  }

  protected get strings(): Strings {
    return stringsFor(this.locale);
  }

  /** Own `dir` if set, else the direction of the language. */
  protected get direction(): 'ltr' | 'rtl' {
    const dir = this.getAttribute('dir');
    return dir === 'ltr' || dir === 'rtl' ? dir : directionFor(this.locale);
  }

  /** Dispatches a bubbling, composed event typed by `GlobalEventHandlersEventMap`. */
  protected emit<K extends keyof GlobalEventHandlersEventMap>(name: K, detail: GlobalEventHandlersEventMap[K] extends CustomEvent<infer D> ? D : never): void {
    dispatch(this, name, detail);
  }
}

/** The `lang` of the nearest ancestor that has one, crossing shadow-root boundaries. */
export function ancestorLang(element: Element): string | undefined {
  let current: Element | null = element.parentElement ?? hostOf(element);
  while (current) {
    const found = current.closest('[lang]');
    // An empty lang="" says "unknown": stop there.
    if (found) return found.getAttribute('lang') || undefined;
    current = hostOf(current);
  }
  return undefined;
}

function hostOf(node: Node): Element | null {
  const root = node.getRootNode?.();
  return root && 'host' in root ? (root.host as Element) : null;
}
