// Test fixtures for the camera and microphone: a getUserMedia wrapper that hands out the
// next queued source (a canvas "camera", a "camera" that never delivers a frame, a tone
// "microphone" of a chosen loudness) and passes every other request to the browser's own
// fake devices. The kit is not mocked: it gets real MediaStreamTracks either way.

export interface FakeSource {
  kind: 'audio' | 'video';
  make(): MediaStreamTrack;
}

const cleanups: (() => void)[] = [];
const queue: FakeSource[] = [];
let original: MediaDevices['getUserMedia'] | undefined;

/** Queues sources; each getUserMedia call takes the first queued one of each kind it asks for. */
export function queueFakeMedia(...sources: FakeSource[]): void {
  install();
  queue.push(...sources);
}

function take(kind: 'audio' | 'video'): FakeSource | undefined {
  const index = queue.findIndex((s) => s.kind === kind);
  return index < 0 ? undefined : queue.splice(index, 1)[0];
}

function install(): void {
  if (original) return;
  const devices = navigator.mediaDevices;
  original = devices.getUserMedia.bind(devices);
  const real = original;
  devices.getUserMedia = async (constraints?: MediaStreamConstraints) => {
    const video = constraints?.video ? take('video') : undefined;
    const audio = constraints?.audio ? take('audio') : undefined;
    if (!video && !audio) return real(constraints);
    const rest = { audio: audio ? false : (constraints?.audio ?? false), video: video ? false : (constraints?.video ?? false) };
    const stream = rest.audio || rest.video ? await real(rest) : new MediaStream();
    for (const source of [video, audio]) if (source) stream.addTrack(source.make());
    return stream;
  };
}

/** Counts getUserMedia calls (passing each on) until `stop()`, which restores what was there. */
export function countGetUserMedia(): { count: () => number; streams: () => MediaStream[]; stop: () => void } {
  const devices = navigator.mediaDevices;
  const before = devices.getUserMedia;
  let opens = 0;
  const streams: MediaStream[] = [];
  devices.getUserMedia = async (constraints?: MediaStreamConstraints) => {
    opens++;
    const stream = await before.call(devices, constraints);
    streams.push(stream);
    return stream;
  };
  return { count: () => opens, streams: () => [...streams], stop: () => void (devices.getUserMedia = before) };
}

/** Restores getUserMedia and releases every fixture (call from after/afterEach). */
export function removeFakeMedia(): void {
  queue.length = 0;
  for (const cleanup of cleanups.splice(0)) cleanup();
  if (original) navigator.mediaDevices.getUserMedia = original;
  original = undefined;
}

/**
 * A camera drawn on a canvas `fps` times a second: the top half red, the bottom half blue,
 * with a moving white bar, and random grey blocks in the left 40 % so encoders need every
 * bit they are allowed (a bitrate can then be checked).
 */
export function canvasCamera(width = 320, height = 240, fps = 30): FakeSource {
  return {
    kind: 'video',
    make() {
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      const ctx = canvas.getContext('2d')!;
      let n = 0;
      const draw = () => {
        ctx.fillStyle = '#f00';
        ctx.fillRect(0, 0, width, height / 2);
        ctx.fillStyle = '#00f';
        ctx.fillRect(0, height / 2, width, height / 2);
        ctx.fillStyle = '#fff';
        ctx.fillRect((n++ * 7) % width, height / 4, 8, height / 2);
        // 4×4 blocks of random grey: busy enough to survive the call's own encoder.
        const block = 4;
        const levels = new Uint8Array(Math.ceil((width * 0.4) / block) * Math.ceil(height / block));
        crypto.getRandomValues(levels);
        let i = 0;
        for (let y = 0; y < height; y += block) {
          for (let x = 0; x < width * 0.4; x += block) {
            const v = levels[i++]!;
            ctx.fillStyle = `rgb(${v},${v},${v})`;
            ctx.fillRect(x, y, block, block);
          }
        }
      };
      draw();
      const timer = setInterval(draw, 1000 / fps);
      const track = canvas.captureStream(fps).getVideoTracks()[0]!;
      cleanups.push(() => {
        clearInterval(timer);
        track.stop();
      });
      return track;
    },
  };
}

/** A "camera" whose track is live but never delivers a frame (a canvas nobody draws on). */
export function deadCamera(): FakeSource {
  return {
    kind: 'video',
    make() {
      const canvas = document.createElement('canvas');
      canvas.width = 320;
      canvas.height = 240;
      const track = canvas.captureStream(30).getVideoTracks()[0]!;
      cleanups.push(() => track.stop());
      return track;
    },
  };
}

export interface ToneMic extends FakeSource {
  /** Loudness 0..1 from now on (0: silence). */
  setGain(gain: number): void;
}

let audioContext: AudioContext | undefined;

/** A microphone playing a steady tone at `gain` (0..1), changeable while the call runs. */
export function toneMic(gain: number, frequency = 440): ToneMic {
  audioContext ??= new AudioContext();
  const context = audioContext;
  const oscillator = context.createOscillator();
  oscillator.frequency.value = frequency;
  const volume = context.createGain();
  volume.gain.value = gain;
  const out = context.createMediaStreamDestination();
  oscillator.connect(volume).connect(out);
  oscillator.start();
  void context.resume();
  cleanups.push(() => {
    oscillator.stop();
    oscillator.disconnect();
    volume.disconnect();
  });
  return {
    kind: 'audio',
    make: () => out.stream.getAudioTracks()[0]!,
    setGain: (value) => volume.gain.setValueAtTime(value, context.currentTime),
  };
}
