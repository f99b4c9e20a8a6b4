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
