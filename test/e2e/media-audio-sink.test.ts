// The raw-audio sink on one real call: the remote microphone's samples arrive, and stop when
// unsubscribed. Chromium only: headless Firefox on a machine without a sound server never
// starts an AudioContext (`resume()` does not settle), so no engine-side samples flow there.
import { expect } from '@open-wc/testing';
import { startAudioSink, type AudioFrame } from '../../src/media/audio-sink.js';
import { useConnectedCall, waitUntil } from '../helpers/call-harness.js';
import { waitForMoreAudio } from '../helpers/media-probes.js';

const rms = (samples: Float32Array) => Math.sqrt(samples.reduce((sum, v) => sum + v * v, 0) / samples.length);

describe('media: the audio sink on a live call', () => {
  const live = useConnectedCall();

  it('the audio sink delivers the remote microphone’s real samples; unsubscribing stops them', async () => {
    const frames: AudioFrame[] = [];
    let loudest = 0;
    const unsubscribe = live.callee.addAudioSink(live.aliceId, (frame) => {
      frames.push(frame);
      loudest = Math.max(loudest, rms(frame.samples[0]!));
    });
    // The fake microphone beeps; wait for a frame with sound in it.
    await waitUntil(() => loudest > 0.001, 'a non-silent audio frame from the remote microphone');
    const frame = frames[0]!;
    expect(frame.sampleRate).to.be.greaterThan(8000);
    expect(frame.samples[0]!.length).to.equal(1024);
    expect(frame.time).to.be.a('number');
    unsubscribe();
    const count = frames.length;
    await waitForMoreAudio(live.callee, live.aliceId); // the call goes on...
    expect(frames.length).to.equal(count); // ...but the sink gets nothing more
    unsubscribe(); // twice is harmless
  });
});

describe('media: the audio sink’s worklet', () => {
  it('delivers through the AudioWorklet (its module is the source of processorModule), not the analyser fallback', async () => {
    const Original = globalThis.AudioWorkletNode;
    let made = 0;
    globalThis.AudioWorkletNode = class extends Original {
      constructor(...args: ConstructorParameters<typeof AudioWorkletNode>) {
        super(...args);
        made++;
      }
    };
    const context = new AudioContext();
    const tone = context.createOscillator();
    const out = context.createMediaStreamDestination();
    tone.connect(out);
    tone.start();
    try {
      const frames: AudioFrame[] = [];
      const stop = startAudioSink(out.stream.getAudioTracks()[0]!, (frame) => frames.push(frame), { remote: false });
      await waitUntil(() => frames.length > 0, 'a frame from the worklet');
      stop();
      expect(made).to.equal(1);
      expect(frames[0]!.samples[0]!.length).to.equal(1024);
    } finally {
      globalThis.AudioWorkletNode = Original;
      tone.stop();
      await context.close();
    }
  });
});
