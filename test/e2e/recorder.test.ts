// The recorder as a person using the file sees it: rotation (size and which way is up), a
// duration known on load and seeking, the requested bitrate and frame rate, and the error
// event when what is recorded goes away. One real call; Alice's camera is a canvas whose
// top half is red, so the picture's orientation can be read back from the file.
import { expect } from '@open-wc/testing';
import type { CallSession } from '../../src/call-session.js';
import { CallError } from '../../src/errors.js';
import type { CallRecorder, RecordingOptions } from '../../src/media/recorder.js';
import { useConnectedCall, waitForEvent, waitUntil } from '../helpers/call-harness.js';
import { canvasCamera, queueFakeMedia, removeFakeMedia } from '../helpers/fake-media.js';

/** Loads a recording into a <video> as a player would; resolves at `loadedmetadata`. */
async function load(blob: Blob): Promise<{ video: HTMLVideoElement; release(): void }> {
  const video = document.createElement('video');
  video.muted = true;
  const url = URL.createObjectURL(blob);
  const loaded = new Promise<void>((resolve, reject) => {
    video.addEventListener('loadedmetadata', () => resolve(), { once: true });
    video.addEventListener('error', () => reject(new Error(`the recording does not load: ${video.error?.message}`)), { once: true });
  });
  video.src = url;
  await loaded;
  return {
    video,
    release: () => {
      video.removeAttribute('src');
      video.load();
      URL.revokeObjectURL(url);
    },
  };
}

async function seek(video: HTMLVideoElement, time: number): Promise<void> {
  const seeked = new Promise<void>((resolve) => video.addEventListener('seeked', () => resolve(), { once: true }));
  video.currentTime = time;
  await seeked;
}

/** Records about `chunks` seconds (the recorder writes one chunk a second); returns the file and the wall time. */
async function record(session: CallSession, options: RecordingOptions, chunks = 3): Promise<{ blob: Blob; seconds: number; recorder: CallRecorder }> {
  const recorder = await session.startRecording(options);
  const started = performance.now();
  let seen = 0;
  let last = 0;
  await waitUntil(() => {
    if (recorder.bytesRecorded > last) {
      last = recorder.bytesRecorded;
      seen++;
    }
    return seen >= chunks;
  }, `${chunks} chunks recorded`);
  const stopping = recorder.stop();
  const seconds = (performance.now() - started) / 1000;
  return { blob: await stopping, seconds, recorder };
}

/** The colour at (x, y) as fractions of the frame now shown by `video`. */
function colourAt(video: HTMLVideoElement, x: number, y: number): 'red' | 'blue' | 'other' {
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(video, 0, 0);
  const [r, , b] = ctx.getImageData(Math.floor(x * canvas.width), Math.floor(y * canvas.height), 1, 1).data;
  if (r! > 150 && b! < 100) return 'red';
  if (b! > 150 && r! < 100) return 'blue';
  return 'other';
}

