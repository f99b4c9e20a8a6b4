/**
 * The Janus WebSocket API: one WebSocket, one Janus session on it (kept alive), plugin
 * handles attached to it, and requests matched to their answers by transaction. Plugin
 * events that answer no request go to the handle's event callback.
 */
import { JanusError } from './janus-error.js';

/** Janus drops a session after 60 s without a request (`session_timeout`): keep well under. */
export const KEEPALIVE_MS = 25_000;
/**
 * The longest wait for Janus to answer one request. A busy Janus took over 10 s to answer
 * `subscribe` and `start` in 8-person calls on 2 loaded cores (the bench's sfu8).
 */
export const REQUEST_TIMEOUT_MS = 20_000;

export type PluginData = Record<string, unknown>;

/** One message Janus sends (only the fields this client reads). */
export interface JanusMessage {
  janus: string;
  transaction?: string;
  session_id?: number;
  sender?: number;
  data?: { id?: number };
  error?: { code: number; reason: string };
  plugindata?: { plugin: string; data: PluginData };
  jsep?: RTCSessionDescriptionInit;
  /** A `trickle` from Janus: one of its candidates, or `{ completed: true }`. */
  candidate?: RTCIceCandidateInit | { completed: true };
  /** `hangup`'s reason, `media`'s type... */
  reason?: string;
  type?: string;
  receiving?: boolean;
}

/** What a plugin request resolves with: the plugin's data and, for negotiations, an SDP. */
export interface PluginReply {
  data: PluginData;
  jsep?: RTCSessionDescriptionInit;
}

interface Pending {
  resolve: (message: JanusMessage) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
  /** Plugin messages are acked first and answered later by an `event` with the same transaction. */
  waitPastAck: boolean;
}

function transactionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function isMessage(value: unknown): value is JanusMessage {
  return typeof value === 'object' && value !== null && typeof (value as { janus?: unknown }).janus === 'string';
}

export interface JanusConnectionOptions {
  keepaliveMs?: number;
  requestTimeoutMs?: number;
  /** Called once when the WebSocket closes or the Janus session ends, unless `close()` was called first. */
  onLost?: (error: JanusError) => void;
}

export class JanusConnection {
  readonly #ws: WebSocket;
  readonly #pending = new Map<string, Pending>();
  readonly #handles = new Map<number, JanusHandle>();
  readonly #timeoutMs: number;
  #sessionId = 0;
  #keepalive?: ReturnType<typeof setInterval>;
  #closed = false;
  #onLost?: (error: JanusError) => void;

  private constructor(ws: WebSocket, options: JanusConnectionOptions) {
    this.#ws = ws;
    this.#timeoutMs = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
    this.#onLost = options.onLost;
    ws.addEventListener('message', this.#onMessage);
    ws.addEventListener('close', this.#onSocketClose);
  }

  /** Opens the WebSocket and creates a Janus session on it. */
  static async open(url: string, options: JanusConnectionOptions = {}): Promise<JanusConnection> {
    let ws: WebSocket;
    try {
      ws = new WebSocket(url, 'janus-protocol');
    } catch (err) {
      throw new JanusError('transport', `cannot open ${url}: ${err instanceof Error ? err.message : String(err)}`);
    }
    await new Promise<void>((resolve, reject) => {
      const done = () => {
        ws.removeEventListener('open', onOpen);
        ws.removeEventListener('error', onError);
      };
      const onOpen = () => (done(), resolve());
      const onError = () => (done(), reject(new JanusError('transport', `cannot connect to Janus at ${url}`)));
      ws.addEventListener('open', onOpen);
      ws.addEventListener('error', onError);
    });
    const connection = new JanusConnection(ws, options);
    try {
      const created = await connection.#send({ janus: 'create' }, false);
      connection.#sessionId = created.data?.id ?? 0;
    } catch (err) {
      connection.close();
      throw err;
    }
    connection.#keepalive = setInterval(() => {
      connection.#send({ janus: 'keepalive', session_id: connection.#sessionId }, false).catch(() => {});
    }, options.keepaliveMs ?? KEEPALIVE_MS);
    return connection;
  }

