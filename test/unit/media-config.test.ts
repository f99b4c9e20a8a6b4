// Media settings in CallConfig (ICE servers, relay policy, codecs, bitrates) and the codec
// ordering behind setCodecPreferences.
import { expect } from '@open-wc/testing';
import { resolveConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { orderCodecs } from '../../src/media/codec-preferences.js';

function resolve(input: Record<string, unknown>) {
  const warnings: string[] = [];
  const logger = createLogger('verbose', (severity, message) => {
    if (severity === 'warn') warnings.push(message);
  });
  return { config: resolveConfig(input as never, logger), warnings };
}

describe('config: media settings', () => {
  it('keeps STUN and TURN servers with credentials, drops malformed ones with a warning', () => {
    const turn = { urls: ['turn:127.0.0.1:3478?transport=udp', 'turns:turn.example.com:443'], username: 'u', credential: 'p' };
    const { config, warnings } = resolve({
      iceServers: [{ urls: 'stun:stun.example.com' }, turn, { urls: 'turn:nocreds.example.com' }, { urls: 'http://x' }, null, { urls: [] }],
      iceTransportPolicy: 'relay',
    });
    expect(config.iceServers).to.deep.equal([{ urls: 'stun:stun.example.com' }, turn]);
    expect(config.iceTransportPolicy).to.equal('relay');
    expect(warnings.filter((w) => w.includes('iceServers['))).to.have.length(4);
    expect(warnings.some((w) => w.includes('username and a credential'))).to.equal(true);
    // A kept server list is one RTCPeerConnection accepts.
    new RTCPeerConnection({ iceServers: config.iceServers, iceTransportPolicy: 'relay' }).close();
  });

  it('warns that relay-only without TURN can never connect', () => {
    const { warnings } = resolve({ iceServers: [{ urls: 'stun:stun.example.com' }], iceTransportPolicy: 'relay' });
    expect(warnings.some((w) => w.includes('can never connect'))).to.equal(true);
  });

  it('video codec, opus fallback for iSAC/iLBC, bitrates in kbps', () => {
    const ok = resolve({ videoCodec: 'VP9', maxVideoBitrate: 256, maxAudioBitrate: 50 });
    expect(ok.config).to.include({ videoCodec: 'VP9', maxVideoBitrate: 256, maxAudioBitrate: 50, audioCodec: 'opus' });
    expect(ok.warnings).to.deep.equal([]);
    const bad = resolve({ videoCodec: 'H265', audioCodec: 'iSAC', maxVideoBitrate: -1 });
    expect(bad.config).to.include({ videoCodec: undefined, audioCodec: 'opus', maxVideoBitrate: undefined });
    expect(bad.warnings).to.have.length(3);
  });
});

describe('codec preferences: ordering', () => {
  const codec = (mimeType: string, sdpFmtpLine?: string): RTCRtpCodec => ({ mimeType, clockRate: 90000, ...(sdpFmtpLine ? { sdpFmtpLine } : {}) });
  const list = [
    codec('video/VP8'),
    codec('video/rtx'),
    codec('video/VP9', 'profile-id=0'),
    codec('video/VP9', 'profile-id=2'),
    codec('video/H264', 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f'),
    codec('video/H264', 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f'),
    codec('video/H264', 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=4d001f'),
  ];

  it('puts the preferred codec first, best-ranked variant first, and keeps every codec', () => {
    const isVp9 = (c: RTCRtpCodec) => c.mimeType === 'video/VP9';
    const ordered = orderCodecs(list, [(c) => isVp9(c) && c.sdpFmtpLine === 'profile-id=0', isVp9])!;
    expect(ordered.map((c) => `${c.mimeType} ${c.sdpFmtpLine ?? ''}`.trim())).to.deep.equal([
      'video/VP9 profile-id=0',
      'video/VP9 profile-id=2',
      'video/VP8',
      'video/rtx',
      ...list.slice(4).map((c) => `video/H264 ${c.sdpFmtpLine}`),
    ]);
  });

  it('returns undefined when the browser lacks the codec (the default stays)', () => {
    expect(orderCodecs(list, [(c) => c.mimeType === 'video/AV1'])).to.equal(undefined);
  });
});
