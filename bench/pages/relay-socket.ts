/**
 * One user's WebSocket to the meshcall relay, as the raw baseline and simple-peer use it: the
 * user ID in the URL, `{to, msg}` frames out, `{from, msg}` frames in.
 */
export class RelaySocket<M> {
  #socket: WebSocket | undefined;

  constructor(
    readonly id: string,
    private readonly signalingUrl: string,
    private readonly onMessage: (from: string, msg: M) => void,
  ) {}

  /** Resolves once the socket is open. */
  async open(): Promise<void> {
    const url = new URL(this.signalingUrl, location.href);
    url.searchParams.set('user', this.id);
    const socket = new WebSocket(url);
    this.#socket = socket;
    socket.addEventListener('message', (event: MessageEvent<string>) => {
      const frame = JSON.parse(event.data) as { from?: string; msg?: M };
      if (frame.from && frame.msg) this.onMessage(frame.from, frame.msg);
    });
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener('open', () => resolve(), { once: true });
      socket.addEventListener('error', () => reject(new Error(`${this.id}: WebSocket failed`)), { once: true });
    });
  }

  /** Sends `msg` to `to` (dropped when the socket is not open). */
  send(to: string, msg: M): void {
    if (this.#socket?.readyState === WebSocket.OPEN) this.#socket.send(JSON.stringify({ to, msg }));
  }

  close(): void {
    this.#socket?.close();
  }
}