  get sessionId(): number {
    return this.#sessionId;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Attaches a handle to `plugin`; `onEvent` receives the plugin's and the core's events for it that answer no request. */
  async attach(plugin: string, onEvent: (message: JanusMessage) => void): Promise<JanusHandle> {
    const reply = await this.#send({ janus: 'attach', plugin, session_id: this.#sessionId }, false);
    const id = reply.data?.id;
    if (!id) throw new JanusError('refused', `Janus attached ${plugin} without a handle id`);
    const handle = new JanusHandle(
      id,
      (body, waitPastAck) => this.#send({ ...body, session_id: this.#sessionId, handle_id: id }, waitPastAck),
      () => this.#handles.delete(id),
      onEvent,
    );
    this.#handles.set(id, handle);
    return handle;
  }

  /** Destroys the Janus session (which detaches its handles) and closes the WebSocket. Safe to call twice. */
  close(): void {
    if (this.#closed) return;
    if (this.#sessionId && this.#ws.readyState === WebSocket.OPEN) {
      this.#ws.send(JSON.stringify({ janus: 'destroy', session_id: this.#sessionId, transaction: transactionId() }));
    }
    this.#shutDown(new JanusError('transport', 'connection closed'));
    this.#ws.close();
  }

  #shutDown(error: JanusError): void {
    this.#closed = true;
    clearInterval(this.#keepalive);
    this.#ws.removeEventListener('message', this.#onMessage);
    this.#ws.removeEventListener('close', this.#onSocketClose);
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    this.#pending.clear();
    this.#handles.clear();
    this.#onLost = undefined;
  }

  #send(body: Record<string, unknown>, waitPastAck: boolean): Promise<JanusMessage> {
    if (this.#closed || this.#ws.readyState !== WebSocket.OPEN) return Promise.reject(new JanusError('transport', 'not connected to Janus'));
    const transaction = transactionId();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(transaction);
        const request = (body.body as { request?: unknown } | undefined)?.request;
        const what = typeof request === 'string' ? `${String(body.janus)} "${request}"` : String(body.janus);
        reject(new JanusError('timeout', `Janus did not answer ${what} within ${this.#timeoutMs} ms`));
      }, this.#timeoutMs);
      this.#pending.set(transaction, { resolve, reject, timer, waitPastAck });
      this.#ws.send(JSON.stringify({ ...body, transaction }));
    });
  }

  readonly #onMessage = (event: MessageEvent): void => {
    let message: unknown;
    try {
      message = JSON.parse(String(event.data));
    } catch {
      return;
    }
    if (!isMessage(message)) return;
    const pending = message.transaction ? this.#pending.get(message.transaction) : undefined;
    if (pending && !(message.janus === 'ack' && pending.waitPastAck)) {
      this.#pending.delete(message.transaction as string);
      clearTimeout(pending.timer);
      if (message.janus === 'error') pending.reject(JanusError.fromJanus(message.error?.code ?? 0, message.error?.reason ?? 'unknown error'));
      else pending.resolve(message);
      return;
    }
    if (message.janus === 'ack') return;
    if (message.janus === 'timeout' && message.session_id === this.#sessionId) {
      this.#lose(new JanusError('timeout', 'Janus timed the session out'));
      return;
    }
    if (message.sender !== undefined) this.#handles.get(message.sender)?.deliver(message);
  };

  readonly #onSocketClose = (): void => {
    this.#lose(new JanusError('transport', 'the Janus WebSocket closed'));
  };

  #lose(error: JanusError): void {
    if (this.#closed) return;
    const onLost = this.#onLost;
    this.#shutDown(error);
    this.#ws.close();
    onLost?.(error);
  }
}

/** One plugin handle: requests to the plugin, trickled candidates, its own events. */
export class JanusHandle {
  #detached = false;

  constructor(
    readonly id: number,
    private readonly send: (body: Record<string, unknown>, waitPastAck: boolean) => Promise<JanusMessage>,
    private readonly forget: () => void,
    private readonly onEvent: (message: JanusMessage) => void,
  ) {}

  /** @internal the connection hands over an event that answered no request. */
  deliver(message: JanusMessage): void {
    if (message.janus === 'detached') this.#detached = true;
    this.onEvent(message);
  }

  /**
   * Sends a request to the plugin and resolves with its answer: at once for synchronous
   * requests (create, exists, ...), after the plugin's event for asynchronous ones (join,
   * publish, ...). A plugin-level error (`error_code` in the data) rejects with a `JanusError`.
   */
  async message(body: PluginData, jsep?: RTCSessionDescriptionInit): Promise<PluginReply> {
    const reply = await this.send({ janus: 'message', body, ...(jsep ? { jsep } : {}) }, true);
    const data = reply.plugindata?.data ?? {};
    if (typeof data.error_code === 'number') throw JanusError.fromJanus(data.error_code, typeof data.error === 'string' ? data.error : 'plugin error');
    return reply.jsep ? { data, jsep: reply.jsep } : { data };
  }

  /** Sends one local ICE candidate, or null for end-of-candidates. */
  trickle(candidate: RTCIceCandidateInit | null): void {
    if (this.#detached) return;
    const body = candidate ? { candidate } : { candidate: { completed: true } };
    this.send({ janus: 'trickle', ...body }, false).catch(() => {});
  }

  /** Detaches from the plugin (Janus closes its side of the handle's PeerConnection). */
  async detach(): Promise<void> {
    if (this.#detached) return;
    this.#detached = true;
    this.forget();
    await this.send({ janus: 'detach' }, false).catch(() => {});
  }
}
