import { expect } from '@open-wc/testing';
import { MachineDriver, ANSWER, OFFER } from '../helpers/machine-driver.js';
import { isOffererFor, transition } from '../../src/session-machine.js';

const callTimes = (d: MachineDriver, to: string) => d.sentOf('call', to).map((s) => s.at / 1000);

describe('session machine: dialing', () => {
  it('re-sends call every dialingTimeInterval until the callee accepts, then stops', () => {
    const d = new MachineDriver({ self: 'alice', initiator: 'alice', opponents: ['bob'] }).startCall();
    expect(d.state.session).to.equal('pending');
    expect(d.peerState('bob')).to.equal('pending');
    d.advance(12);
    expect(callTimes(d, 'bob')).to.deep.equal([0, 5, 10]);
    d.signal('bob', { type: 'accept', sdp: ANSWER, userInfo: { name: 'Bob' } });
    expect(d.peerState('bob')).to.equal('connecting');
    expect(d.state.session).to.equal('connecting');
    d.advance(20).dispatch({ type: 'peer-state', userId: 'bob', state: 'connected' }).advance(30);
    expect(callTimes(d, 'bob')).to.deep.equal([0, 5, 10]);
    expect(d.events('accepted')[0]?.detail).to.deep.equal({ userId: 'bob', userInfo: { name: 'Bob' } });
    expect(d.events('user-not-answered')).to.have.length(0);
    expect(d.timers.size).to.equal(0);
  });

  it('follows a configured interval (3 s) and carries the caller userInfo on every re-send', () => {
    const d = new MachineDriver({ self: 'alice', initiator: 'alice', opponents: ['bob'], dialing: 3 }).startCall();
    d.advance(9);
    expect(callTimes(d, 'bob')).to.deep.equal([0, 3, 6, 9]);
    expect(d.sentOf('call').every((s) => s.signal.type === 'call' && s.signal.userInfo?.name === 'alice')).to.equal(true);
  });

  it('does not send call before the offer exists', () => {
    const d = new MachineDriver({ self: 'alice', initiator: 'alice', opponents: ['bob'] });
    d.dispatch({ type: 'start' }).advance(6);
    expect(d.sentOf('call')).to.have.length(0);
    d.dispatch({ type: 'local-description', userId: 'bob', description: OFFER });
    expect(callTimes(d, 'bob')).to.deep.equal([6]);
  });

  it('stops dialing on reject, and on local hang-up', () => {
    const rejected = new MachineDriver({ self: 'alice', initiator: 'alice', opponents: ['bob'] }).startCall();
    rejected
      .advance(5)
      .signal('bob', { type: 'reject', userInfo: { name: 'Bob' } })
      .advance(20);
    expect(callTimes(rejected, 'bob')).to.deep.equal([0, 5]);
    expect(rejected.peerState('bob')).to.equal('rejected');
    expect(rejected.events('rejected')[0]?.detail.userInfo).to.deep.equal({ name: 'Bob' });
    expect(rejected.state.session).to.equal('closed');

    const hungUp = new MachineDriver({ self: 'alice', initiator: 'alice', opponents: ['bob'] }).startCall();
    hungUp.advance(5).dispatch({ type: 'hang-up' }).advance(20);
    expect(callTimes(hungUp, 'bob')).to.deep.equal([0, 5]);
    expect(hungUp.sentOf('hangUp', 'bob')).to.have.length(1);
    expect(hungUp.state.session).to.equal('closed');
    expect(hungUp.timers.size).to.equal(0);
    expect(hungUp.clock.pending).to.equal(0);
  });
});

