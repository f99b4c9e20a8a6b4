/** Checks the stories' `play` functions share: what a person sees, asserted with Storybook's `expect`. */
import { expect } from 'storybook/test';
import { buttonLabels, deepQueryAll, remoteTiles, showsVideo, videoOf, waitUntil } from './dom.js';

/** Exactly `count` `<remote-video>` tiles under `root` show live video; returns them. */
export async function expectRemoteVideos(root: ParentNode, count: number): Promise<HTMLElement[]> {
  const playing = () => remoteTiles(root).filter((tile) => showsVideo(videoOf(tile)));
  await waitUntil(() => playing().length === count, `${count} remote video(s) play (now ${playing().length})`);
  for (const tile of playing()) await expect(videoOf(tile)!.videoWidth).toBeGreaterThan(0);
  await expect(playing()).toHaveLength(count);
  return playing();
}

/** The toggle button labelled `label` under `root` shows pressed (or not). */
export async function expectPressed(root: ParentNode, label: string, pressed: boolean): Promise<void> {
  const toggle = () => deepQueryAll<HTMLButtonElement>(root, 'button[aria-pressed]').find((b) => b.textContent?.trim() === label);
  await waitUntil(() => toggle()?.getAttribute('aria-pressed') === String(pressed), `"${label}" shows ${pressed ? 'pressed' : 'not pressed'}`);
  await expect(toggle()?.getAttribute('aria-pressed')).toBe(String(pressed));
}

/** The visible buttons under `root` are exactly `labels`, in order. */
export async function expectButtons(root: ParentNode, labels: string[]): Promise<void> {
  const now = () => JSON.stringify(buttonLabels(root));
  await waitUntil(() => now() === JSON.stringify(labels), `the buttons are ${JSON.stringify(labels)} (now ${now()})`);
  await expect(buttonLabels(root)).toEqual(labels);
}
