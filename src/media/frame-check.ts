/**
 * Does a camera track really deliver pictures? A live track can still give nothing: an IR
 * or depth "camera" (Chromium's fake_device_1 gives Y16 depth frames no encoder takes), a
 * driver that hangs. Where the track is being sent, the senders' `framesEncoded` is the
 * proof that counts (the peers get frames); otherwise frames read from the track itself.
 */

/** How long a camera has to show that it works (the seed's switch must not freeze the call). */
export const FRAME_CHECK_MS = 1500;

const POLL_MS = 100;
/** Frames that must arrive: one could be a stale frame from before a switch. */
const ENOUGH_FRAMES = 2;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function framesEncoded(sender: RTCRtpSender): Promise<number> {
  let frames = 0;
  try {
    (await sender.getStats()).forEach((stat: { type: string; framesEncoded?: number }) => {
      if (stat.type === 'outbound-rtp') frames += stat.framesEncoded ?? 0;
    });
  } catch {
    // A sender of a closing connection: counts as no frames.
  }
  return frames;
}

/** True once the senders carrying `track` have encoded a few more frames, false after `timeoutMs`. */
async function encodes(senders: RTCRtpSender[], timeoutMs: number): Promise<boolean> {
  const start = await Promise.all(senders.map(framesEncoded));
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    await sleep(POLL_MS);
    const now = await Promise.all(senders.map(framesEncoded));
    if (now.some((n, i) => n - start[i]! >= ENOUGH_FRAMES)) return true;
  }
  return false;
}

type TrackProcessorCtor = new (init: { track: MediaStreamTrack }) => { readable: ReadableStream<{ close(): void }> };

/** True once `track` itself has delivered a few frames, false after `timeoutMs`. */
async function delivers(track: MediaStreamTrack, timeoutMs: number): Promise<boolean> {
  const Processor = (globalThis as { MediaStreamTrackProcessor?: TrackProcessorCtor }).MediaStreamTrackProcessor;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  if (Processor) {
    // A clone, so cancelling the reader never touches the track the call uses.
    const probe = track.clone();
    const reader = new Processor({ track: probe }).readable.getReader();
    const read = (async () => {
      for (let n = 0; n < ENOUGH_FRAMES; n++) {
        const { value, done } = await reader.read();
        if (done) return false;
        value.close();
      }
      return true;
    })().catch(() => false);
    try {
      return await Promise.race([read, timeout]);
    } finally {
      clearTimeout(timer);
      void reader.cancel().catch(() => {});
      probe.stop();
    }
  }
  if (typeof document === 'undefined') return true; // nothing to measure with: do not block the switch
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = new MediaStream([track]);
  const shown = new Promise<boolean>((resolve) => {
    let frames = 0;
    const onFrame = () => {
      if (++frames >= ENOUGH_FRAMES) resolve(true);
      else video.requestVideoFrameCallback(onFrame);
    };
    if (typeof video.requestVideoFrameCallback === 'function') video.requestVideoFrameCallback(onFrame);
    else video.addEventListener('loadeddata', () => resolve(true), { once: true });
  });
  video.play().catch(() => {});
  try {
    return await Promise.race([shown, timeout]);
  } finally {
    clearTimeout(timer);
    video.pause();
    video.srcObject = null;
  }
}

/**
 * Whether `track` delivers pictures within `timeoutMs`: encoded by the senders of `pcs`
 * that carry it (connected ones), or, when it is not being sent, read from the track.
 */
export async function deliversFrames(track: MediaStreamTrack, pcs: readonly RTCPeerConnection[], timeoutMs = FRAME_CHECK_MS): Promise<boolean> {
  if (track.readyState !== 'live') return false;
  const senders = pcs.filter((pc) => pc.connectionState === 'connected').flatMap((pc) => pc.getSenders().filter((s) => s.track === track));
  return senders.length > 0 ? encodes(senders, timeoutMs) : delivers(track, timeoutMs);
}
