// A real call across two relays: alice's CallClient talks to relay 1, bob's to relay 2, and
// the relays share delivery through a real redis-server (all started by
// test/relay-test-plugin.js on POST /__meshcall/relay/redis-pair).
import { expect } from '@open-wc/testing';
import type { CallSession } from '../../src/call-session.js';
import { allEnded, connectClient, disconnectAll, uid, waitForEvent, waitForRemoteVideo, waitForState } from '../helpers/call-harness.js';

/** The two relays' WebSocket URLs; fails with the plugin's reason (e.g. no redis-server). */
async function redisPair(): Promise<[string, string]> {
  const response = await fetch('/__meshcall/relay/redis-pair', { method: 'POST' });
  const body = (await response.json()) as { wsUrls?: [string, string]; error?: string };
  if (!response.ok || !body.wsUrls) throw new Error(body.error ?? `redis-pair answered ${response.status}`);
  return body.wsUrls;
}

afterEach(() => disconnectAll());

describe('1:1 call across two relays sharing Redis', () => {
  it('connects, both sides decode video, and hang-up reaches the other relay’s user', async () => {
    const [relay1, relay2] = await redisPair();
    expect(relay1).to.not.equal(relay2);
    const alice = await connectClient(uid('alice'), { signalingUrl: relay1 });
    const bob = await connectClient(uid('bob'), { signalingUrl: relay2 });

    const incoming = waitForEvent<{ session: CallSession; from: string; userInfo?: Record<string, string> }>(bob, 'incoming');
    const caller = alice.createSession([bob.userId]);
    const accepted = waitForEvent<{ userId: string; userInfo?: Record<string, string> }>(caller, 'accepted');
    await caller.start({ userInfo: { name: 'Alice' } });
    const ring = await incoming;
    expect(ring.from).to.equal(alice.userId, 'the caller as stamped by relay 1');
    expect(ring.userInfo).to.deep.equal({ name: 'Alice' });
    const callee = ring.session;
    await callee.accept({ userInfo: { name: 'Bob' } });
    expect((await accepted).userInfo).to.deep.equal({ name: 'Bob' });

    await Promise.all([waitForState(caller, 'connected'), waitForState(callee, 'connected')]);
    await Promise.all([waitForRemoteVideo(caller, [bob.userId]), waitForRemoteVideo(callee, [alice.userId])]);

    const hungUp = waitForEvent<{ userId: string; userInfo?: Record<string, string> }>(callee, 'hung-up');
    caller.hangUp({ userInfo: { bye: 'from relay 1' } });
    expect(await hungUp).to.deep.include({ userId: alice.userId, userInfo: { bye: 'from relay 1' } });
    await waitForState(callee, 'closed');
    expect(caller.state).to.equal('closed');
    expect(allEnded(caller.localStream)).to.equal(true);
    expect(allEnded(callee.localStream)).to.equal(true);
  });
});
