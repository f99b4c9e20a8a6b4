// /metrics in Prometheus text format, through prom-client (the de-facto Node client: typed
// metric kinds, the exposition format and process metrics, which we would otherwise write by
// hand). Each relay has its own registry, so several relays in one process never mix counts.
// Loaded only when metrics are switched on.

/**
 * @typedef {object} MetricsSource what the relay exposes to be read at scrape time
 * @property {() => number} sockets open signaling sockets
 * @property {() => number} tcp open TCP connections of any kind
 * @property {() => 'off' | 'connecting' | 'ready' | 'down'} redis
 *
 * @typedef {object} RelayMetrics
 * @property {(reason: string) => void} refused an upgrade or connection refused
 * @property {(path: 'local' | 'redis') => void} relayed a message delivered
 * @property {(reason: string) => void} dropped a message not delivered
 * @property {() => void} rateLimited a frame over a socket's rate limit
 * @property {(reason: string) => void} closed the relay closed a socket
 * @property {(seconds: number) => void} published a Redis publish took this long
 * @property {() => void} turnIssued a set of TURN credentials was issued
 * @property {() => Promise<{ type: string, body: string }>} render the exposition text
 */

/** Metrics that count nothing, for a relay with metrics off. @type {RelayMetrics} */
export const NO_METRICS = {
  refused() {},
  relayed() {},
  dropped() {},
  rateLimited() {},
  closed() {},
  published() {},
  turnIssued() {},
  render: async () => ({ type: 'text/plain', body: '' }),
};

/**
 * @param {MetricsSource} source
 * @returns {Promise<RelayMetrics>}
 */
export async function createMetrics(source) {
  const client = await import('prom-client');
  const register = new client.Registry();
  client.collectDefaultMetrics({ register, prefix: 'meshcall_' });
  const registers = [register];

  new client.Gauge({
    name: 'meshcall_sockets_open',
    help: 'Signaling WebSockets open',
    registers,
    collect() {
      this.set(source.sockets());
    },
  });
  new client.Gauge({
    name: 'meshcall_tcp_connections_open',
    help: 'TCP connections open (HTTP, upgrading and WebSocket)',
    registers,
    collect() {
      this.set(source.tcp());
    },
  });
  new client.Gauge({
    name: 'meshcall_redis_up',
    help: 'Redis reachable (1) or not (0); absent value -1 when the relay runs without Redis',
    registers,
    collect() {
      const state = source.redis();
      this.set(state === 'off' ? -1 : state === 'ready' ? 1 : 0);
    },
  });
  const refused = new client.Counter({
    name: 'meshcall_connections_refused_total',
    help: 'Upgrades and connections refused, by reason',
    labelNames: ['reason'],
    registers,
  });
  const relayed = new client.Counter({
    name: 'meshcall_messages_relayed_total',
    help: 'Messages delivered, locally or through Redis',
    labelNames: ['path'],
    registers,
  });
  const dropped = new client.Counter({ name: 'meshcall_messages_dropped_total', help: 'Messages not delivered, by reason', labelNames: ['reason'], registers });
  const rateLimited = new client.Counter({ name: 'meshcall_rate_limit_hits_total', help: 'Frames over a socket’s rate limit', registers });
  const closed = new client.Counter({ name: 'meshcall_sockets_closed_total', help: 'Sockets the relay closed, by reason', labelNames: ['reason'], registers });
  const publish = new client.Histogram({
    name: 'meshcall_redis_publish_seconds',
    help: 'Latency of Redis PUBLISH (delivery and claims)',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers,
  });
  const turn = new client.Counter({ name: 'meshcall_turn_credentials_issued_total', help: 'TURN credential sets issued at /turn', registers });

  return {
    refused: (reason) => refused.inc({ reason }),
    relayed: (path) => relayed.inc({ path }),
    dropped: (reason) => dropped.inc({ reason }),
    rateLimited: () => rateLimited.inc(),
    closed: (reason) => closed.inc({ reason }),
    published: (seconds) => publish.observe(seconds),
    turnIssued: () => turn.inc(),
    render: async () => ({ type: register.contentType, body: await register.metrics() }),
  };
}
