// Recording, the audio sink's no-op case and the background-call notification on one real
// call. The audio sink's samples: media-audio-sink.test.ts.
import { expect } from '@open-wc/testing';
import { CallError } from '../../src/errors.js';
import { notifyIncomingCall, requestNotificationPermission } from '../../src/incoming-call-notification.js';
import type { CallRecorder } from '../../src/media/recorder.js';
import { connectClient, useConnectedCall, uid, waitForEvent, waitForState, waitUntil } from '../helpers/call-harness.js';

/** Loads a recording into a <video> the way an app would play it back. */
async function loadRecording(blob: Blob): Promise<HTMLVideoElement> {
  const video = document.createElement('video');
  video.muted = true;
  const url = URL.createObjectURL(blob);
  const loaded = new Promise<void>((resolve, reject) => {
    video.addEventListener('loadedmetadata', () => resolve(), { once: true });
    video.addEventListener('error', () => reject(new Error(`the recording does not load: ${video.error?.message}`)), { once: true });
  });
  video.src = url;
  try {
    await loaded;
  } finally {
    URL.revokeObjectURL(url);
  }
  return video;
}

/** Waits until the recorder has written at least two chunks (about two seconds of call). */
async function recordSome(recorder: CallRecorder): Promise<void> {
  await waitUntil(() => recorder.bytesRecorded > 0, 'the recorder wrote data');
  const first = recorder.bytesRecorded;
  await waitUntil(() => recorder.bytesRecorded > first, 'the recorder wrote a second chunk');
}

describe('media: recording on a live call', () => {
  const live = useConnectedCall();

  it('composed recording (remote + local picture-in-picture, mixed audio) gives a playable file of the chosen size', async () => {
    const recorder = await live.caller.startRecording({ width: 480, height: 360 });
    expect(recorder.composed).to.equal(true);
    expect(recorder.state).to.equal('recording');
    await recordSome(recorder);
    const blob = await recorder.stop();
    expect(recorder.state).to.equal('stopped');
    expect(blob.size).to.be.greaterThan(0);
    expect(blob.type).to.match(/^video\/webm/);
    const video = await loadRecording(blob);
    expect(video.videoWidth).to.equal(480);
    expect(video.videoHeight).to.equal(360);
    expect(await recorder.stop()).to.equal(blob); // stop() again: the same file
  });

  it('plain recording of the remote stream is playable too', async () => {
    const recorder = await live.callee.startRecording({ composed: false, userId: live.aliceId });
    await recordSome(recorder);
    const video = await loadRecording(await recorder.stop());
    expect(video.videoWidth).to.be.greaterThan(0);
  });

  it('bad recording requests reject with CallErrors: an unknown user, an unsupported type', async () => {
    const unknown = await live.caller.startRecording({ userId: 'nobody' }).catch((e: unknown) => e);
    expect(unknown).to.be.instanceOf(CallError);
    expect((unknown as CallError).code).to.equal('invalid-argument');
    const unsupported = await live.caller.startRecording({ mimeType: 'video/x-nonsense' }).catch((e: unknown) => e);
    expect(unsupported).to.be.instanceOf(CallError);
    expect((unsupported as CallError).message).to.match(/cannot record/);
  });

  it('an audio sink for someone not in the call is a logged no-op', () => {
    let called = false;
    const unsubscribe = live.callee.addAudioSink('nobody', () => (called = true));
    unsubscribe();
    expect(called).to.equal(false);
  });

  it('incoming-call notification: only for a hidden page with permission; never throws', async () => {
    const permission = await requestNotificationPermission();
    expect(['granted', 'denied', 'default', 'unsupported']).to.include(permission);
    // This page is visible, so nothing is shown (a ringing session is needed anyway).
    expect(document.visibilityState).to.equal('visible');
    expect(notifyIncomingCall({ session: live.callee, from: live.aliceId })).to.equal(undefined);
  });

  it('recording is 1:1 only, and a recording stops by itself (with its file) when the call ends', async () => {
    const carol = await connectClient(uid('carol'));
    const group = carol.createSession([uid('dave'), uid('erin')]);
    const notOneToOne = await group.startRecording().catch((e: unknown) => e);
    expect(notOneToOne).to.be.instanceOf(CallError);
    expect((notOneToOne as CallError).message).to.match(/1:1/);

    const recorder = await live.caller.startRecording();
    await waitUntil(() => recorder.bytesRecorded > 0, 'the recorder wrote data');
    const stopped = waitForEvent<{ blob: Blob }>(recorder, 'stop');
    live.caller.hangUp();
    const { blob } = await stopped;
    expect(recorder.state).to.equal('stopped');
    expect(blob.size).to.be.greaterThan(0);
    expect(await recorder.stop()).to.equal(blob);
    await waitForState(live.callee, 'closed');
    expect(await live.caller.startRecording().catch((e: unknown) => e)).to.be.instanceOf(CallError);
  });
});
