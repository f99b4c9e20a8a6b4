// Stats on one real call: the `stats` event at the configured interval, the typed report,
// the seed's statsString lines, getStats(), active-speaker detection, and no timer left
// after hang-up.
import { expect } from '@open-wc/testing';
import type { CallSession } from '../../src/call-session.js';
import { ActiveSpeakerDetector } from '../../src/stats/active-speaker.js';
import { statsString, type StatsReport } from '../../src/stats/stats-report.js';
import { realClock, type Clock } from '../../src/timers.js';
import { connectClient, disconnectAll, nextIncoming, uid, waitForEvent, waitForRemoteVideo, waitForState, waitUntil } from '../helpers/call-harness.js';

/** The real clock, remembering which timers are still pending (to prove none is left). */
function countingClock(): Clock & { pending(ms: number): number } {
  const pending = new Map<number, number>();
  return {
    now: () => realClock.now(),
    setTimeout(callback, ms) {
      const handle = realClock.setTimeout(() => {
        pending.delete(handle);
        callback();
      }, ms);
      pending.set(handle, ms);
      return handle;
    },
    clearTimeout(handle) {
      pending.delete(handle);
      realClock.clearTimeout(handle);
    },
    pending: (ms) => [...pending.values()].filter((v) => v === ms).length,
  };
}

// An interval no other timer in the kit uses, so its pending timers are the poller's.
const INTERVAL_S = 1.3;

/**
 * Firefox (153) gives no encoder target bitrate, no available send bandwidth and no sent
 * audio level (its audio media-source stats carry only the track): the report leaves them
 * out and statsString prints `-` there (docs/media.md). Chromium gives all three.
 */
const FIREFOX = /Firefox\//.test(navigator.userAgent);
const chromiumOnly = (pattern: string) => (FIREFOX ? '-' : pattern);
/**
 * The far end's candidate type on this machine. Firefox, allowed loopback candidates for the
 * 127.0.0.1 TURN test (FIREFOX_PREFS), pairs over 127.0.0.1, which it does not signal, so the
 * other side learns that address from the checks: peer-reflexive (`prflx`).
 */
const REMOTE_TYPES = FIREFOX ? ['host', 'prflx'] : ['host'];

