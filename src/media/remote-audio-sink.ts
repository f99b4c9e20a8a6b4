/**
 * A raw-audio sink on one remote user's audio (`CallSession.addAudioSink`): started on the
 * track the session has now, or on the first audio track that arrives. A module of its own,
 * loaded by the first sink (session-media-taps.ts).
 */
import { startAudioSink, type AudioSink } from './audio-sink.js';
import type { MediaTapsHost } from './session-media-taps.js';

/** Starts `sink` on `userId`'s audio now, or when it arrives; returns the stop function. */
export function sinkRemoteAudio(host: MediaTapsHost, userId: string, sink: AudioSink): () => void {
  const { id, logger } = host;
  let stopSink: (() => void) | undefined;
  let stopWaiting: (() => void) | undefined;
  let started = false;
  const start = (track: MediaStreamTrack) => {
    started = true;
    stopSink = startAudioSink(track, sink, {
      remote: true,
      onError: (error) => logger.warn(`session ${id}: audio sink for ${userId} threw: ${String(error)}`),
    });
  };
  const existing = host.remoteStream(userId)?.getAudioTracks()[0];
  if (existing) start(existing);
  else {
    stopWaiting = host.onRemoteTrack((detail) => {
      if (started || detail.userId !== userId || detail.track.kind !== 'audio') return;
      stopWaiting?.();
      start(detail.track);
    });
  }
  return () => {
    stopWaiting?.();
    stopSink?.();
  };
}
