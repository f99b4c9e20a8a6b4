import { expect } from '@open-wc/testing';
import { LIMITS, isValidUserId, parseSignalMessage } from '../../src/signaling/protocol.js';
import type { SignalMessage, SignalType } from '../../src/signaling/protocol.js';

const base = { version: 1, sessionID: 'sess-1', callerID: 'alice', opponentsIDs: ['bob', 'carol'] } as const;
const SDP = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';
const SFU = { url: 'wss://sfu.example/janus', room: 4_503_599_627_370_495, pin: 'p'.repeat(24), secret: 's'.repeat(24) };

const VALID: { [T in SignalType]: Extract<SignalMessage, { type: T }> } = {
  call: {
    ...base,
    opponentsIDs: ['bob', 'carol'],
    type: 'call',
    callType: 'video',
    sdp: { type: 'offer', sdp: SDP },
    userInfo: { name: 'Alice', avatar: 'https://example.test/a.png' },
  },
  accept: { ...base, opponentsIDs: ['bob', 'carol'], type: 'accept', sdp: { type: 'answer', sdp: SDP } },
  reject: { ...base, opponentsIDs: ['bob', 'carol'], type: 'reject', reason: 'busy' },
  hangUp: { ...base, opponentsIDs: ['bob', 'carol'], type: 'hangUp' },
  iceCandidates: {
    ...base,
    opponentsIDs: ['bob', 'carol'],
    type: 'iceCandidates',
    candidates: [
      {
        candidate: 'candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host',
        sdpMid: '0',
        sdpMLineIndex: 0,
        usernameFragment: 'abcd',
      },
      { candidate: '', sdpMid: null, sdpMLineIndex: null, usernameFragment: null },
    ],
  },
  update: { ...base, opponentsIDs: ['bob', 'carol'], type: 'update', media: { audio: true, video: false, screen: true } },
};

/** A deep copy of a valid message of `type`, changed by `edit`. */
function variantOf<T extends SignalType>(type: T, edit: (m: Record<string, unknown>) => void): unknown {
  const message = structuredClone(VALID[type]) as unknown as Record<string, unknown>;
  edit(message);
  return message;
}

function withGetter(type: SignalType, key: string): unknown {
  const message = structuredClone(VALID[type]) as unknown as Record<string, unknown>;
  Object.defineProperty(message, key, {
    enumerable: true,
    get() {
      throw new Error('boom');
    },
  });
  return message;
}

function cyclicSdp(): unknown {
  const message = structuredClone(VALID.call) as unknown as Record<string, unknown>;
  message.sdp = message; // sdp.type is now "call"
  return message;
}

function cyclicUserInfo(): unknown {
  const info: Record<string, unknown> = { name: 'Alice' };
  info.self = info;
  return { ...VALID.call, userInfo: info };
}

