import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { whenIdle } from '../when-idle.js';

/** How many cameras the page can use, kept current through `devicechange` while the host is connected. */
export class CameraCountController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  #count = 0;
  #stop: (() => void) | undefined;
  #generation = 0;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  get count(): number {
    return this.#count;
  }

  hostConnected(): void {
    const devices = globalThis.navigator?.mediaDevices;
    if (!devices?.enumerateDevices) return;
    const onChange = () => void this.refresh();
    devices.addEventListener('devicechange', onChange);
    this.#stop = () => devices.removeEventListener('devicechange', onChange);
    void this.refresh();
  }

  hostDisconnected(): void {
    this.#stop?.();
    this.#stop = undefined;
    this.#generation++;
  }

  /**
   * Counts again once the page is idle (within a second): after the camera opened, the call's
   * offer or answer is being sent, and the count only decides whether Switch camera shows.
   */
  refreshWhenIdle(): void {
    const generation = this.#generation;
    const run = () => {
      if (generation === this.#generation) void this.refresh();
    };
    whenIdle(run, 1000);
  }

  /** Counts again (device IDs become visible once the camera was opened). */
  async refresh(): Promise<void> {
    const generation = ++this.#generation;
    let count = 0;
    try {
      const devices = await navigator.mediaDevices.enumerateDevices();
      count = new Set(devices.filter((d) => d.kind === 'videoinput').map((d, i) => d.deviceId || `unknown-${i}`)).size;
    } catch {
      count = 0;
    }
    if (generation !== this.#generation || count === this.#count) return;
    this.#count = count;
    this.#host.requestUpdate();
  }
}
