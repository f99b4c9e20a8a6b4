// CallConfig limits: timer minimums are clamped with a warning, and dtls: false throws.
import { expect } from '@open-wc/testing';
import { CallClient } from '../../src/call-client.js';
import { ConfigError, DEFAULT_CONFIG, resolveConfig, type CallConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { MemoryNetwork } from '../../src/signaling/memory-transport.js';

const network = new MemoryNetwork();

function resolve(input: Record<string, unknown>) {
  const warnings: string[] = [];
  const logger = createLogger('verbose', (severity, message) => {
    if (severity === 'warn') warnings.push(message);
  });
  return { config: resolveConfig(input as Partial<CallConfig>, logger), warnings };
}

describe('config: timer minimums and dtls', () => {
  it('clamps each timer below its minimum to the minimum, with one warning naming the key and both values', () => {
    const { config, warnings } = resolve({ answerTimeInterval: 2, dialingTimeInterval: 1, disconnectTimeInterval: 0.5 });
    expect(config).to.include({ answerTimeInterval: 10, dialingTimeInterval: 3, disconnectTimeInterval: 5 });
    expect(warnings).to.deep.equal([
      'config answerTimeInterval: 2 is below the minimum 10; using 10',
      'config dialingTimeInterval: 1 is below the minimum 3; using 3',
      'config disconnectTimeInterval: 0.5 is below the minimum 5; using 5',
    ]);
  });

  it('keeps values at or above the minimum without a warning; a wrong type falls back to the default', () => {
    const ok = resolve({ answerTimeInterval: 10, dialingTimeInterval: 3, disconnectTimeInterval: 60 });
    expect(ok.config).to.include({ answerTimeInterval: 10, dialingTimeInterval: 3, disconnectTimeInterval: 60 });
    expect(ok.warnings).to.deep.equal([]);
    const bad = resolve({ dialingTimeInterval: 'soon' });
    expect(bad.config.dialingTimeInterval).to.equal(DEFAULT_CONFIG.dialingTimeInterval);
    expect(bad.warnings).to.have.length(1);
  });

  it('a client gets the clamped values and logs the warning through its own logger', () => {
    const logs: string[] = [];
    const client = new CallClient({
      userId: 'alice',
      transport: network.transport('alice'),
      config: { dialingTimeInterval: 1 },
      logSink: (_s, m) => logs.push(m),
    });
    expect(client.config.dialingTimeInterval).to.equal(3);
    expect(logs.some((m) => m.includes('dialingTimeInterval: 1 is below the minimum 3'))).to.equal(true);
    client.disconnect();
  });

  it('per-call settings and sessionDefaults are clamped the same way, with the warning', () => {
    const logs: string[] = [];
    const client = new CallClient({ userId: 'carol', transport: network.transport('carol'), logSink: (_s, m) => logs.push(m) });
    const session = client.createSession(['dave'], { answerTimeInterval: 2, dialingTimeInterval: 1 });
    expect(session.config).to.include({ answerTimeInterval: 10, dialingTimeInterval: 3 });
    session.hangUp();
    client.sessionDefaults = { answerTimeInterval: 5 };
    expect(client.sessionDefaults.answerTimeInterval).to.equal(10);
    expect(logs.filter((m) => / is below the minimum /.test(m))).to.deep.equal([
      'config answerTimeInterval: 2 is below the minimum 10; using 10',
      'config dialingTimeInterval: 1 is below the minimum 3; using 3',
      'config answerTimeInterval: 5 is below the minimum 10; using 10',
    ]);
    client.disconnect();
  });

  it('dtls: false (or anything but true) throws a ConfigError naming dtls; true is accepted', () => {
    for (const dtls of [false, 0, 'no']) {
      let error: unknown;
      try {
        resolveConfig({ dtls } as unknown as Partial<CallConfig>);
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(ConfigError);
      expect((error as ConfigError).key).to.equal('dtls');
      expect((error as ConfigError).message).to.match(/DTLS-SRTP/);
    }
    expect(resolveConfig({ dtls: true }).dtls).to.equal(true);
    expect(() => new CallClient({ userId: 'bob', transport: network.transport('bob'), config: { dtls: false as true } })).to.throw(ConfigError, /dtls/);
  });
});
