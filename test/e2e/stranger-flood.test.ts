// Issue 11 item 2: answers a user did not choose cannot be turned against it. A stranger
// floods a user who is in a call with `call`s (distinct sessions, under the stranger's own
// relay rate limit); the user's automatic answers stay within a few per second, so the
// relay never throttles or closes the user's socket, and the call's own signaling (an
// unmute `update`, the hang-up) still gets through. Real relay, real Chromium.
import { expect } from '@open-wc/testing';
import type { CallSession } from '../../src/call-session.js';
import { PROTOCOL_VERSION, type SignalMessage, type WirePayload } from '../../src/signaling/protocol.js';
import { WebSocketTransport } from '../../src/signaling/websocket-transport.js';
import { connectedCall, disconnectAll, relayUrl, uid, waitForEvent, waitUntil } from '../helpers/call-harness.js';

afterEach(() => disconnectAll());

const FLOOD_PER_SECOND = 40;
const FLOOD_SECONDS = 15;

/** Victim mutes and un-mutes; returns the ms until the peer saw the un-mute `update`. */
async function unmuteDelivery(victim: CallSession, peer: CallSession, victimId: string): Promise<number> {
  const muted = waitForEvent<{ userId: string; media: { audio: boolean } }>(peer, 'remote-media-change', (d) => d.userId === victimId && !d.media.audio);
  victim.setAudioEnabled(false);
  await muted;
  const unmuted = waitForEvent<{ userId: string; media: { audio: boolean } }>(peer, 'remote-media-change', (d) => d.userId === victimId && d.media.audio);
  const t0 = performance.now();
  victim.setAudioEnabled(true);
  await unmuted;
  return performance.now() - t0;
}

/** Victim hangs up; returns the ms until the peer heard it. */
async function hangUpDelivery(victim: CallSession, peer: CallSession, victimId: string): Promise<number> {
  const heard = waitForEvent<{ userId: string }>(peer, 'hung-up', (d) => d.userId === victimId);
  const t0 = performance.now();
  victim.hangUp();
  await heard;
  return performance.now() - t0;
}

describe('a stranger flooding a user in a call (issue 11)', function () {
  this.timeout(120_000);

  it('never gets the victim throttled or closed; the call’s update and hang-up still arrive', async () => {
    // Without the flood: the figures to compare with.
    const quiet = await connectedCall();
    const quietUpdate = await unmuteDelivery(quiet.caller, quiet.callee, quiet.alice.userId);
    const quietHangUp = await hangUpDelivery(quiet.caller, quiet.callee, quiet.alice.userId);

    const { alice: victim, caller, callee } = await connectedCall();
    const statuses: string[] = [];
    const stopStatus = victim.transport.onStatus((status, detail) => statuses.push(`${status}${detail?.reason ? ` (${detail.reason})` : ''}`));
    const strangerId = uid('stranger');
    const stranger = new WebSocketTransport({ url: await relayUrl(), userId: strangerId });
    await stranger.connect();
    const answers: WirePayload[] = [];
    const stopAnswers = stranger.onMessage((_from, msg) => answers.push(msg as WirePayload));
    const relayNotices: string[] = [];
    let sent = 0;
    const floodStart = performance.now();
    const flood = setInterval(() => {
      const sessionID = `flood-${sent++}`;
      const call: SignalMessage = {
        version: PROTOCOL_VERSION,
        type: 'call',
        sessionID,
        callerID: strangerId,
        opponentsIDs: [victim.userId],
        callType: 'video',
        sdp: { type: 'offer', sdp: 'v=0\r\n' },
      };
      // Framed like a real client's reliable send, so the victim's acks are provoked too.
      stranger.send(victim.userId, { version: PROTOCOL_VERSION, type: 'frame', stream: sessionID, seq: 1, msg: call });
    }, 1000 / FLOOD_PER_SECOND);
    let floodUpdate: number;
    let floodHangUp: number;
    let floodSeconds = 0;
    try {
      // Measure late in the flood, when an unbounded victim would be throttled by now.
      await waitUntil(() => sent >= FLOOD_PER_SECOND * (FLOOD_SECONDS - 4), 'most of the flood is sent', 30_000);
      floodUpdate = await unmuteDelivery(caller, callee, victim.userId);
      floodHangUp = await hangUpDelivery(caller, callee, victim.userId);
      await waitUntil(() => sent >= FLOOD_PER_SECOND * FLOOD_SECONDS, 'the whole flood is sent', 30_000);
    } finally {
      clearInterval(flood);
      floodSeconds = (performance.now() - floodStart) / 1000;
      stopAnswers();
      stopStatus();
      stranger.close();
    }
    for (const line of victim.logs) if (/rate.limit/i.test(line.message)) relayNotices.push(line.message);

    console.log(
      `stranger flood (${sent} calls at ${FLOOD_PER_SECOND}/s): un-mute update reached the peer in ${quietUpdate.toFixed(0)} ms without, ` +
        `${floodUpdate.toFixed(0)} ms with the flood; hang-up in ${quietHangUp.toFixed(0)} ms without, ${floodHangUp.toFixed(0)} ms with; ` +
        `the victim answered the stranger ${answers.length} times`,
    );
    expect(relayNotices, 'the relay never rate-limited the victim').to.deep.equal([]);
    expect(statuses, 'the victim’s socket stayed open').to.deep.equal([]);
    const busy = answers.filter((m) => m.type === 'reject' && m.reason === 'busy');
    expect(busy.length, 'the stranger was still told "busy"').to.be.greaterThan(0);
    // A few answers per second at most (3/s after a burst of 5), not one or more per call.
    expect(answers.length).to.be.at.most(5 + 3 * Math.ceil(floodSeconds + 1));
    expect(callee.state).to.equal('closed');
  });
});

describe('the last frames of a call that ended', function () {
  this.timeout(60_000);

  it('are acked at once when they come from its own peer, beyond the strangers’ reply budget (no re-sends after back-to-back calls)', async () => {
    const { alice, bob, caller, callee } = await connectedCall();
    caller.hangUp();
    await waitUntil(() => callee.state === 'closed' && caller.state === 'closed', 'both sides closed');
    // Bob's side still has frames for the call in flight when Alice's side has closed it (an
    // update, candidates, a hang-up crossing hers): more of them than a stranger's budget allows.
    const late = 30;
    for (let i = 0; i < late; i++) {
      bob.transport.send(alice.userId, {
        version: PROTOCOL_VERSION,
        type: 'update',
        sessionID: callee.id,
        callerID: alice.userId,
        opponentsIDs: [bob.userId],
        media: { audio: i % 2 === 0, video: true, screen: false },
      });
    }
    // Budgeted (5 at once, then 3 a second, re-sends taking their share) the last would be acked after 8 s or more.
    await waitUntil(() => bob.transport.unacknowledged === 0, 'every late frame acked', 4_000);
  });
});
