// Shared helpers for the relay tests: a quiet relay per test, WebSocket clients that buffer
// what they receive, and raw HTTP requests (paths are sent exactly as written).
import http from 'node:http';
import { WebSocket } from 'ws';
import { startRelay } from '../../server/relay.js';

/** How long any single wait may take before the test fails with a clear message. */
export const WAIT_MS = 3000;

/**
 * @template T
 * @param {Promise<T>} promise
 * @param {string} what
 * @returns {Promise<T>}
 */
export function within(promise, what, ms = WAIT_MS) {
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return /** @type {Promise<T>} */ (Promise.race([promise, timeout])).finally(() => clearTimeout(timer));
}

/**
 * Polls `check` every 20 ms until it is true; fails with `what` after `ms`.
 * @param {() => boolean} check
 * @param {string} what
 */
export async function waitUntil(check, what, ms = WAIT_MS) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Starts a relay on a free 127.0.0.1 port that is closed when the test ends.
 * @param {import('node:test').TestContext} t
 * @param {import('../../server/relay.js').RelayOptions} [options]
 */
export async function openRelay(t, options = {}) {
  /** @type {unknown[][]} */
  const logs = [];
  const relay = await startRelay({ port: 0, log: (...args) => logs.push(args), ...options });
  t.after(() => relay.close());
  return Object.assign(relay, { logs });
}

/** A WebSocket client that queues incoming JSON frames so none is missed between awaits. */
export class Client {
  /** @param {string} url */
  constructor(url, options = {}) {
    this.ws = new WebSocket(url, options);
    /** @type {unknown[]} */
    this.queue = [];
    /** @type {((frame: unknown) => void)[]} */
    this.waiters = [];
    this.ws.on('message', (data) => {
      const frame = JSON.parse(data.toString());
      const waiter = this.waiters.shift();
      if (waiter) waiter(frame);
      else this.queue.push(frame);
    });
    /** @type {Promise<{ code: number, reason: string }>} */
    this.closed = new Promise((resolve) => {
      this.ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    });
    this.ws.on('error', () => {}); // failures show up as `closed` or a rejected `opened`
    /** @type {Promise<void>} */
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('close', (code) => reject(new Error(`closed (${code}) before opening`)));
    });
  }

  /**
   * Connects as `user` and waits until the socket is open.
   * @param {string} wsUrl
   * @param {string} user
   * @param {{ token?: string, t?: import('node:test').TestContext, autoPong?: boolean,
   *   headers?: Record<string, string>, localAddress?: string }} [options]
   *   headers: extra upgrade headers (e.g. Origin); localAddress: the 127.x.y.z to connect from
   */
  static async connect(wsUrl, user, { token, t, autoPong = true, headers, localAddress } = {}) {
    const query = new URLSearchParams({ user });
    if (token !== undefined) query.set('token', token);
    const client = new Client(`${wsUrl}?${query}`, { autoPong, headers, localAddress });
    t?.after(() => client.ws.terminate());
    await within(client.opened, `${user} to connect`);
    return client;
  }

  /** @param {unknown} frame object to JSON-encode, or a string/Buffer sent as-is */
  send(frame) {
    this.ws.send(typeof frame === 'string' || Buffer.isBuffer(frame) ? frame : JSON.stringify(frame));
  }

  /** @returns {Promise<any>} the next frame received */
  next(what = 'a frame') {
    const queued = this.queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return within(new Promise((resolve) => this.waiters.push(resolve)), what);
  }

  /**
   * Pings the relay and waits for its pong. The relay handles frames in order, so once the
   * pong is here it has handled (and answered) everything this client sent before.
   */
  roundTrip(what = 'a pong') {
    const pong = new Promise((resolve) => this.ws.once('pong', resolve));
    this.ws.ping();
    return within(pong, what);
  }

  /** Removes and returns every frame received so far. @returns {any[]} */
  drain() {
    return this.queue.splice(0);
  }

  waitClosed(what = 'the socket to close') {
    return within(this.closed, what);
  }
}

/**
 * Tries a WebSocket upgrade that should be refused; resolves with the HTTP status and body.
 * @param {string} url
 * @param {{ headers?: Record<string, string>, localAddress?: string }} [options]
 * @returns {Promise<{ status: number | undefined, body: string }>}
 */
export function expectRejectedUpgrade(url, { headers = {}, localAddress = undefined } = {}) {
  const ws = new WebSocket(url, { headers, localAddress });
  ws.on('error', () => {});
  const result = new Promise((resolve, reject) => {
    ws.once('open', () => {
      ws.terminate();
      reject(new Error(`upgrade to ${url} was accepted, expected a rejection`));
    });
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode, body });
        ws.terminate();
      });
    });
  });
  return within(/** @type {Promise<{ status: number | undefined, body: string }>} */ (result), `rejection of ${url}`);
}

/**
 * Sends an HTTP request with `path` exactly as given (no URL normalisation).
 * @param {number} port
 * @param {string} path
 * @param {string} [method]
 * @returns {Promise<{ status: number | undefined, type: string | undefined, body: string }>}
 */
export function request(port, path, method = 'GET') {
  const done = new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.end();
  });
  return within(/** @type {Promise<any>} */ (done), `${method} ${path}`);
}