function revokedProxy(): unknown {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

const INVALID: Array<[label: string, input: () => unknown, reason: string]> = [
  ['null', () => null, 'message: expected an object'],
  ['an array', () => [VALID.call], 'message: expected an object'],
  ['a number', () => 42, 'message: expected an object'],
  ['a string', () => JSON.stringify(VALID.call), 'message: expected an object'],
  ['undefined', () => undefined, 'message: expected an object'],
  ['wrong version', () => variantOf('call', (m) => (m.version = 2)), 'version: expected 1, got 2'],
  ['version as a string', () => variantOf('call', (m) => (m.version = '1')), 'version: expected 1'],
  ['missing version', () => variantOf('call', (m) => delete m.version), 'version: missing'],
  ['unknown type', () => variantOf('call', (m) => (m.type = 'ring')), 'type: expected one of "call"'],
  ['missing type', () => variantOf('call', (m) => delete m.type), 'type: missing'],
  ['missing sessionID', () => variantOf('hangUp', (m) => delete m.sessionID), 'sessionID: missing'],
  ['empty sessionID', () => variantOf('hangUp', (m) => (m.sessionID = '')), 'sessionID: invalid session id'],
  ['oversize sessionID', () => variantOf('hangUp', (m) => (m.sessionID = 's'.repeat(65))), 'sessionID: invalid session id'],
  ['sessionID with a slash', () => variantOf('hangUp', (m) => (m.sessionID = 'a/b')), 'sessionID: invalid session id'],
  ['missing callerID', () => variantOf('reject', (m) => delete m.callerID), 'callerID: missing'],
  ['callerID as a number', () => variantOf('reject', (m) => (m.callerID = 7)), 'callerID: expected string, got 7'],
  ['callerID with a space', () => variantOf('reject', (m) => (m.callerID = 'al ice')), 'callerID: invalid user id'],
  ['oversize callerID', () => variantOf('reject', (m) => (m.callerID = 'a'.repeat(65))), 'callerID: invalid user id'],
  ['missing opponentsIDs', () => variantOf('accept', (m) => delete m.opponentsIDs), 'opponentsIDs: missing'],
  ['opponentsIDs as a string', () => variantOf('accept', (m) => (m.opponentsIDs = 'bob')), 'opponentsIDs: expected Array'],
  ['no opponents', () => variantOf('accept', (m) => (m.opponentsIDs = [])), 'opponentsIDs: expected at least 1 opponent'],
  ['12 opponents', () => variantOf('accept', (m) => (m.opponentsIDs = 'bcdefghijklm'.split(''))), 'opponentsIDs: expected at most 11'],
  [
    'a mesh call to 4 opponents',
    () => variantOf('call', (m) => (m.opponentsIDs = ['b', 'c', 'd', 'e'])),
    'opponentsIDs: expected at most 3 opponents without sfu',
  ],
  ['an sfu room with an http URL', () => variantOf('call', (m) => (m.sfu = { ...SFU, url: 'https://sfu.example' })), 'sfu.url: expected a ws:// or wss:// URL'],
  ['an sfu room with a fractional ID', () => variantOf('call', (m) => (m.sfu = { ...SFU, room: 1.5 })), 'sfu.room: expected an integer'],
  ['an sfu room without a PIN', () => variantOf('call', (m) => (m.sfu = { ...SFU, pin: '' })), 'sfu.pin: empty'],
  ['duplicate opponents', () => variantOf('accept', (m) => (m.opponentsIDs = ['bob', 'carol', 'bob'])), 'opponentsIDs[2]: duplicate user id'],
  ['bad opponent id', () => variantOf('accept', (m) => (m.opponentsIDs = ['bob', 'carol', 'd<e>'])), 'opponentsIDs[2]: invalid user id'],
  ['opponent id null', () => variantOf('accept', (m) => (m.opponentsIDs = [null])), 'opponentsIDs[0]: expected string, got null'],
  ['caller among opponents', () => variantOf('accept', (m) => (m.opponentsIDs = ['bob', 'alice'])), 'opponentsIDs: must not contain callerID'],
  ['userInfo value not a string', () => variantOf('call', (m) => (m.userInfo = { age: 3 })), 'userInfo.age: expected string, got 3'],
  ['nested userInfo', () => variantOf('call', (m) => (m.userInfo = { who: { name: 'x' } })), 'userInfo.who: expected string, got Object'],
  ['userInfo as an array', () => variantOf('call', (m) => (m.userInfo = ['a'])), 'userInfo: expected an object'],
  [
    'too many userInfo keys',
    () => variantOf('call', (m) => (m.userInfo = Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, 'v'])))),
    'userInfo: more than 32 keys',
  ],
  ['oversize userInfo value', () => variantOf('call', (m) => (m.userInfo = { name: 'x'.repeat(1025) })), 'userInfo.name: longer than 1024'],
  ['oversize userInfo key', () => variantOf('call', (m) => (m.userInfo = { ['k'.repeat(65)]: 'v' })), 'key longer than 64'],
  ['call without callType', () => variantOf('call', (m) => delete m.callType), 'callType: missing'],
  ['call with unknown callType', () => variantOf('call', (m) => (m.callType = 'hologram')), 'callType: expected one of "video" | "audio"'],
  ['call without sdp', () => variantOf('call', (m) => delete m.sdp), 'sdp: missing'],
  ['call with an answer', () => variantOf('call', (m) => (m.sdp = { type: 'answer', sdp: SDP })), 'sdp.type: expected "offer"'],
  ['call with sdp as a string', () => variantOf('call', (m) => (m.sdp = SDP)), 'sdp: expected an object'],
  ['call with oversize SDP', () => variantOf('call', (m) => (m.sdp = { type: 'offer', sdp: 'a'.repeat(LIMITS.sdp + 1) })), 'sdp.sdp: longer than 48000'],
  ['call with empty SDP', () => variantOf('call', (m) => (m.sdp = { type: 'offer', sdp: '' })), 'sdp.sdp: empty SDP'],
  ['call with numeric SDP text', () => variantOf('call', (m) => (m.sdp = { type: 'offer', sdp: 1 })), 'sdp.sdp: expected string'],
  ['accept with an offer', () => variantOf('accept', (m) => (m.sdp = { type: 'offer', sdp: SDP })), 'sdp.type: expected "answer"'],
  ['reject with oversize reason', () => variantOf('reject', (m) => (m.reason = 'r'.repeat(257))), 'reason: longer than 256'],
  ['hangUp with numeric reason', () => variantOf('hangUp', (m) => (m.reason = 404)), 'reason: expected string'],
  ['iceCandidates without candidates', () => variantOf('iceCandidates', (m) => delete m.candidates), 'candidates: missing'],
  ['no candidates', () => variantOf('iceCandidates', (m) => (m.candidates = [])), 'candidates: expected at least 1 candidate'],
  [
    '65 candidates',
    () => variantOf('iceCandidates', (m) => (m.candidates = Array.from({ length: 65 }, () => ({ candidate: '' })))),
    'candidates: more than 64 candidates',
  ],
  ['candidate null', () => variantOf('iceCandidates', (m) => (m.candidates = [null])), 'candidates[0]: expected an object'],
  ['candidate text not a string', () => variantOf('iceCandidates', (m) => (m.candidates = [{ candidate: 5 }])), 'candidates[0].candidate: expected string'],
  [
    'oversize candidate',
    () => variantOf('iceCandidates', (m) => (m.candidates = [{ candidate: 'c'.repeat(1025) }])),
    'candidates[0].candidate: longer than 1024',
  ],
  [
    'negative sdpMLineIndex',
    () => variantOf('iceCandidates', (m) => (m.candidates = [{ candidate: '' }, { candidate: '', sdpMLineIndex: -1 }])),
    'candidates[1].sdpMLineIndex: expected 0 or more',
  ],
  [
    'fractional sdpMLineIndex',
    () => variantOf('iceCandidates', (m) => (m.candidates = [{ candidate: '', sdpMLineIndex: 0.5 }])),
    'candidates[0].sdpMLineIndex: expected an integer',
  ],
  ['numeric sdpMid', () => variantOf('iceCandidates', (m) => (m.candidates = [{ candidate: '', sdpMid: 0 }])), 'candidates[0].sdpMid: expected'],
  ['update with neither sdp nor media', () => variantOf('update', (m) => delete m.media), 'message: update needs sdp or media'],
  ['update media without screen', () => variantOf('update', (m) => (m.media = { audio: true, video: true })), 'media.screen: missing'],
  [
    'update media flag as a string',
    () => variantOf('update', (m) => (m.media = { audio: 'yes', video: true, screen: false })),
    'media.audio: expected boolean',
  ],
  ['update with a pranswer', () => variantOf('update', (m) => (m.sdp = { type: 'pranswer', sdp: SDP })), 'sdp.type: expected one of "offer" | "answer"'],
  ['a cyclic object (sdp is the message)', cyclicSdp, 'sdp.type: expected "offer"'],
  ['a cyclic userInfo', cyclicUserInfo, 'userInfo.self: expected string, got Object'],
  ['a getter that throws', () => withGetter('hangUp', 'sessionID'), 'sessionID: could not be read'],
  ['a getter that throws on an unknown key', () => withGetter('hangUp', 'extra'), 'extra: could not be read'],
  ['a revoked proxy', revokedProxy, 'message: could not be read'],
  [
    'a huge opponents array',
    () => variantOf('hangUp', (m) => (m.opponentsIDs = new Array<string>(1_000_000).fill('bob'))),
    'opponentsIDs: expected at most 11',
  ],
  ['a huge candidates array', () => variantOf('iceCandidates', (m) => (m.candidates = new Array(200_000).fill({ candidate: '' }))), 'candidates: more than 64'],
];