describe('session machine: answer timer', () => {
  it('times out only the peers that did not answer in a 4-way call', () => {
    const d = new MachineDriver({ self: 'alice', initiator: 'alice', opponents: ['bob', 'carol', 'dave'] }).startCall();
    d.advance(10).signal('bob', { type: 'accept', sdp: ANSWER }).dispatch({ type: 'peer-state', userId: 'bob', state: 'connected' });
    d.advance(10).signal('carol', { type: 'reject' });
    d.advance(24);
    expect(d.peerState('dave')).to.equal('pending');
    d.advance(1); // t = 45 s
    expect(d.peerState('dave')).to.equal('no-answer');
    expect(d.events('user-not-answered').map((e) => e.detail.userId)).to.deep.equal(['dave']);
    expect(d.sentOf('hangUp', 'dave')[0]?.signal).to.include({ reason: 'no-answer' });
    expect(d.peerState('bob')).to.equal('connected');
    expect(d.peerState('carol')).to.equal('rejected');
    expect(d.state.session).to.not.equal('closed');
    const callsToDave = callTimes(d, 'dave').length;
    d.advance(30);
    expect(callTimes(d, 'dave')).to.have.length(callsToDave);
    expect(d.events('connection-closed').map((e) => e.detail.userId)).to.deep.equal(['carol', 'dave']);
  });

  it('closes the caller session when nobody answers', () => {
    const d = new MachineDriver({ self: 'alice', initiator: 'alice', opponents: ['bob'], answer: 10 }).startCall();
    d.advance(10);
    expect(d.peerState('bob')).to.equal('no-answer');
    expect(d.state.session).to.equal('closed');
    expect(d.events('session-closed')[0]?.detail.reason).to.equal('no-answer');
    expect(d.effects.filter((e) => e.type === 'stop-media')).to.have.length(1);
    expect(d.timers.size).to.equal(0);
  });

  it('closes a ringing incoming session after the answer time and tells the caller', () => {
    const d = new MachineDriver({ self: 'bob', initiator: 'alice', opponents: ['bob'] }).call('alice');
    expect(d.state.session).to.equal('pending');
    d.advance(44);
    d.call('alice'); // a dialing re-send does not restart the ring timer
    d.advance(1);
    expect(d.state.session).to.equal('closed');
    expect(d.sentOf('hangUp', 'alice')[0]?.signal).to.include({ reason: 'no-answer' });
    expect(d.events('session-closed')[0]?.detail.reason).to.equal('no-answer');
  });
});

