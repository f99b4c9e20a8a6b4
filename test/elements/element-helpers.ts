// Helpers for element tests: find things inside (nested) shadow roots the way a user sees
// them (by role and label), and make real CallClients on an in-page signaling network.
import { CallClient } from '../../src/call-client.js';
import type { CallSession } from '../../src/call-session.js';
import { MemoryNetwork } from '../../src/signaling/memory-transport.js';
import { waitUntil } from '../helpers/call-harness.js';
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