describe('media: stats on a live call', () => {
  let caller: CallSession;
  let callee: CallSession;
  let aliceId: string;
  let bobId: string;
  const clock = countingClock();
  const callerReports: StatsReport[] = [];
  const audios: HTMLAudioElement[] = [];
  /** The callee's `active-speaker` events, from the moment it answers. */
  const speakers: (string | undefined)[] = [];

  before(async () => {
    const alice = await connectClient(uid('alice'), { config: { statsInterval: INTERVAL_S }, clock });
    const bob = await connectClient(uid('bob'));
    aliceId = alice.userId;
    bobId = bob.userId;
    const incoming = nextIncoming(bob);
    caller = alice.createSession([bob.userId]);
    caller.addEventListener('stats', (e) => callerReports.push(e.detail.report));
    await caller.start();
    callee = await incoming;
    callee.addEventListener('active-speaker', (e) => speakers.push(e.detail.userId));
    await callee.accept();
    await Promise.all([waitForState(caller, 'connected'), waitForState(callee, 'connected')]);
    await Promise.all([waitForRemoteVideo(caller, [bobId]), waitForRemoteVideo(callee, [aliceId])]);
    // As a call UI does: remote audio plays (Chromium decodes it, and reports levels and
    // jitter-buffer stats, only while it plays somewhere).
    for (const stream of [caller.remoteStream(bobId)!, callee.remoteStream(aliceId)!]) {
      const audio = new Audio();
      audio.srcObject = stream;
      audios.push(audio);
      await audio.play();
    }
  });

  after(() => {
    caller?.hangUp();
    disconnectAll();
    for (const audio of audios) audio.srcObject = null;
  });

  it('emits `stats` per peer at the configured interval with a filled report', async () => {
    await waitUntil(() => callerReports.length >= 3, 'three stats reports');
    const [a, b, c] = callerReports.slice(-3) as [StatsReport, StatsReport, StatsReport];
    expect(caller.statsInterval).to.equal(INTERVAL_S);
    for (const report of [a, b, c]) expect(report.userId).to.equal(bobId);
    // Not faster than configured (and not stalled): generous bounds, not a speed test.
    for (const gap of [b.timestamp - a.timestamp, c.timestamp - b.timestamp]) {
      expect(gap).to.be.greaterThan(INTERVAL_S * 1000 * 0.9);
      expect(gap).to.be.lessThan(INTERVAL_S * 1000 * 4);
    }
    expect(c.connection).to.include({ localCandidateType: 'host', protocol: 'udp' });
    expect(REMOTE_TYPES).to.include(c.connection.remoteCandidateType);
    expect(c.connection.rttMs).to.be.a('number');
    expect(c.connection.receiveBitrateKbps).to.be.greaterThan(0);
    expect(c.videoSent).to.include({ codec: 'VP8' });
    expect(c.videoSent!.width).to.be.greaterThan(0);
    // The frames going into the encoder: Chromium reports the camera's own size; Firefox the
    // frames after its CPU adaptation (e.g. 480x360 from a 640x480 camera on a busy machine).
    const camera = caller.localStream!.getVideoTracks()[0]!.getSettings();
    const { inputWidth = 0, inputHeight = 0 } = c.videoSent!;
    if (FIREFOX) {
      expect(inputWidth).to.be.within(1, camera.width!);
      expect(inputWidth / inputHeight).to.be.closeTo(camera.width! / camera.height!, 0.05);
    } else {
      expect([inputWidth, inputHeight]).to.deep.equal([camera.width, camera.height]);
    }
    expect(c.videoSent!.inputFps).to.be.greaterThan(0);
    expect(c.videoSent!.bitrateKbps).to.be.greaterThan(0);
    expect(c.videoSent!.qpAverage).to.be.greaterThan(0);
    expect(c.videoReceived!.framesDecoded).to.be.greaterThan(0);
    expect(c.videoReceived!.width).to.be.greaterThan(0);
    expect(c.videoReceived!.bitrateKbps).to.be.greaterThan(0);
    expect(c.audioSent).to.include({ codec: 'opus' });
    expect(c.audioReceived).to.include({ codec: 'opus' });
    expect(c.audioReceived!.bitrateKbps).to.be.greaterThan(0);
    if (FIREFOX) {
      expect(c.videoSent!.targetBitrateKbps).to.equal(undefined);
      expect(c.connection.availableSendKbps).to.equal(undefined);
      expect(c.audioSent!.level).to.equal(undefined);
    } else {
      expect(c.videoSent!.targetBitrateKbps).to.be.greaterThan(0);
      expect(c.connection.availableSendKbps).to.be.greaterThan(0);
      expect(c.audioSent!.level).to.be.a('number');
    }
  });

  it('statsString has every line of the seed’s format, with live values', () => {
    const text = statsString(callerReports.at(-1)!);
    const lines = text.split('\n');
    expect(lines).to.have.length(8);
    // Bitrates as the seed prints them: 0bps, 827Kbps, 1.25Mbps.
    const bps = '\\d+(?:\\.\\d\\d)?[KM]?bps';
    const remote = REMOTE_TYPES.map((t) => (t === 'host' ? 'local' : t)).join('|');
    expect(lines[0]).to.match(new RegExp(`^CN \\d+ms \\| local->(${remote})/udp \\| \\(s\\)${bps} \\| \\(r\\)${bps}$`));
    const { inputWidth, inputHeight } = callerReports.at(-1)!.videoSent!;
    expect(lines[1]).to.match(new RegExp(`^VS \\(input\\) ${inputWidth}x${inputHeight}@\\d+fps \\| \\(sent\\) \\d+x\\d+@\\d+fps$`));
    const chromiumBps = chromiumOnly(bps);
    expect(lines[2]).to.match(new RegExp(`^VS \\(enc\\) ${bps}/${chromiumBps} \\| \\(sent\\) ${bps}/${chromiumBps} \\| \\d+ms \\| VP8$`));
    expect(lines[3]).to.match(/^AvgQP \(past \d+ encoded frames\) = \d+$/);
    // VR: received / the receiver's own estimate (none in Chromium: 0bps, as in the seed's example).
    expect(lines[4]).to.match(/^VR \(recv\) \d+x\d+@\d+fps \| \(decoded\)\d+ \| \(output\)\d+fps \| \d+(?:\.\d\d)?[KM]?bps\/\d+(?:\.\d\d)?[KM]?bps \| \d+ms$/);
    expect(lines[4]).to.contain('bps/0bps | ');
    expect(lines[5]).to.match(/^AS \d+(?:\.\d\d)?[KM]?bps \| opus$/);
    expect(lines[6]).to.match(/^AR \d+(?:\.\d\d)?[KM]?bps \| opus \| \d+ms \| \(expandrate\)\d\.\d{6}$/);
    expect(lines[7]).to.match(/^Packets lost: VS \d+ \| VR \d+ \| AS \d+ \| AR \d+$/);
    // As the seed: VS (sent) is the video alone on the wire (its payload and more, less than the whole connection, which carries audio too).
    const { videoSent, connection } = callerReports.at(-1)!;
    expect(videoSent!.transmitKbps).to.be.at.least(videoSent!.bitrateKbps!);
    expect(videoSent!.transmitKbps).to.be.lessThan(connection.sendBitrateKbps!);
  });

  it('statsString prints `-` for what a first report cannot know yet, keeping every line', () => {
    const text = statsString({ userId: 'x', timestamp: 0, connection: {} });
    expect(text.split('\n').map((l) => l.split(' ')[0])).to.deep.equal(['CN', 'VS', 'VS', 'AvgQP', 'VR', 'AS', 'AR', 'Packets']);
    expect(text).to.contain('CN - | -->-/- |');
  });

  it('getStats() returns one report per peer now; the setter re-times and turns stats off', async () => {
    const reports = await callee.getStats();
    expect([...reports.keys()]).to.deep.equal([aliceId]);
    expect(reports.get(aliceId)!.videoReceived!.framesDecoded).to.be.greaterThan(0);

    let calleeReports = 0;
    callee.addEventListener('stats', () => calleeReports++);
    callee.statsInterval = 0.5;
    await waitUntil(() => calleeReports >= 2, 'stats after setting statsInterval on the callee');
    callee.statsInterval = 0;
    expect(callee.statsInterval).to.equal(0);
  });

  it('active-speaker: the caller’s microphone makes them the active speaker at the callee; muting ends it', async () => {
    // Watched from the answer on: Firefox's fake microphone is a steady tone, so the caller
    // becomes the speaker once, early, and stays it (Chromium's beeps come and go).
    await waitUntil(() => speakers.at(-1) === aliceId, `the callee names the caller as the active speaker (events so far: ${JSON.stringify(speakers)})`);
    caller.setAudioEnabled(false);
    await waitUntil(() => speakers.at(-1) === undefined, 'the callee drops the muted caller');
    caller.setAudioEnabled(true);
    await waitUntil(() => speakers.at(-1) === aliceId, 'the caller speaks again after unmuting');
  });

  it('hang-up stops the poller: no stats timer is left and no report follows', async () => {
    // While a round's getStats is in flight no timer is pending (the next one is chained after it).
    await waitUntil(() => clock.pending(INTERVAL_S * 1000) === 1, 'the poller’s next round is scheduled');
    let after = 0;
    const closed = waitForEvent(caller, 'session-closed');
    caller.hangUp();
    await closed;
    caller.addEventListener('stats', () => after++);
    expect(clock.pending(INTERVAL_S * 1000)).to.equal(0);
    await waitForState(callee, 'closed');
    expect(after).to.equal(0);
  });
});