describe('session machine: accept, reject, hang-up', () => {
  it('prepares the answer while ringing and sends it when the callee accepts, with the callee userInfo', () => {
    const d = new MachineDriver({ self: 'bob', initiator: 'alice', opponents: ['bob'] }).call('alice');
    const answer = d.effects.find((e) => e.type === 'answer-offer');
    expect(answer).to.deep.equal({ type: 'answer-offer', userId: 'alice', offer: { type: 'offer', sdp: 'offer from alice' } });
    d.dispatch({ type: 'local-description', userId: 'alice', description: ANSWER });
    expect(d.sent).to.deep.equal([]);
    d.dispatch({ type: 'accept', userInfo: { name: 'Bob' } });
    expect(d.effects.filter((e) => e.type === 'answer-offer' || e.type === 'create-peer')).to.have.length(2);
    expect(d.sentOf('accept', 'alice')[0]?.signal).to.deep.equal({ type: 'accept', sdp: ANSWER, userInfo: { name: 'Bob' } });
    expect(d.state.session).to.equal('connecting');
    d.dispatch({ type: 'peer-state', userId: 'alice', state: 'connected' });
    expect(d.state.session).to.equal('connected');
    expect(d.timers.size).to.equal(0);
  });

  it('re-sends its accept when the caller is still dialing (the first accept was lost)', () => {
    const d = new MachineDriver({ self: 'bob', initiator: 'alice', opponents: ['bob'] }).call('alice');
    d.dispatch({ type: 'accept' }).dispatch({ type: 'local-description', userId: 'alice', description: ANSWER });
    d.call('alice');
    const accepts = d.sentOf('accept', 'alice');
    expect(accepts).to.have.length(2);
    expect(accepts[1]?.signal).to.deep.equal(accepts[0]?.signal);
    expect(d.effects.filter((e) => e.type === 'answer-offer')).to.have.length(1);
  });

  it('rejects: tells every participant and closes without media', () => {
    const d = new MachineDriver({ self: 'bob', initiator: 'alice', opponents: ['bob', 'carol'] }).call('alice');
    d.dispatch({ type: 'reject', userInfo: { why: 'busy day' } });
    expect(
      d
        .sentOf('reject')
        .map((s) => s.to)
        .sort(),
    ).to.deep.equal(['alice', 'carol']);
    expect(d.sentOf('reject')[0]?.signal).to.deep.include({ userInfo: { why: 'busy day' } });
    expect(d.state.session).to.equal('closed');
    expect(d.events('session-closed')[0]?.detail.reason).to.equal('rejected');
  });

  it('hang-up on a ringing call is a reject', () => {
    const d = new MachineDriver({ self: 'bob', initiator: 'alice', opponents: ['bob'] }).call('alice');
    d.dispatch({ type: 'hang-up' });
    expect(d.sentOf('reject', 'alice')).to.have.length(1);
    expect(d.sentOf('hangUp')).to.have.length(0);
  });

  it('hang-up by the caller reaches the callee, and by the callee reaches the caller', () => {
    const caller = new MachineDriver({ self: 'alice', initiator: 'alice', opponents: ['bob'] }).startCall();
    caller.signal('bob', { type: 'accept', sdp: ANSWER }).dispatch({ type: 'peer-state', userId: 'bob', state: 'connected' });
    caller.signal('bob', { type: 'hangUp', reason: 'hang-up', userInfo: { by: 'bob' } });
    expect(caller.events('hung-up')[0]?.detail).to.deep.equal({ userId: 'bob', userInfo: { by: 'bob' }, reason: 'hang-up' });
    expect(caller.state.session).to.equal('closed');

    const callee = new MachineDriver({ self: 'bob', initiator: 'alice', opponents: ['bob'] }).call('alice');
    callee.dispatch({ type: 'accept' }).dispatch({ type: 'peer-state', userId: 'alice', state: 'connected' });
    callee.signal('alice', { type: 'hangUp' });
    expect(callee.peerState('alice')).to.equal('hang-up');
    expect(callee.state.session).to.equal('closed');
    expect(callee.effects.filter((e) => e.type === 'close-peer').map((e) => e.type === 'close-peer' && e.userId)).to.deep.equal(['alice']);
  });

  it('an ended call that is hung up locally sends nothing to peers that already left', () => {
    const d = new MachineDriver({ self: 'alice', initiator: 'alice', opponents: ['bob', 'carol'] }).startCall();
    d.signal('bob', { type: 'reject' });
    d.dispatch({ type: 'hang-up', userInfo: { bye: '1' } });
    expect(d.sentOf('hangUp').map((s) => s.to)).to.deep.equal(['carol']);
  });
});

describe('session machine: group session lifetime', () => {
  it('closes only when every peer has ended', () => {
    const d = new MachineDriver({ self: 'alice', initiator: 'alice', opponents: ['bob', 'carol', 'dave'] }).startCall();
    for (const id of ['bob', 'carol', 'dave']) {
      d.signal(id, { type: 'accept', sdp: ANSWER }).dispatch({ type: 'peer-state', userId: id, state: 'connected' });
    }
    d.signal('bob', { type: 'hangUp' });
    d.signal('carol', { type: 'hangUp' });
    expect(d.state.session).to.equal('connected');
    expect(d.events('session-closed')).to.have.length(0);
    d.signal('dave', { type: 'hangUp' });
    expect(d.state.session).to.equal('closed');
    expect(d.events('session-closed')).to.have.length(1);
    expect(d.effects.filter((e) => e.type === 'stop-media')).to.have.length(1);
  });

  it('a ringing callee stops ringing when the caller hangs up before anyone answered', () => {
    const d = new MachineDriver({ self: 'bob', initiator: 'alice', opponents: ['bob', 'carol'] }).call('alice');
    d.signal('alice', { type: 'hangUp' });
    expect(d.state.session).to.equal('closed');
  });
});

