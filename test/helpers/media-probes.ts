// Reading what a receiver really gets, from getStats(): frames, sizes, codecs, bytes.
import type { CallSession } from '../../src/call-session.js';
import { framesDecoded, waitUntil } from './call-harness.js';

type Stat = Record<string, unknown> & { type: string; id: string };

async function statsOf(pc: RTCPeerConnection | undefined): Promise<Stat[]> {
  if (!pc) return [];
  const list: Stat[] = [];
  (await pc.getStats()).forEach((s: Stat) => list.push(s));
  return list;
}

function inbound(list: Stat[], kind: 'audio' | 'video'): Stat | undefined {
  return list.filter((s) => s.type === 'inbound-rtp' && s.kind === kind).sort((a, b) => Number(b.bytesReceived ?? 0) - Number(a.bytesReceived ?? 0))[0];
}

/** The size of the video frames `session` decodes from `userId`. */
export async function receivedSize(session: CallSession, userId: string): Promise<{ width: number; height: number }> {
  const stat = inbound(await statsOf(session.peerConnection(userId)), 'video');
  return { width: Number(stat?.frameWidth ?? 0), height: Number(stat?.frameHeight ?? 0) };
}

/** The mime type (`video/VP9`) of the codec `session` receives `kind` in from `userId`. */
export async function receivedCodec(session: CallSession, userId: string, kind: 'audio' | 'video' = 'video'): Promise<string | undefined> {
  const list = await statsOf(session.peerConnection(userId));
  const stat = inbound(list, kind);
  const codec = list.find((s) => s.id === stat?.codecId);
  return typeof codec?.mimeType === 'string' ? codec.mimeType : undefined;
}

/** Audio RTP packets `session` has received from `userId` (a stopped track sends none). */
export async function audioPacketsReceived(session: CallSession, userId: string): Promise<number> {
  const stat = inbound(await statsOf(session.peerConnection(userId)), 'audio');
  return Number(stat?.packetsReceived ?? 0);
}

/** Waits until `session` has decoded `more` further frames from `userId`: video keeps flowing. */
export async function waitForMoreFrames(session: CallSession, userId: string, more = 10, what = 'more frames decoded'): Promise<void> {
  const start = await framesDecoded(session.peerConnection(userId));
  await waitUntil(async () => (await framesDecoded(session.peerConnection(userId))) >= start + more, `${what} (${more} after ${start})`);
}

/** Waits until audio keeps arriving (50 more packets: about a second of Opus). */
export async function waitForMoreAudio(session: CallSession, userId: string): Promise<void> {
  const start = await audioPacketsReceived(session, userId);
  await waitUntil(async () => (await audioPacketsReceived(session, userId)) >= start + 50, `more audio received (50 packets after ${start})`);
}

/** Video bytes received from `userId` so far and the stats timestamp (ms). */
export async function videoBytesReceived(session: CallSession, userId: string): Promise<{ bytes: number; at: number }> {
  const stat = inbound(await statsOf(session.peerConnection(userId)), 'video');
  return { bytes: Number(stat?.bytesReceived ?? 0), at: Number(stat?.timestamp ?? 0) };
}

/**
 * Waits until `video` has played `seconds` on end while `host` re-renders every 50 ms (as a
 * moving level meter or a speaking ring makes it). An element that sets `srcObject` again at
 * each render, even to the same stream, restarts the video every time: its `currentTime`
 * never gets there, and a screenshot shows black.
 */
export async function playsThroughRenders(host: { requestUpdate(): void }, video: HTMLVideoElement, seconds = 1.5): Promise<void> {
  const rerender = setInterval(() => host.requestUpdate(), 50);
  try {
    await waitUntil(() => video.currentTime > seconds, `the video plays ${seconds} s through re-renders (not restarted by them)`, 20_000);
  } finally {
    clearInterval(rerender);
  }
}

/** Mean brightness (0 black … 255 white) of the frame `video` shows now, drawn onto a small canvas. */
export function videoBrightness(video: HTMLVideoElement): number {
  const canvas = document.createElement('canvas');
  canvas.width = 32;
  canvas.height = 24;
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.drawImage(video, 0, 0, canvas.width, canvas.height);
  const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
  let sum = 0;
  for (let i = 0; i < pixels.length; i += 4) sum += (pixels[i]! + pixels[i + 1]! + pixels[i + 2]!) / 3;
  return sum / (pixels.length / 4);
}