describe('recorder: rotation, duration and seeking, bitrate, fps, errors', () => {
  before(() => {
    queueFakeMedia(canvasCamera(320, 240)); // Alice's camera (the first getUserMedia)
  });
  const live = useConnectedCall();

  after(() => removeFakeMedia());

  it('rotation 90 of a 320×240 picture records 240×320, turned clockwise; the file knows its duration and seeks', async () => {
    const { blob, seconds, recorder } = await record(live.callee, { composed: false, userId: live.aliceId, rotation: 90, width: 320, height: 240 });
    expect(recorder.rotation).to.equal(90);
    const { video, release } = await load(blob);
    try {
      expect([video.videoWidth, video.videoHeight]).to.deep.equal([240, 320]);
      // Known on load (MediaRecorder alone gives Infinity), and the length that was recorded.
      expect(Number.isFinite(video.duration)).to.equal(true);
      expect(video.duration).to.be.closeTo(seconds, 0.5);
      // Seekable: a jump near the end lands there and shows a frame.
      const target = video.duration - 0.5;
      await seek(video, target);
      expect(video.currentTime).to.be.closeTo(target, 0.25);
      // Alice's picture has red on top: turned 90° clockwise, red is on the right.
      expect(colourAt(video, 0.85, 0.5)).to.equal('red');
      expect(colourAt(video, 0.15, 0.5)).to.equal('blue');
    } finally {
      release();
    }
  });

  it('rotation 180 turns the picture upside down; 0 leaves it as it is', async () => {
    for (const [rotation, top] of [
      [180, 'blue'],
      [0, 'red'],
    ] as const) {
      const { blob } = await record(live.callee, { composed: false, userId: live.aliceId, rotation, width: 320, height: 240 }, 2);
      const { video, release } = await load(blob);
      try {
        expect([video.videoWidth, video.videoHeight]).to.deep.equal([320, 240]);
        // Three moments near the end: on a loaded machine one recorded frame can be a stalled
        // (black) picture, never the other way up.
        const seen: string[] = [];
        for (const back of [0.3, 0.8, 1.3]) {
          await seek(video, Math.max(0, video.duration - back));
          seen.push(colourAt(video, 0.5, 0.1));
        }
        const other = top === 'red' ? 'blue' : 'red';
        expect(seen, `rotation ${rotation}: top of the picture at three moments`).to.include(top);
        expect(seen, `rotation ${rotation}: top of the picture at three moments`).not.to.include(other);
      } finally {
        release();
      }
    }
  });

  it('composed, rotation 270, 15 fps, 200+32 kbps: the file is 240×320, at most the requested frame rate and bitrate (+25 %)', async () => {
    const video = 200_000;
    const audio = 32_000;
    const { blob } = await record(
      live.callee,
      { rotation: 270, width: 320, height: 240, frameRate: 15, videoBitsPerSecond: video, audioBitsPerSecond: audio },
      4,
    );
    const loaded = await load(blob);
    try {
      const player = loaded.video;
      expect([player.videoWidth, player.videoHeight]).to.deep.equal([240, 320]);
      // Frame rate: play the whole file and count the frames the player got.
      await player.play();
      await waitUntil(() => player.ended, 'the recording played to its end', 15_000);
      const frames = player.getVideoPlaybackQuality().totalVideoFrames;
      const fps = frames / player.duration;
      const bitrate = (blob.size * 8) / player.duration;
      // The caps are what the upper bounds prove (uncapped, MediaRecorder writes ~2.5 Mbps and the
      // camera's 30 fps). Below the target is how a CPU-starved encoder falls short on a loaded
      // machine (seen: 64 kbps of 232 at load 35), so the lower bounds only rule out an empty file.
      expect(bitrate, `bitrate ${Math.round(bitrate)} bps`).to.be.within((video + audio) * 0.2, (video + audio) * 1.25);
      expect(fps, `${frames} frames in ${player.duration.toFixed(2)} s`).to.be.within(15 * 0.3, 15 * 1.25);
    } finally {
      loaded.release();
    }
  });

  it('a rotation other than 0/90/180/270 is a CallError (invalid-argument) and starts nothing', async () => {
    const error = await live.caller.startRecording({ rotation: 45 as 90 }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(CallError);
    expect((error as CallError).code).to.equal('invalid-argument');
  });

  it('the recorded remote track ends: `error` with a reason, and the recording closes with what it has', async () => {
    const recorder = await live.callee.startRecording({ composed: false, userId: live.aliceId });
    await waitUntil(() => recorder.bytesRecorded > 0, 'the recorder wrote data');
    const failed = waitForEvent<{ error: CallError }>(recorder, 'error');
    const stopped = waitForEvent<{ blob: Blob }>(recorder, 'stop');
    // The receiving side stops the video transceiver: the remote video track ends for real.
    const transceiver = live.callee
      .peerConnection(live.aliceId)!
      .getTransceivers()
      .find((t) => t.receiver.track.kind === 'video')!;
    transceiver.stop();
    const { error } = await failed;
    expect(error).to.be.instanceOf(CallError);
    expect(error.code).to.equal('media-error');
    expect(error.message).to.match(/remote video track ended/);
    const { blob } = await stopped;
    expect(recorder.state).to.equal('stopped');
    expect(blob.size).to.be.greaterThan(0);
  });
});