describe('session machine: mesh rule', () => {
  it('gives every pair exactly one offerer', () => {
    const everyone = ['alice', 'bob', 'carol', 'dave'];
    for (const a of everyone) {
      for (const b of everyone) {
        if (a === b) continue;
        expect(isOffererFor(a, b, 'carol') !== isOffererFor(b, a, 'carol'), `${a}/${b}`).to.equal(true);
      }
    }
    expect(isOffererFor('carol', 'dave', 'carol')).to.equal(true);
    expect(isOffererFor('dave', 'bob', 'alice')).to.equal(true);
    expect(isOffererFor('bob', 'dave', 'alice')).to.equal(false);
  });

  it('a callee that accepts answers the initiator and offers to lower callees; a ringing one keeps offers until it accepts', () => {
    // dave accepts alice's call: he answers alice, offers to bob and carol.
    const dave = new MachineDriver({ self: 'dave', initiator: 'alice', opponents: ['bob', 'carol', 'dave'] }).call('alice');
    dave.dispatch({ type: 'accept' });
    const created = dave.effects.filter((e) => e.type === 'create-peer');
    expect(created).to.deep.equal([
      { type: 'create-peer', userId: 'alice', offerer: false },
      { type: 'create-peer', userId: 'bob', offerer: true },
      { type: 'create-peer', userId: 'carol', offerer: true },
    ]);

    // carol is still ringing when dave's call arrives: she prepares both answers and sends them on accept.
    const carol = new MachineDriver({ self: 'carol', initiator: 'alice', opponents: ['bob', 'carol', 'dave'] }).call('alice');
    carol.call('dave');
    expect(carol.effects.filter((e) => e.type === 'answer-offer').map((e) => e.type === 'answer-offer' && e.userId)).to.deep.equal(['alice', 'dave']);
    expect(carol.peerState('dave')).to.equal('pending');
    carol.dispatch({ type: 'local-description', userId: 'dave', description: ANSWER });
    expect(carol.sent.filter((s) => s.signal.type !== 'hangUp')).to.deep.equal([]);
    carol.dispatch({ type: 'accept' });
    expect(carol.sentOf('accept', 'dave')).to.have.length(1);
    expect(carol.effects.filter((e) => e.type === 'answer-offer')).to.have.length(2);
    expect(carol.effects.filter((e) => e.type === 'create-peer' && e.offerer).map((e) => e.type === 'create-peer' && e.userId)).to.deep.equal(['bob']);

    // bob already accepted when carol's call arrives: he answers at once.
    const bob = new MachineDriver({ self: 'bob', initiator: 'alice', opponents: ['bob', 'carol', 'dave'] }).call('alice');
    bob.dispatch({ type: 'accept' });
    expect(bob.effects.filter((e) => e.type === 'create-peer' && e.offerer)).to.have.length(0);
    bob.call('carol');
    expect(bob.effects.filter((e) => e.type === 'answer-offer').map((e) => e.type === 'answer-offer' && e.userId)).to.deep.equal(['alice', 'carol']);
  });

  it('ignores a call from a peer this side is supposed to offer to', () => {
    const d = new MachineDriver({ self: 'dave', initiator: 'alice', opponents: ['bob', 'dave'] }).call('alice');
    d.call('bob');
    expect(d.peerState('bob')).to.equal('new');
    expect(d.effects.some((e) => e.type === 'log' && e.level === 'warn')).to.equal(true);
  });
});

