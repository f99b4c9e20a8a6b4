// DeferredBackend: conference mode's backend loads when the session is made; what the session
// asks of it meanwhile runs in order once it has, a session that ends first makes nothing, and a
// failed load ends each user `failed` (the session turns that into a CallError).
import { expect } from '@open-wc/testing';
import { DeferredBackend } from '../../src/backends/deferred-backend.js';
import type { MediaBackend } from '../../src/backends/media-backend.js';

function recordingBackend(calls: string[]): MediaBackend {
  const stream = new MediaStream();
  return {
    open: (userId) => calls.push(`open ${userId}`),
    answer: (userId) => calls.push(`answer ${userId}`),
    applyRemote: (userId) => calls.push(`applyRemote ${userId}`),
    addCandidates: (userId) => calls.push(`addCandidates ${userId}`),
    restartIce: (userId) => calls.push(`restartIce ${userId}`),
    close: (userId) => calls.push(`close ${userId}`),
    closeAll: () => calls.push('closeAll'),
    remoteStream: () => stream,
    peerConnection: () => undefined,
    connections: () => new Map(),
    localOffer: () => ({ type: 'offer', sdp: 'sfu' }),
  };
}

const options = { offerer: true, localStream: undefined, receive: { audio: true, video: true } };

describe('DeferredBackend', () => {
  it('runs the calls made while it loads in order once it has, then directly; reads say nothing until then', async () => {
    const calls: string[] = [];
    let resolve!: (backend: MediaBackend) => void;
    const deferred = new DeferredBackend(() => new Promise((r) => (resolve = r)), { onError: () => calls.push('error') }, 'test');
    deferred.open('bob', options);
    deferred.addCandidates('bob', []);
    expect(deferred.remoteStream('bob')).to.equal(undefined);
    expect(deferred.localOffer('bob')).to.equal(undefined);
    expect(deferred.connections().size).to.equal(0);
    expect(calls).to.deep.equal([]);
    resolve(recordingBackend(calls));
    await new Promise((r) => setTimeout(r));
    expect(calls).to.deep.equal(['open bob', 'addCandidates bob']);
    deferred.restartIce('bob');
    deferred.closeAll();
    expect(calls).to.deep.equal(['open bob', 'addCandidates bob', 'restartIce bob', 'closeAll']);
    expect(deferred.remoteStream('bob')).to.be.instanceOf(MediaStream);
    expect(deferred.localOffer('bob')).to.deep.equal({ type: 'offer', sdp: 'sfu' });
  });

  it('closed before it loaded: nothing runs on it', async () => {
    const calls: string[] = [];
    const deferred = new DeferredBackend(() => Promise.resolve(recordingBackend(calls)), { onError: () => calls.push('error') }, 'test');
    deferred.open('bob', options);
    deferred.closeAll();
    await new Promise((r) => setTimeout(r));
    expect(calls).to.deep.equal([]);
  });

  it('a failed load ends every user opened, before or after it failed, as final', async () => {
    const errors: [string, unknown, string, boolean | undefined][] = [];
    const failure = new Error('chunk did not load');
    const deferred = new DeferredBackend(
      () => Promise.reject(failure),
      { onError: (userId, error, during, final) => errors.push([userId, error, during, final]) },
      'conference mode',
    );
    deferred.open('bob', options);
    await new Promise((r) => setTimeout(r));
    deferred.answer('carol', { type: 'offer', sdp: 'sfu' }, undefined);
    expect(errors).to.deep.equal([
      ['bob', failure, 'loading conference mode', true],
      ['carol', failure, 'loading conference mode', true],
    ]);
  });
});
