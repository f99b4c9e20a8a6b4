/**
 * What a session hands out on top of its media, and must stop when it closes: recorders
 * (`startRecording`) and raw-audio sinks (`addAudioSink`). `CallSession` validates the
 * request and delegates here; `stopAll()` is its one teardown.
 */
import type { Logger } from '../log.js';
import type { SessionEventDetail } from '../session-events.js';
import type { AudioSink } from './audio-sink.js';
import { CallError } from '../errors.js';
import { loadPart, usePart } from '../load-part.js';
import type { CallRecorder, RecordingOptions } from './recorder.js';

export interface MediaTapsHost {
  readonly id: string;
  readonly logger: Logger;
  localStream(): MediaStream | undefined;
  remoteStream(userId: string): MediaStream | undefined;
  /** Subscribes to the session's `local-stream` / `remote-track` events; each returns the unsubscribe. */
  onLocalStream(listener: (detail: SessionEventDetail['local-stream']) => void): () => void;
  onRemoteTrack(listener: (detail: SessionEventDetail['remote-track']) => void): () => void;
}

export class SessionMediaTaps {
  readonly #host: MediaTapsHost;
  readonly #sinks = new Set<() => void>();
  readonly #recorders = new Set<CallRecorder>();
  /** The session ended (`stopAll`): a recorder still loading is not started. */
  #stopped = false;

  constructor(host: MediaTapsHost) {
    this.#host = host;
  }

  /**
   * A recorder of `remote` (and the local stream). The recorder's code is its own module,
   * loaded by the first recording (a call that records nothing never downloads it); a
   * failed load rejects with `CallError`, and so does a session that closed meanwhile.
   */
  async record(remote: MediaStream, options: RecordingOptions): Promise<CallRecorder> {
    const host = this.#host;
    const { CallRecorder } = await loadPart(() => import('./recorder.js'), 'The recorder');
    if (this.#stopped) throw new CallError('invalid-state', 'This call has ended; there is nothing to record.');
    const recorder = new CallRecorder(
      {
        remote,
        local: () => host.localStream(),
        onLocalStreamChange: (listener) => host.onLocalStream(({ stream }) => listener(stream)),
      },
      options,
    );
    this.#recorders.add(recorder);
    recorder.addEventListener('stop', () => this.#recorders.delete(recorder), { once: true });
    return recorder;
  }

  /**
   * Starts `sink` on `userId`'s audio now, or when it arrives. Returns the unsubscribe. What
   * finds the track and starts the sink is its own module (remote-audio-sink.ts), loaded by
   * the first sink, not with every call.
   */
  addAudioSink(userId: string, sink: AudioSink): () => void {
    const host = this.#host;
    let stopSink: (() => void) | undefined;
    let stopped = false;
    usePart(
      () => import('./remote-audio-sink.js'),
      `session ${host.id}: the audio sink for ${userId}`,
      host.logger,
      ({ sinkRemoteAudio }) => {
        if (!stopped) stopSink = sinkRemoteAudio(host, userId, sink);
      },
    );
    const unsubscribe = () => {
      if (!this.#sinks.delete(unsubscribe)) return;
      stopped = true;
      stopSink?.();
    };
    this.#sinks.add(unsubscribe);
    return unsubscribe;
  }

  stopAll(): void {
    this.#stopped = true;
    for (const recorder of this.#recorders) void recorder.stop();
    for (const unsubscribe of [...this.#sinks]) unsubscribe();
  }
}