describe('session machine: network faults', () => {
  const connected = () => {
    const d = new MachineDriver({ self: 'alice', initiator: 'alice', opponents: ['bob'] }).startCall();
    return d.signal('bob', { type: 'accept', sdp: ANSWER }).dispatch({ type: 'peer-state', userId: 'bob', state: 'connected' });
  };

  it('restarts ICE 2 s after a disconnect and recovers without closing', () => {
    const d = connected().dispatch({ type: 'peer-state', userId: 'bob', state: 'disconnected' });
    expect(d.events('disconnected')).to.have.length(1);
    d.advance(2);
    expect(d.effects.filter((e) => e.type === 'restart-ice')).to.have.length(1);
    d.dispatch({ type: 'peer-state', userId: 'bob', state: 'connected' });
    d.advance(60);
    expect(d.peerState('bob')).to.equal('connected');
    expect(d.timers.size).to.equal(0);
  });

  it('ends a peer that stays disconnected with disconnect-timeout', () => {
    const d = connected().dispatch({ type: 'peer-state', userId: 'bob', state: 'disconnected' });
    d.advance(30);
    expect(d.peerState('bob')).to.equal('disconnect-timeout');
    expect(d.state.session).to.equal('closed');
    expect(d.events('session-closed')[0]?.detail.reason).to.equal('disconnect-timeout');
  });

  it('retries ICE once on an initial failure, then reports connection-failed', () => {
    const d = new MachineDriver({ self: 'alice', initiator: 'alice', opponents: ['bob'] }).startCall();
    d.signal('bob', { type: 'accept', sdp: ANSWER }).dispatch({ type: 'peer-state', userId: 'bob', state: 'failed' });
    expect(d.peerState('bob')).to.equal('connecting');
    expect(d.effects.filter((e) => e.type === 'restart-ice')).to.have.length(1);
    d.dispatch({ type: 'peer-state', userId: 'bob', state: 'failed' });
    expect(d.peerState('bob')).to.equal('failed');
    expect(d.events('connection-failed')).to.have.length(1);
    expect(d.sentOf('hangUp', 'bob')[0]?.signal).to.include({ reason: 'failed' });
  });
});

describe('session machine: stale input changes nothing', () => {
  it('ignores a timer that is no longer running', () => {
    const d = new MachineDriver({ self: 'alice', initiator: 'alice', opponents: ['bob'] }).startCall();
    d.signal('bob', { type: 'accept', sdp: ANSWER });
    const before = d.state;
    const step = transition(before, { type: 'timer', id: { kind: 'answer', userId: 'bob' } });
    expect(step.state).to.equal(before);
    expect(step.effects.map((e) => e.type)).to.deep.equal(['log']);
  });

  it('ignores every late message and timer for a closed session', () => {
    const d = new MachineDriver({ self: 'alice', initiator: 'alice', opponents: ['bob'] }).startCall();
    d.dispatch({ type: 'hang-up' });
    const closed = d.state;
    const late = [
      { type: 'timer', id: { kind: 'dial' } },
      { type: 'start' },
      { type: 'accept' },
      { type: 'peer-state', userId: 'bob', state: 'connected' },
      { type: 'local-description', userId: 'bob', description: OFFER },
    ] as const;
    for (const event of late) {
      const step = transition(closed, event);
      expect(step.state).to.equal(closed);
      expect(step.effects.every((e) => e.type === 'log')).to.equal(true);
    }
    d.signal('bob', { type: 'accept', sdp: ANSWER }).signal('bob', { type: 'hangUp' });
    expect(d.state).to.equal(closed);
  });

  it('ignores messages from a peer whose connection already ended', () => {
    const d = new MachineDriver({ self: 'alice', initiator: 'alice', opponents: ['bob', 'carol'] }).startCall();
    d.signal('bob', { type: 'reject' });
    const before = d.state;
    d.signal('bob', { type: 'accept', sdp: ANSWER });
    expect(d.state).to.equal(before);
    expect(d.peerState('bob')).to.equal('rejected');
  });

  it('ignores messages from users outside the session', () => {
    const d = new MachineDriver({ self: 'alice', initiator: 'alice', opponents: ['bob'] }).startCall();
    const before = d.state;
    d.signal('mallory', { type: 'hangUp' });
    expect(d.state).to.equal(before);
  });
});

describe('session machine: connections that never come up', () => {
  it('fails a peer stuck in connecting after disconnectTimeInterval instead of hanging', () => {
    const d = new MachineDriver({ self: 'alice', initiator: 'alice', opponents: ['bob'] }).startCall();
    d.signal('bob', { type: 'accept', sdp: ANSWER });
    d.dispatch({ type: 'peer-state', userId: 'bob', state: 'checking' });
    d.advance(29);
    expect(d.peerState('bob')).to.equal('checking');
    d.advance(1);
    expect(d.peerState('bob')).to.equal('failed');
    expect(d.events('connection-failed')).to.have.length(1);
    expect(d.state.session).to.equal('closed');
    expect(d.timers.size).to.equal(0);
  });

  it('does not fail a peer that connected in time', () => {
    const d = new MachineDriver({ self: 'bob', initiator: 'alice', opponents: ['bob'] }).call('alice');
    d.dispatch({ type: 'accept' }).advance(10).dispatch({ type: 'peer-state', userId: 'alice', state: 'connected' }).advance(60);
    expect(d.peerState('alice')).to.equal('connected');
    expect(d.timers.size).to.equal(0);
  });
});

