// Helpers for element tests: find things inside (nested) shadow roots the way a user sees
// them (by role and label), and make real CallClients on an in-page signaling network.
import { ContextEvent } from '@lit/context';
import { fixture, html } from '@open-wc/testing';
import type { CallSessionElement } from '../../components/call-session/call-session.js';
import { clientContext } from '../../components/context.js';
import { CallClient } from '../../src/call-client.js';
import type { CallSession } from '../../src/call-session.js';
import { MemoryNetwork } from '../../src/signaling/memory-transport.js';
import { connectClient, relayUrl, uid, waitUntil } from '../helpers/call-harness.js';
import { deepQuery, deepQueryAll } from '../helpers/deep-query.js';

export { deepQuery, deepQueryAll };

/** The visible buttons under `root` (shadow roots included), by their text. */
export function buttonTexts(root: ParentNode): string[] {
  return deepQueryAll<HTMLButtonElement>(root, 'button')
    .filter((b) => b.getClientRects().length > 0)
    .map((b) => b.textContent?.trim() ?? '');
}

/** The button labelled `text` (exactly), wherever it is under `root`. */
export function button(root: ParentNode, text: string): HTMLButtonElement {
  const match = deepQueryAll<HTMLButtonElement>(root, 'button').find((b) => b.textContent?.trim() === text);
  if (!match) throw new Error(`no button "${text}"; buttons: ${JSON.stringify(buttonTexts(root))}`);
  return match;
}

export async function waitForButton(root: ParentNode, text: string, timeoutMs = 20_000): Promise<HTMLButtonElement> {
  await waitUntil(
    () => deepQueryAll<HTMLButtonElement>(root, 'button').some((b) => b.textContent?.trim() === text),
    `a "${text}" button (buttons: ${JSON.stringify(buttonTexts(root))})`,
    timeoutMs,
  );
  return button(root, text);
}

const networks: MemoryNetwork[] = [];
const clients: CallClient[] = [];

/** Real CallClients that signal through one in-page network (real peer connections, no relay). */
export function memoryClients(...userIds: string[]): CallClient[] {
  const network = new MemoryNetwork();
  networks.push(network);
  const made = userIds.map((userId) => new CallClient({ userId, transport: network.transport(userId), config: { logLevel: 'nothing' } }));
  clients.push(...made);
  return made;
}

export function closeMemoryClients(): void {
  for (const client of clients.splice(0)) client.disconnect();
  for (const network of networks.splice(0)) network.close();
}

/** Answers every call `client` receives. */
export function autoAccept(client: CallClient, userInfo?: Record<string, string>): void {
  client.addEventListener('incoming', (event) => void event.detail.session.accept(userInfo ? { userInfo } : {}));
}

export function tracksEnded(session: CallSession | undefined): boolean {
  const tracks = session?.localStream?.getTracks() ?? [];
  return tracks.length > 0 && tracks.every((t) => t.readyState === 'ended');
}

/**
 * Whether `<call-controls>` offers "Switch camera" here: only with more than one camera
 * (Chromium's fake media has three, Firefox's one). Ask once the camera is open.
 */
export async function hasSeveralCameras(): Promise<boolean> {
  const devices = await navigator.mediaDevices.enumerateDevices();
  return devices.filter((d) => d.kind === 'videoinput').length > 1;
}

/** Alice's and Bob's `<call-session>`s on the real relay (Alice's calls Bob), both connected before anyone calls. */
export async function twoCallSessions() {
  const url = await relayUrl();
  const aliceId = uid('alice');
  const bobId = uid('bob');
  const root = await fixture<HTMLDivElement>(html`
    <div>
      <call-session id="alice" user-id=${aliceId} signaling-url=${url} opponents=${bobId} .userInfo=${{ name: 'Alice' }}></call-session>
      <call-session id="bob" user-id=${bobId} signaling-url=${url} .userInfo=${{ name: 'Bob' }}></call-session>
    </div>
  `);
  const alice = root.querySelector<CallSessionElement>('#alice')!;
  const bob = root.querySelector<CallSessionElement>('#bob')!;
  // Both are on the relay before anyone calls (the client an element made, asked for the way a child would).
  await Promise.all([alice, bob].map((el) => providedClient(el).connect()));
  return { root, alice, bob, aliceId, bobId };
}

/** The client `el` provides to its children (asked for through the context protocol, as a child would). */
export function providedClient(el: CallSessionElement): CallClient {
  let client: CallClient | undefined;
  const inside = el.shadowRoot!.querySelector('[part~="base"]')!;
  inside.dispatchEvent(new ContextEvent(clientContext, inside, (value) => (client = value)));
  if (!client) throw new Error(`${el.id} provides no client`);
  return client;
}

/** Alice's `<call-session>` (her own client on the real relay) in a 1000×640 box: the call stage at desktop size. */
export async function callStage(attrs: { opponents?: string; preview?: boolean } = {}) {
  const alice = await connectClient(uid('alice'));
  const wrapper = await fixture<HTMLDivElement>(html`<div style="width: 1000px; height: 640px">
    <call-session .client=${alice} opponents=${attrs.opponents ?? ''} preview=${attrs.preview === false ? 'false' : 'true'}></call-session>
  </div>`);
  return { alice, el: wrapper.querySelector('call-session')! };
}
