/**
 * The elements page: the bench page plus a driver that makes calls the way a user of the
 * UI layer does — two `<call-session user-id signaling-url opponents>` elements with their
 * default layout; the caller's `<call-controls>` Call button is clicked, then the callee's
 * Accept button once its incoming prompt is on screen. Clicks are `button.click()` in the
 * page (a real click event on the real `<button>`, without CDP input latency).
 */
import './bench-page.js';
import '../../components/elements.js';
import { ContextEvent } from '@lit/context';
import type { CallSessionElement } from '../../components/call-session/call-session.js';
import { clientContext } from '../../components/context.js';
import type { CallClient } from '../../src/call-client.js';
import type { CallDriver, CallOptions, CallResult } from './call-driver.js';
import { CallTracker, waitFor } from './call-tracker.js';

type CallEvent = CustomEvent<{ userId: string; reason?: string }>;

/** A button in the element's shadow DOM or in a `<call-controls>` inside it. */
function findButton(element: CallSessionElement, part: string): HTMLButtonElement | undefined {
  const root = element.shadowRoot;
  const selector = `button[part~="${part}"]`;
  const direct = root?.querySelector<HTMLButtonElement>(selector);
  if (direct) return direct;
  for (const controls of root?.querySelectorAll('call-controls') ?? []) {
    const button = controls.shadowRoot?.querySelector<HTMLButtonElement>(selector);
    if (button) return button;
  }
  return undefined;
}

/** Every custom element under `element`'s shadow root has rendered. */
async function rendered(element: CallSessionElement): Promise<void> {
  await element.updateComplete;
  const children = [...(element.shadowRoot?.querySelectorAll('*') ?? [])].filter(
    (e): e is Element & { updateComplete: Promise<unknown> } => 'updateComplete' in e,
  );
  await Promise.all(children.map((c) => c.updateComplete));
}

/** The element's client, asked for the way its children ask: a context request from inside it. */
function clientOf(element: CallSessionElement): CallClient | undefined {
  let client: CallClient | undefined;
  const asker = element.shadowRoot?.querySelector('call-controls') ?? element.shadowRoot?.firstElementChild;
  asker?.dispatchEvent(new ContextEvent(clientContext, asker, (value) => (client = value)));
  return client;
}

class ElementsDriver implements CallDriver {
  #elements: CallSessionElement[] = [];
  #listeners: AbortController | undefined;
  #tracker: CallTracker | undefined;

  constructor(
    readonly users: readonly string[],
    private readonly signalingUrl: string,
  ) {}

  async connect(): Promise<void> {
    const [caller] = this.users;
    this.#elements = this.users.map((user) => {
      const element = document.createElement('call-session');
      element.setAttribute('user-id', user);
      element.setAttribute('signaling-url', this.signalingUrl);
      element.setAttribute('opponents', (user === caller ? this.users.filter((u) => u !== user) : [caller]).join(','));
      // The Call button itself (no pre-join self-view first): the same call the API places.
      element.setAttribute('preview', 'false');
      document.body.append(element);
      return element;
    });
    await Promise.all(
      this.#elements.map(async (element) => {
        await rendered(element);
        const client = clientOf(element);
        if (!client) throw new Error(`<call-session user-id="${element.userId}"> provides no client`);
        await client.connect(); // signaling is open before any call is timed
      }),
    );
  }

  async call(options: CallOptions): Promise<CallResult> {
    const [caller, ...callees] = this.#elements;
    if (!caller) throw new Error('connect() first');
    const tracker = new CallTracker({ users: this.users, ...options });
    const listeners = new AbortController();
    const { signal } = listeners;
    this.#tracker = tracker;
    this.#listeners = listeners;
    for (const element of this.#elements) {
      const self = element.userId;
      element.addEventListener('call-connected', (e) => tracker.connected(self, (e as CallEvent).detail.userId), { signal });
      element.addEventListener('call-session-closed', (e) => tracker.fail(`${self}: session closed early (${(e as CallEvent).detail.reason})`), {
        signal,
      });
      element.addEventListener('call-error', (e) => tracker.fail(`${self}: ${String((e as CustomEvent<{ error: Error }>).detail.error.message)}`), {
        signal,
      });
    }
    for (const callee of callees) {
      callee.addEventListener(
        'call-incoming',
        () => {
          // The user can click Accept once the prompt is on screen.
          void rendered(callee).then(() => {
            const accept = findButton(callee, 'accept');
            if (accept) accept.click();
            else tracker.fail(`${callee.userId}: no Accept button after call-incoming`);
          });
        },
        { signal },
      );
    }
    await rendered(caller);
    const callButton = findButton(caller, 'call');
    if (!callButton) throw new Error(`${caller.userId}: no Call button`);
    tracker.start();
    callButton.click();
    return { times: await tracker.done, t0: tracker.t0 };
  }

  async hangUp(timeoutMs: number): Promise<void> {
    const [caller, ...rest] = this.#elements;
    caller?.hangUp();
    if (this.users.length > 2) for (const element of rest) element.hangUp();
    await Promise.all(
      this.#elements.map((e) => waitFor(e, 'call-session-closed', () => !e.session || e.session.state === 'closed', `${e.userId}'s call closed`, timeoutMs)),
    );
    this.#listeners?.abort();
    this.#tracker?.dispose();
  }

  close(): void {
    for (const element of this.#elements) element.remove();
    this.#elements = [];
  }
}

window.benchElementsDriver = (users, signalingUrl) => new ElementsDriver(users, signalingUrl);