describe('session machine: the other side noticed the failure first', () => {
  it('a hangUp with reason failed or disconnect-timeout ends the peer in that state, not as a hang-up', () => {
    const d = new MachineDriver({ self: 'alice', initiator: 'alice', opponents: ['bob', 'carol'] }).startCall();
    d.signal('bob', { type: 'accept', sdp: ANSWER }).signal('carol', { type: 'accept', sdp: ANSWER });
    d.signal('bob', { type: 'hangUp', reason: 'failed' });
    d.dispatch({ type: 'peer-state', userId: 'carol', state: 'connected' }).signal('carol', { type: 'hangUp', reason: 'disconnect-timeout' });
    expect([d.peerState('bob'), d.peerState('carol')]).to.deep.equal(['failed', 'disconnect-timeout']);
    expect(d.events('connection-failed').map((e) => e.detail.userId)).to.deep.equal(['bob']);
    expect(d.events('hung-up')).to.have.length(0);
  });
});

describe('session machine: conference mode (endsWithInitiator, final failures)', () => {
  /** Bob, a callee of Alice's call with Carol, has accepted and is connected to both. */
  function connectedCallee(endsWithInitiator: boolean) {
    const d = new MachineDriver({ self: 'bob', initiator: 'alice', opponents: ['bob', 'carol'], endsWithInitiator });
    d.call('alice').dispatch({ type: 'accept' });
    d.dispatch({ type: 'local-description', userId: 'alice', description: ANSWER });
    d.dispatch({ type: 'peer-state', userId: 'alice', state: 'connected' });
    return d;
  }

  it("the caller's hang-up closes a conference call here, though another callee is still in it", () => {
    const d = connectedCallee(true);
    d.signal('alice', { type: 'hangUp' });
    expect(d.peerState('alice')).to.equal('hang-up');
    expect(d.events('hung-up')[0]?.detail.userId).to.equal('alice');
    expect(d.state.session).to.equal('closed');
    expect(d.timers.size).to.equal(0);
  });

  it('in a mesh the same hang-up leaves the call going with the other callee', () => {
    const d = connectedCallee(false);
    d.signal('alice', { type: 'hangUp' });
    expect(d.peerState('alice')).to.equal('hang-up');
    expect(d.state.session).not.to.equal('closed');
  });

  it('a final failure ends the peer failed at once, with no ICE restart', () => {
    const d = connectedCallee(true);
    d.dispatch({ type: 'peer-state', userId: 'alice', state: 'failed', final: true });
    expect(d.peerState('alice')).to.equal('failed');
    expect(d.effects.some((e) => e.type === 'restart-ice')).to.equal(false);
    expect(d.sentOf('hangUp', 'alice')[0]?.signal).to.deep.include({ reason: 'failed' });
  });
});

