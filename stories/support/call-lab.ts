import type { StoryContext } from '@storybook/web-components-vite';
import type { ReactiveElement } from 'lit';
import { ref } from 'lit/directives/ref.js';
import { CallClient } from '../../src/call-client.js';
import type { CallSession } from '../../src/call-session.js';
import type { CallConfig } from '../../src/config.js';
import { MemoryNetwork } from '../../src/signaling/memory-transport.js';
import type { UserInfo } from '../../src/signaling/protocol.js';
import { StoryTime } from './story-time.js';

/** The people of every story; the display name goes out as `userInfo.name`. */
export const PEOPLE = { alice: 'Alice', bob: 'Bob', carol: 'Carol', dave: 'Dave' } as const;
export type Person = keyof typeof PEOPLE;

interface Settle {
  resolve: () => void;
  reject: (error: unknown) => void;
}

export function userInfoOf(userId: string): UserInfo {
  return { name: PEOPLE[userId as Person] ?? userId };
}

/**
 * The world of one story render: real `CallClient`s that signal over an in-page
 * `MemoryNetwork` and connect real `RTCPeerConnection`s inside the page, all on the story's
 * clock (`time`). One lab per story render (the `lab` loader makes it), disposed when the
 * story goes away: every client disconnected (hang-up, camera released), the network closed,
 * the clock stopped.
 */
export class CallLab {
  readonly network = new MemoryNetwork();
  readonly time = new StoryTime();
  /**
   * Config every client made from now on starts with (a story's own `client(id, config)`
   * still wins): e.g. a smaller camera picture for a group, where each person encodes for
   * and decodes from everyone else in the same page.
   */
  clientDefaults: Partial<CallConfig> = {};
  /** Settles once the story's `drive` has brought the call into the story's state. */
  readonly ready: Promise<void>;
  readonly #settle: Settle;
  readonly #clients = new Map<string, CallClient>();
  /** The latest call of each user (made here or answered here). */
  readonly #sessions = new Map<string, CallSession>();
  readonly #teardown: (() => void)[] = [];
  #onHost: ((element?: Element) => void) | undefined;
  #drive: ((host: Element) => Promise<unknown>) | undefined;
  #started = false;
  #disposed = false;

  constructor() {
    let settle!: Settle;
    this.ready = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    this.#settle = settle;
    // Reported where it happens (the play function, or the console when nobody awaits it);
    // a drive cut short because the story went away is not news.
    this.ready.catch((error: unknown) => {
      if (!this.#disposed) console.error('The story could not reach its state:', error);
    });
    this.time.follow();
  }

  /** The `CallClient` of `userId` (made on first use) on this story's network and clock. */
  client(userId: string, config: Partial<CallConfig> = {}): CallClient {
    if (this.#disposed) throw new Error('this story has ended');
    let client = this.#clients.get(userId);
    if (client) return client;
    client = new CallClient({
      userId,
      transport: this.network.transport(userId),
      clock: this.time.clock,
      config: { logLevel: 'nothing', ...this.clientDefaults, ...config },
    });
    const onIncoming = (event: CustomEvent<{ session: CallSession }>) => this.#sessions.set(userId, event.detail.session);
    client.addEventListener('incoming', onIncoming);
    this.#teardown.push(() => client.removeEventListener('incoming', onIncoming));
    this.#clients.set(userId, client);
    return client;
  }

  /** The client of `userId`, answering every call at once (as a person who picks up). */
  answering(userId: string, config: Partial<CallConfig> = {}): CallClient {
    const client = this.client(userId, config);
    const answer = (event: CustomEvent<{ session: CallSession }>) => void event.detail.session.accept({ userInfo: userInfoOf(userId) }).catch(() => undefined);
    client.addEventListener('incoming', answer);
    this.#teardown.push(() => client.removeEventListener('incoming', answer));
    return client;
  }

  /** `userId` calls `opponents` from code (not from an element). */
  async place(userId: string, opponents: string[]): Promise<CallSession> {
    const session = this.client(userId).createSession(opponents);
    this.#sessions.set(userId, session);
    await session.start({ userInfo: userInfoOf(userId) });
    return session;
  }

  /** The latest call `userId` made or answered through this lab's clients. */
  sessionOf(userId: string): CallSession {
    const session = this.#sessions.get(userId);
    if (!session) throw new Error(`${userId} has no call in this story`);
    return session;
  }

  /** Whether `userId`'s phone rings (an incoming call not yet answered). */
  isRinging(userId: string): boolean {
    const session = this.#sessions.get(userId);
    return !!session && session.direction === 'incoming' && session.state === 'pending';
  }

  /** Whether `userId` has picked up a call (it is no longer ringing there). */
  hasAnswered(userId: string): boolean {
    const session = this.#sessions.get(userId);
    return !!session && session.direction === 'incoming' && session.state !== 'pending';
  }

  /**
   * `userId`'s machine dies mid-call: no more signaling, and its peer connections close
   * without a word (no hang-up). The others see the connection drop.
   */
  vanish(userId: string): void {
    const client = this.#clients.get(userId);
    const session = this.#sessions.get(userId);
    client?.transport.close();
    for (const peer of session?.peers ?? []) session?.peerConnection(peer)?.close();
  }

  /**
   * A `ref` for the story's main element. The first time that element is on the page,
   * `drive(element)` runs (once per story render, whatever re-renders follow) and `ready`
   * settles with it. (Lit calls a ref before the element is inserted, and Storybook's source
   * snippet renders the story once more off the page: only the element that is on the page
   * counts.)
   */
  stage<T extends Element>(drive: (host: T) => Promise<unknown>) {
    this.#drive ??= drive as (host: Element) => Promise<unknown>;
    this.#onHost ??= (element?: Element) => {
      if (!element) return;
      queueMicrotask(() => {
        if (!element.isConnected || this.#started || !this.#drive) return;
        this.#started = true;
        const drive = this.#drive;
        // After the element's first update: it has taken its properties (client, opponents).
        const rendered = (element as Partial<ReactiveElement>).updateComplete ?? Promise.resolve();
        rendered.then(() => drive(element)).then(() => this.#settle.resolve(), this.#settle.reject);
      });
    };
    return ref(this.#onHost);
  }

  dispose(): void {
    this.#disposed = true;
    for (const teardown of this.#teardown.splice(0)) teardown();
    for (const client of this.#clients.values()) client.disconnect();
    this.#clients.clear();
    this.#sessions.clear();
    this.network.close();
    this.time.dispose();
  }
}

/** Loader and cleanup that give every story of a file its own lab (`labOf(context)`). */
export const withLab = {
  loaders: [async () => ({ lab: new CallLab() })],
  beforeEach: (context: Pick<StoryContext, 'loaded'>) => () => labOf(context).dispose(),
};

export function labOf(context: Pick<StoryContext, 'loaded'>): CallLab {
  const lab: unknown = context.loaded['lab'];
  if (!(lab instanceof CallLab)) throw new Error('this story has no CallLab: spread `withLab` into its meta');
  return lab;
}

/**
 * The story's `<tag>` element once the story is in its state: the lab's drive has settled
 * (`ready`) and the element has rendered what that state shows. What every `play` starts with.
 */
export async function reached<K extends keyof HTMLElementTagNameMap>(
  context: Pick<StoryContext, 'loaded' | 'canvasElement'>,
  tag: K,
): Promise<HTMLElementTagNameMap[K]> {
  await labOf(context).ready;
  const el = context.canvasElement.querySelector(tag);
  if (!el) throw new Error(`no <${tag}> on the canvas`);
  await (el as Partial<ReactiveElement>).updateComplete;
  return el;
}