describe('parseSignalMessage', () => {
  for (const type of Object.keys(VALID) as SignalType[]) {
    it(`accepts a valid ${type}`, () => {
      const input = VALID[type];
      const result = parseSignalMessage(JSON.parse(JSON.stringify(input)));
      if (!result.ok) expect.fail(result.reason);
      expect(result.message).to.deep.equal(input);
      expect(result.message.type).to.equal(type);
    });
  }

  it('returns typed messages', () => {
    const result = parseSignalMessage(structuredClone(VALID.call));
    if (!result.ok || result.message.type !== 'call') throw new Error('expected a call');
    const callType: 'video' | 'audio' = result.message.callType; // narrowed by `type`, no casts
    const sdpType: 'offer' = result.message.sdp.type;
    expect([callType, sdpType]).to.deep.equal(['video', 'offer']);
  });

  it('accepts a conference-mode call to 11 opponents with its SFU room', () => {
    const call = { ...VALID.call, opponentsIDs: 'bcdefghijkl'.split(''), sdp: { type: 'offer', sdp: 'sfu' }, sfu: SFU };
    const result = parseSignalMessage(structuredClone(call));
    if (!result.ok) expect.fail(result.reason);
    expect(result.message).to.deep.equal(call);
  });

  it('accepts an update with only an ICE-restart sdp', () => {
    const update = { ...base, type: 'update', sdp: { type: 'offer', sdp: SDP } };
    expect(parseSignalMessage(update).ok).to.equal(true);
  });

  it(`has at least 30 invalid cases`, () => {
    expect(INVALID.length).to.be.at.least(30);
  });

  for (const [label, input, reason] of INVALID) {
    it(`rejects ${label}: "${reason}"`, () => {
      const result = parseSignalMessage(input());
      if (result.ok) expect.fail(`accepted ${label}`);
      expect(result.reason).to.contain(reason);
      expect(result.reason.length).to.be.below(160);
    });
  }

  it('keeps reasons short whatever the input', () => {
    const long = 'x'.repeat(100_000);
    for (const input of [
      { ...VALID.call, userInfo: { [long]: 'v' } },
      { ...VALID.call, callerID: long },
      { ...VALID.call, type: long },
      { ...VALID.call, version: long },
    ]) {
      const result = parseSignalMessage(input);
      if (result.ok) expect.fail('accepted');
      expect(result.reason.length, result.reason).to.be.below(160);
    }
  });

  it('never throws, whatever the input', () => {
    const hostile: unknown[] = [
      Symbol('s'),
      10n,
      () => 1,
      new Proxy(
        {},
        {
          ownKeys() {
            throw new Error('no keys');
          },
        },
      ),
      new Proxy([], {
        get() {
          throw new Error('no items');
        },
      }),
      Object.create(null),
      new Map([['type', 'call']]),
      new Date(),
      { ...VALID.iceCandidates, candidates: { length: 1e9 } },
    ];
    for (const input of hostile) {
      const result = parseSignalMessage(input);
      expect(result.ok).to.equal(false);
    }
  });

  it('strips unknown keys at every level', () => {
    const input = {
      ...VALID.iceCandidates,
      extra: { deep: [1, 2, 3] },
      candidates: [{ candidate: '', sdpMid: '0', foo: 'bar' }],
      userInfo: { name: 'Alice' },
    };
    const result = parseSignalMessage(input);
    if (!result.ok) expect.fail(result.reason);
    expect(result.message).to.not.have.property('extra');
    expect(result.message).to.deep.equal({ ...VALID.iceCandidates, candidates: [{ candidate: '', sdpMid: '0' }], userInfo: { name: 'Alice' } });
  });

  it('ignores __proto__ keys and never pollutes prototypes', () => {
    const json = JSON.stringify({ ...VALID.update, userInfo: { name: 'x' } })
      .replace('{', '{"__proto__":{"polluted":true},')
      .replace('"userInfo":{', '"userInfo":{"__proto__":"y","constructor":"z",');
    const result = parseSignalMessage(JSON.parse(json));
    if (!result.ok) expect.fail(result.reason);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    expect(Object.getPrototypeOf(result.message)).to.equal(Object.prototype);
    expect(Object.keys(result.message.userInfo ?? {})).to.deep.equal(['name']);
  });

  it('returns a copy that later changes to the input do not reach', () => {
    const input = structuredClone(VALID.call) as { sdp: { sdp: string } };
    const result = parseSignalMessage(input);
    input.sdp.sdp = 'changed';
    if (!result.ok || result.message.type !== 'call') throw new Error('expected a call');
    expect(result.message.sdp.sdp).to.equal(SDP);
  });
});

describe('isValidUserId', () => {
  it('accepts 1–64 characters of [A-Za-z0-9_.@:-]', () => {
    for (const id of ['a', 'alice', 'user_1.test@example.com', 'x:y-z', 'a'.repeat(64)]) expect(isValidUserId(id), id).to.equal(true);
  });

  it('rejects everything else', () => {
    for (const id of ['', 'a'.repeat(65), 'al ice', 'a/b', 'ä', 'a\n', 1, null, undefined, ['a']]) {
      expect(isValidUserId(id), String(id)).to.equal(false);
    }
  });
});