describe('session machine: callbacks when a call ends come in the seed order', () => {
  // The seed: hungUpByUser / rejectedByUser / userDidNotRespond first (with userInfo), then
  // disconnectedFromUser, then connectionClosedForUser; the session closes after its last peer.
  const END = ['hung-up', 'rejected', 'user-not-answered', 'connection-failed', 'disconnected', 'connection-closed', 'session-closed'];
  const ends = (d: MachineDriver) => {
    const seen = d.emitted.filter((e) => END.includes(e.event)).map((e) => ('userId' in e.detail ? `${e.event}:${e.detail.userId}` : e.event));
    d.emitted = [];
    return seen;
  };
  const connectedCall = (opponents = ['bob']) => {
    const d = new MachineDriver({ self: 'alice', initiator: 'alice', opponents }).startCall();
    for (const id of opponents) d.signal(id, { type: 'accept', sdp: ANSWER }).dispatch({ type: 'peer-state', userId: id, state: 'connected' });
    d.emitted = [];
    return d;
  };
  const ringing = () => new MachineDriver({ self: 'bob', initiator: 'alice', opponents: ['bob'] }).call('alice');

  it('remote hang-up: hung-up with userInfo, disconnected, connection-closed, session-closed', () => {
    const d = connectedCall().signal('bob', { type: 'hangUp', userInfo: { why: 'bye' } });
    expect(d.events('hung-up')[0]?.detail).to.deep.equal({ userId: 'bob', userInfo: { why: 'bye' } });
    expect(ends(d)).to.deep.equal(['hung-up:bob', 'disconnected:bob', 'connection-closed:bob', 'session-closed']);
  });

  it('local hang-up: this side gets disconnected and connection-closed for each peer (hung-up is what the others get)', () => {
    const d = connectedCall(['bob', 'carol']).dispatch({ type: 'hang-up', userInfo: { why: 'bye' } });
    expect(ends(d)).to.deep.equal(['disconnected:bob', 'connection-closed:bob', 'disconnected:carol', 'connection-closed:carol', 'session-closed']);
    expect(d.sentOf('hangUp').map((s) => s.signal.type === 'hangUp' && s.signal.userInfo)).to.deep.equal([{ why: 'bye' }, { why: 'bye' }]);
  });

  it('reject: the caller gets rejected with userInfo first; the callee that rejects gets disconnected and connection-closed', () => {
    const caller = new MachineDriver({ self: 'alice', initiator: 'alice', opponents: ['bob'] }).startCall();
    caller.emitted = [];
    caller.signal('bob', { type: 'reject', userInfo: { why: 'busy' } });
    expect(caller.events('rejected')[0]?.detail.userInfo).to.deep.equal({ why: 'busy' });
    expect(ends(caller)).to.deep.equal(['rejected:bob', 'disconnected:bob', 'connection-closed:bob', 'session-closed']);

    const callee = ringing();
    callee.emitted = [];
    callee.dispatch({ type: 'reject' });
    expect(ends(callee)).to.deep.equal(['disconnected:alice', 'connection-closed:alice', 'session-closed']);
  });

  it('no answer: user-not-answered, disconnected, connection-closed, session-closed; the ringing side just closes', () => {
    const caller = new MachineDriver({ self: 'alice', initiator: 'alice', opponents: ['bob'], answer: 10 }).startCall();
    caller.emitted = [];
    caller.advance(10);
    expect(ends(caller)).to.deep.equal(['user-not-answered:bob', 'disconnected:bob', 'connection-closed:bob', 'session-closed']);

    const callee = new MachineDriver({ self: 'bob', initiator: 'alice', opponents: ['bob'], answer: 10 }).call('alice');
    callee.emitted = [];
    callee.advance(10);
    expect(ends(callee)).to.deep.equal(['disconnected:alice', 'connection-closed:alice', 'session-closed']);
    // The caller hears it as a no-answer too, in the same order.
    const told = new MachineDriver({ self: 'alice', initiator: 'alice', opponents: ['bob'] }).startCall();
    told.emitted = [];
    told.signal('bob', { type: 'hangUp', reason: 'no-answer' });
    expect(ends(told)).to.deep.equal(['user-not-answered:bob', 'disconnected:bob', 'connection-closed:bob', 'session-closed']);
  });

  it('disconnect timeout: disconnected when the network drops, and again right before connection-closed', () => {
    const d = connectedCall().dispatch({ type: 'peer-state', userId: 'bob', state: 'disconnected' });
    expect(ends(d)).to.deep.equal(['disconnected:bob']);
    d.advance(30);
    expect(d.peerState('bob')).to.equal('disconnect-timeout');
    expect(ends(d)).to.deep.equal(['disconnected:bob', 'connection-closed:bob', 'session-closed']);
  });

  it('failed: connection-failed, disconnected, connection-closed, session-closed', () => {
    const d = new MachineDriver({ self: 'alice', initiator: 'alice', opponents: ['bob'] }).startCall();
    d.signal('bob', { type: 'accept', sdp: ANSWER }).dispatch({ type: 'peer-state', userId: 'bob', state: 'failed' });
    d.emitted = [];
    d.dispatch({ type: 'peer-state', userId: 'bob', state: 'failed' });
    expect(ends(d)).to.deep.equal(['connection-failed:bob', 'disconnected:bob', 'connection-closed:bob', 'session-closed']);
  });

  it('3-way group: each leaver gets hung-up, disconnected, connection-closed; session-closed only after the last', () => {
    const d = connectedCall(['bob', 'carol']);
    d.signal('bob', { type: 'hangUp', userInfo: { n: '1' } });
    expect(ends(d)).to.deep.equal(['hung-up:bob', 'disconnected:bob', 'connection-closed:bob']);
    expect(d.state.session).to.equal('connected');
    d.signal('carol', { type: 'hangUp', userInfo: { n: '2' } });
    expect(ends(d)).to.deep.equal(['hung-up:carol', 'disconnected:carol', 'connection-closed:carol', 'session-closed']);
  });
});

