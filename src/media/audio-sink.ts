/**
 * Raw audio of one track, delivered to a callback (the seed's audio-track sink). An
 * AudioWorklet copies the samples off the audio thread in blocks; where worklets cannot
 * load (no secure context, a CSP without `blob:` in script-src) an AnalyserNode is polled.
 */
import { keepRemoteAudioFlowing } from './remote-audio-tap.js';

export interface AudioFrame {
  /** One array per channel, `sampleRate` samples per second, -1..1. */
  samples: Float32Array[];
  sampleRate: number;
  /** AudioContext time (seconds) of the first sample. */
  time: number;
}

export type AudioSink = (frame: AudioFrame) => void;

/** Samples per delivered frame: 1024 at 48 kHz is ~21 ms, ~47 callbacks a second. */
export const AUDIO_SINK_FRAMES = 1024;

const PROCESSOR = 'meshcall-audio-sink';

// The worklet's globals (AudioWorkletGlobalScope), for `processorModule` only.
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
declare function registerProcessor(name: string, processor: new (options: AudioWorkletNodeOptions) => AudioWorkletProcessor): void;
declare const currentTime: number;

/**
 * The worklet module, written as a function so it is minified like the rest: its source
 * (`toString()`) runs in the AudioWorkletGlobalScope, so it uses nothing but its argument
 * and that scope's globals.
 */
function processorModule(name: string): void {
  class MeshcallAudioSink extends AudioWorkletProcessor {
    size: number;
    alive = true;
    buffers: Float32Array[] | null = null;
    filled = 0;
    start = 0;
    constructor(options: AudioWorkletNodeOptions) {
      super();
      this.size = (options.processorOptions as { frames: number }).frames;
      this.port.onmessage = (event) => {
        if (event.data === 'stop') this.alive = false;
      };
    }
    process(inputs: Float32Array[][]): boolean {
      const input = inputs[0];
      if (!this.alive) return false;
      if (!input || input.length === 0) return true;
      if (!this.buffers || this.buffers.length !== input.length) {
        this.buffers = input.map(() => new Float32Array(this.size));
        this.filled = 0;
      }
      const buffers = this.buffers;
      if (this.filled === 0) this.start = currentTime;
      const n = Math.min(input[0]!.length, this.size - this.filled);
      for (let c = 0; c < input.length; c++) buffers[c]!.set(input[c]!.subarray(0, n), this.filled);
      this.filled += n;
      if (this.filled >= this.size) {
        this.port.postMessage(
          { samples: buffers, time: this.start },
          buffers.map((b) => b.buffer),
        );
        this.buffers = null;
        this.filled = 0;
      }
      return true;
    }
  }
  registerProcessor(name, MeshcallAudioSink);
}

/** One module URL per page; worklet modules are loaded per AudioContext from it. */
let moduleUrl: string | undefined;
function processorModuleUrl(): string {
  moduleUrl ??= URL.createObjectURL(new Blob([`(${String(processorModule)})(${JSON.stringify(PROCESSOR)})`], { type: 'text/javascript' }));
  return moduleUrl;
}

export interface AudioSinkOptions {
  /** Remote WebRTC tracks need a muted media element in Chromium; local tracks do not. */
  remote: boolean;
  onError?(error: unknown): void;
}

/**
 * Starts delivering `track`'s samples to `sink`; returns the stop function, which releases
 * the AudioContext, the worklet/analyser, the helper element and any timer. Stopping while
 * the graph is still being built is fine: nothing is delivered after it.
 */
export function startAudioSink(track: MediaStreamTrack, sink: AudioSink, options: AudioSinkOptions): () => void {
  let stopped = false;
  const teardown: (() => void)[] = [];
  const context = new AudioContext();
  teardown.push(() => void context.close().catch(() => {}));
  if (options.remote) teardown.push(keepRemoteAudioFlowing(track));
  const source = context.createMediaStreamSource(new MediaStream([track]));
  teardown.push(() => source.disconnect());

  const deliver = (frame: AudioFrame) => {
    if (stopped) return;
    try {
      sink(frame);
    } catch (error) {
      options.onError?.(error);
    }
  };

  const useAnalyser = () => {
    const analyser = context.createAnalyser();
    analyser.fftSize = AUDIO_SINK_FRAMES;
    source.connect(analyser);
    const periodMs = (AUDIO_SINK_FRAMES / context.sampleRate) * 1000;
    const timer = setInterval(() => {
      const samples = new Float32Array(AUDIO_SINK_FRAMES);
      analyser.getFloatTimeDomainData(samples);
      deliver({ samples: [samples], sampleRate: context.sampleRate, time: context.currentTime - AUDIO_SINK_FRAMES / context.sampleRate });
    }, periodMs);
    teardown.push(() => {
      clearInterval(timer);
      analyser.disconnect();
    });
  };

  const useWorklet = async () => {
    await context.audioWorklet.addModule(processorModuleUrl());
    if (stopped) return;
    // No outputs: the node is pulled by the rendering thread without reaching the speakers.
    const node = new AudioWorkletNode(context, PROCESSOR, {
      numberOfInputs: 1,
      numberOfOutputs: 0,
      processorOptions: { frames: AUDIO_SINK_FRAMES },
    });
    const onMessage = (event: MessageEvent<{ samples: Float32Array[]; time: number }>) =>
      deliver({ samples: event.data.samples, sampleRate: context.sampleRate, time: event.data.time });
    node.port.addEventListener('message', onMessage);
    node.port.start();
    source.connect(node);
    teardown.push(() => {
      node.port.removeEventListener('message', onMessage);
      node.port.postMessage('stop');
      node.port.close();
      node.disconnect();
    });
  };

  void (async () => {
    try {
      // Autoplay rules may start the context suspended; resuming needs no gesture once the
      // page has had one (or is in a call the person started).
      if (context.state === 'suspended') await context.resume().catch(() => {});
      if (stopped) return;
      if (context.audioWorklet) await useWorklet();
      else useAnalyser();
    } catch {
      if (!stopped) useAnalyser();
    }
  })();

  return () => {
    if (stopped) return;
    stopped = true;
    for (const step of teardown.splice(0).reverse()) step();
  };
}