describe('media: active-speaker hysteresis', () => {
  const levels = (entries: Record<string, number>) => new Map(Object.entries(entries));

  it('needs a change to hold, and a margin to take the floor from the current speaker', () => {
    const detector = new ActiveSpeakerDetector({ holdReports: 2, margin: 1.5, threshold: 0.01, smoothing: 1 });
    expect(detector.update(levels({ a: 0.2, b: 0 }))).to.equal(false); // one report is not enough
    expect(detector.update(levels({ a: 0.2, b: 0 }))).to.equal(true);
    expect(detector.speaker).to.equal('a');
    // b slightly louder: not by the margin, a keeps the floor.
    for (let i = 0; i < 3; i++) expect(detector.update(levels({ a: 0.2, b: 0.25 }))).to.equal(false);
    // b clearly louder, twice in a row.
    expect(detector.update(levels({ a: 0.1, b: 0.3 }))).to.equal(false);
    expect(detector.update(levels({ a: 0.1, b: 0.3 }))).to.equal(true);
    expect(detector.speaker).to.equal('b');
    // A single quiet report does not end it; two do.
    expect(detector.update(levels({ a: 0, b: 0 }))).to.equal(false);
    expect(detector.update(levels({ a: 0, b: 0 }))).to.equal(true);
    expect(detector.speaker).to.equal(undefined);
  });

  it('a speaker who leaves the call is dropped at once', () => {
    const detector = new ActiveSpeakerDetector({ holdReports: 2, smoothing: 1 });
    detector.update(levels({ a: 0.3 }));
    detector.update(levels({ a: 0.3 }));
    expect(detector.speaker).to.equal('a');
    expect(detector.update(levels({ b: 0 }))).to.equal(true);
    expect(detector.speaker).to.equal(undefined);
  });
});
