import { expect } from '@open-wc/testing';
import { pickJanusInstance } from '../../src/backends/janus/janus-instances.js';

const URLS = ['wss://janus-1.example/ws', 'wss://janus-2.example/ws', 'wss://janus-3.example/ws', 'wss://janus-4.example/ws'];
const SESSIONS = Array.from({ length: 4000 }, (_, i) => `session-${i}-${(i * 2654435761) % 1000003}`);

describe('pickJanusInstance', () => {
  it('gives every participant the same instance for a session, whatever the list order', () => {
    for (const id of SESSIONS.slice(0, 200)) {
      expect(pickJanusInstance(id, URLS)).to.equal(pickJanusInstance(id, [...URLS].reverse()));
    }
  });

  it('spreads sessions evenly over the instances', () => {
    const counts = new Map<string, number>();
    for (const id of SESSIONS) counts.set(pickJanusInstance(id, URLS), (counts.get(pickJanusInstance(id, URLS)) ?? 0) + 1);
    expect([...counts.keys()].sort()).to.deep.equal([...URLS].sort());
    for (const count of counts.values()) expect(count).to.be.within(850, 1150); // 1000 each ± 15 %
  });

  it("moves only the removed instance's sessions when one goes away", () => {
    const fewer = URLS.filter((u) => u !== URLS[1]);
    for (const id of SESSIONS) {
      const before = pickJanusInstance(id, URLS);
      if (before !== URLS[1]) expect(pickJanusInstance(id, fewer)).to.equal(before);
    }
  });

  it('refuses an empty list', () => {
    expect(() => pickJanusInstance('s', [])).to.throw(RangeError);
  });
});
