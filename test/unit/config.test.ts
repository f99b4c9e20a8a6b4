// CallConfig limits: timer minimums are clamped with a warning, and dtls: false throws.
import { expect } from '@open-wc/testing';
import { CallClient } from '../../src/call-client.js';
import { chooseTopology, ConfigError, DEFAULT_CONFIG, resolveConfig, type CallConfig } from '../../src/config.js';
import type { CallError } from '../../src/errors.js';
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

describe('config: topology, sfuUrl and maxParticipants (conference mode)', () => {
  it('defaults to auto with no SFU: at most 4 people, and a larger call fails with not-supported saying how to enable it', () => {
    const { config, warnings } = resolve({});
    expect(config).to.include({ topology: 'auto', maxParticipants: 4, sfuUrl: undefined });
    expect(warnings).to.deep.equal([]);
    const client = new CallClient({ userId: 'ann', transport: network.transport('ann') });
    let error: unknown;
    try {
      client.createSession(['b', 'c', 'd', 'e']);
    } catch (e) {
      error = e;
    }
    expect((error as CallError).code).to.equal('not-supported');
    expect((error as Error).message).to.contain('sfuUrl');
    expect(client.sessions).to.have.length(0);
    client.disconnect();
  });

  it('with an sfuUrl allows 12 people; auto picks mesh up to 4 and the SFU above; mesh stays at 4', () => {
    const sfu = resolve({ sfuUrl: 'wss://sfu.example/janus' }).config;
    expect(sfu.maxParticipants).to.equal(12);
    expect(chooseTopology(sfu, 4)).to.deep.equal({ topology: 'mesh' });
    expect(chooseTopology(sfu, 5)).to.deep.equal({ topology: 'sfu' });
    expect(chooseTopology(sfu, 12)).to.deep.equal({ topology: 'sfu' });
    expect(chooseTopology(sfu, 13)).to.have.property('error');
    expect(chooseTopology({ ...sfu, topology: 'sfu' }, 2)).to.deep.equal({ topology: 'sfu' });
    const mesh = resolve({ sfuUrl: 'wss://sfu.example/janus', topology: 'mesh' }).config;
    expect(mesh.maxParticipants).to.equal(4);
    expect(chooseTopology(mesh, 5)).to.have.property('error');
  });

  it('bad values fall back with a warning each', () => {
    const { config, warnings } = resolve({ topology: 'star', sfuUrl: 'http://sfu.example', maxParticipants: 20, sfuAdminKey: 3 });
    expect(config).to.include({ topology: 'auto', sfuUrl: undefined, maxParticipants: 4, sfuAdminKey: undefined });
    expect(warnings).to.have.length(4);
    expect(warnings.join('\n')).to.contain('topology').and.contain('sfuUrl').and.contain('maxParticipants').and.contain('sfuAdminKey');
    const list = resolve({ sfuUrl: ['wss://a.example', 'ftp://b', 'ws://127.0.0.1:8188'], maxParticipants: 8 });
    expect(list.config.sfuUrl).to.deep.equal(['wss://a.example', 'ws://127.0.0.1:8188']);
    expect(list.config.maxParticipants).to.equal(8);
    expect(list.warnings).to.have.length(1);
  });
});