describe('session machine: prepare while ringing', () => {
  const CANDIDATE = { candidate: 'candidate:1 1 udp 1 10.0.0.1 5000 typ host', sdpMid: '0', sdpMLineIndex: 0 };

  it("'local': nothing leaves and no remote candidate is applied before accept; all of it at accept", () => {
    const d = new MachineDriver({ self: 'bob', initiator: 'alice', opponents: ['bob'] }).call('alice');
    d.signal('alice', { type: 'iceCandidates', candidates: [CANDIDATE] });
    d.dispatch({ type: 'local-description', userId: 'alice', description: ANSWER });
    expect(d.effects.filter((e) => e.type === 'add-candidates')).to.have.length(0);
    expect(d.sent).to.deep.equal([]);
    d.dispatch({ type: 'accept' });
    expect(d.sentOf('accept', 'alice')).to.have.length(1);
    expect(d.effects.filter((e) => e.type === 'add-candidates')).to.deep.equal([{ type: 'add-candidates', userId: 'alice', candidates: [CANDIDATE] }]);
  });

  it("'connect': the answer goes out as an update while ringing; a connection made then is held until accept", () => {
    const d = new MachineDriver({ self: 'bob', initiator: 'alice', opponents: ['bob'], prepare: 'connect' }).call('alice');
    d.signal('alice', { type: 'iceCandidates', candidates: [CANDIDATE] });
    expect(d.effects.filter((e) => e.type === 'add-candidates')).to.have.length(1);
    d.dispatch({ type: 'local-description', userId: 'alice', description: ANSWER });
    expect(d.sent.map((s) => s.signal)).to.deep.equal([{ type: 'update', sdp: ANSWER }]);
    d.dispatch({ type: 'peer-state', userId: 'alice', state: 'connected' });
    expect(d.state.session).to.equal('pending');
    expect(d.events('connected')).to.have.length(0);
    d.dispatch({ type: 'accept' });
    expect(d.sentOf('accept', 'alice')).to.have.length(1);
    expect(d.state.session).to.equal('connected');
  });

  it('the caller applies an early answer but stays dialing until accept; reject closes the prepared peer', () => {
    const d = new MachineDriver({ self: 'alice', initiator: 'alice', opponents: ['bob'] });
    d.dispatch({ type: 'start' }).dispatch({ type: 'local-description', userId: 'bob', description: OFFER });
    d.signal('bob', { type: 'update', sdp: ANSWER });
    expect(d.effects.filter((e) => e.type === 'apply-remote')).to.have.length(1);
    d.dispatch({ type: 'peer-state', userId: 'bob', state: 'connected' });
    expect(d.peerState('bob')).to.equal('pending');
    d.signal('bob', { type: 'accept', sdp: ANSWER });
    expect(d.peerState('bob')).to.equal('connected');

    const callee = new MachineDriver({ self: 'bob', initiator: 'alice', opponents: ['bob'] }).call('alice');
    callee.dispatch({ type: 'reject' });
    expect(callee.effects.filter((e) => e.type === 'close-peer')).to.deep.equal([{ type: 'close-peer', userId: 'alice' }]);
  });
});
