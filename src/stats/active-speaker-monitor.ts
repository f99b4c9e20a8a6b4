/**
 * Feeds the active-speaker detector from the audio levels the remote senders put in every
 * RTP packet (`RTCRtpReceiver.getSynchronizationSources()`, a cheap synchronous read), ten
 * times a second, so the highlight follows a change within about half a second — much
 * faster than a `getStats()` poll. A user whose microphone is off (their `update` says
 * `audio: false`) is out of the running at once, so the first event after a mute can never
 * name them. Runs while the session is connected; stops for good when it closes.
 */
import type { Clock, TimerHandle } from '../timers.js';
import { ActiveSpeakerDetector } from './active-speaker.js';

/** What the monitor reads from its session (a `CallSession`). */
export interface SpeakerSource extends EventTarget {
  readonly state: string;
  readonly peers: readonly string[];
  peerConnection(userId: string): RTCPeerConnection | undefined;
  /** What is received from that user: only these tracks' receivers count (an SFU's one connection carries everyone). */
  remoteStream(userId: string): MediaStream | undefined;
}

/** Milliseconds between level reads. */
export const SPEAKER_SAMPLE_MS = 100;

/** Packets older than this no longer count (the sender stopped, or left). */
const STALE_MS = 1000;

/** The loudest level of the sources `receiver` heard from recently (0..1), or undefined. */
function receivedLevel(receiver: RTCRtpReceiver): number | undefined {
  let level: number | undefined;
  const now = performance.timeOrigin + performance.now();
  for (const source of receiver.getSynchronizationSources?.() ?? []) {
    // The timestamp is wall-clock time in Chromium and Firefox; skip a source that went quiet.
    if (Math.abs(now - source.timestamp) > STALE_MS && Math.abs(performance.now() - source.timestamp) > STALE_MS) continue;
    if (typeof source.audioLevel === 'number') level = Math.max(level ?? 0, source.audioLevel);
  }
  return level;
}

export class ActiveSpeakerMonitor {
  #session: SpeakerSource;
  #clock: Clock;
  #onChange: (userId: string | undefined) => void;
  #detector = new ActiveSpeakerDetector({ holdReports: 3, smoothing: 0.7 });
  #muted = new Set<string>();
  #timer: TimerHandle | undefined;
  #teardown: () => void;

  constructor(session: SpeakerSource, clock: Clock, onChange: (userId: string | undefined) => void) {
    this.#session = session;
    this.#clock = clock;
    this.#onChange = onChange;
    const onState = () => {
      if (session.state === 'connected') this.#start();
      else if (session.state === 'closed') this.dispose();
    };
    const onMedia = (event: Event) => {
      const { userId, media } = (event as CustomEvent<{ userId: string; media: { audio: boolean } }>).detail;
      if (media.audio) this.#muted.delete(userId);
      else this.#muted.add(userId);
      if (!media.audio && this.#detector.speaker === userId) this.#sample();
    };
    session.addEventListener('state-change', onState);
    session.addEventListener('remote-media-change', onMedia);
    this.#teardown = () => {
      session.removeEventListener('state-change', onState);
      session.removeEventListener('remote-media-change', onMedia);
    };
  }

  get speaker(): string | undefined {
    return this.#detector.speaker;
  }

  /** Stops reading levels and listening; the session's end calls it. Safe to call twice. */
  dispose(): void {
    this.#teardown();
    this.#teardown = () => {};
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #start(): void {
    if (this.#timer !== undefined) return;
    const tick = () => {
      this.#timer = this.#clock.setTimeout(tick, SPEAKER_SAMPLE_MS);
      this.#sample();
    };
    this.#timer = this.#clock.setTimeout(tick, SPEAKER_SAMPLE_MS);
  }

  /** One round: every connected peer's level (a muted peer counts as not in the running). */
  #sample(): void {
    const levels = new Map<string, number | undefined>();
    for (const userId of this.#session.peers) {
      if (this.#muted.has(userId)) continue;
      const pc = this.#session.peerConnection(userId);
      if (!pc || pc.connectionState !== 'connected') continue;
      let level: number | undefined;
      const theirs = this.#session.remoteStream(userId)?.getAudioTracks();
      for (const receiver of pc.getReceivers()) {
        if (receiver.track.kind !== 'audio' || (theirs && !theirs.includes(receiver.track))) continue;
        const heard = receivedLevel(receiver);
        if (heard !== undefined) level = Math.max(level ?? 0, heard);
      }
      levels.set(userId, level);
    }
    if (this.#detector.update(levels)) this.#onChange(this.#detector.speaker);
  }
}
