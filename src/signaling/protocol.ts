/**
 * The signaling protocol (SPEC §3): message types with the seed's names, and the
 * validation every incoming message passes before the session machine sees it.
 *
 * The TypeScript interfaces below are the source of truth; the valibot schema at the end
 * of the file is checked against them at compile time (both directions).
 */
import * as v from 'valibot';
import { isRecord } from '../is-record.js';

export const PROTOCOL_VERSION = 1;

/** A session description as sent on the wire (what `RTCSessionDescriptionInit` holds). */
export interface WireDescription {
  type: 'offer' | 'answer';
  sdp: string;
}

/** A trickled ICE candidate as sent on the wire. */
export interface WireCandidate {
  candidate: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
  usernameFragment?: string | null;
}

/** Free-form data an app attaches to call/accept/reject/hang-up (the seed's `userInfo`): string values only. */
export type UserInfo = Record<string, string>;

export type CallType = 'video' | 'audio';

/** Media state a user announces to its peers with `update` (for mute badges). */
export interface MediaState {
  audio: boolean;
  video: boolean;
  screen: boolean;
}

interface BaseMessage {
  version: typeof PROTOCOL_VERSION;
  sessionID: string;
  /** The user who started the session (the initiator). */
  callerID: string;
  /** Everyone in the session except the initiator. */
  opponentsIDs: string[];
  userInfo?: UserInfo;
}

/**
 * Conference mode: the SFU room the session's media goes through. Made by the caller (random
 * ID, PIN and secret) and sent only inside the session's own signaling, in every `call`.
 */
export interface SfuRoom {
  /** The SFU's WebSocket URL (one of the callee's own `sfuUrl` list, or the call is declined). */
  url: string;
  room: number;
  /** Joining and subscribing need it. */
  pin: string;
  /** Destroys the room: the caller does when the session ends, the last one out otherwise. */
  secret: string;
}

/**
 * In conference mode media is negotiated with the SFU, not between users: `call` and
 * `accept` still go to every pair (ringing, accept, mute badges and hang-up work as in a mesh),
 * and their `sdp.sdp` is this literal.
 */
export const SFU_SDP = 'sfu';

export interface CallMessage extends BaseMessage {
  type: 'call';
  callType: CallType;
  sdp: WireDescription & { type: 'offer' };
  /** Present in conference mode (more than 3 opponents need it). */
  sfu?: SfuRoom;
}
export interface AcceptMessage extends BaseMessage {
  type: 'accept';
  sdp: WireDescription & { type: 'answer' };
}
export interface RejectMessage extends BaseMessage {
  type: 'reject';
  reason?: string;
}
export interface HangUpMessage extends BaseMessage {
  type: 'hangUp';
  reason?: string;
}
export interface IceCandidatesMessage extends BaseMessage {
  type: 'iceCandidates';
  candidates: WireCandidate[];
}
export interface UpdateMessage extends BaseMessage {
  type: 'update';
  /** A renegotiation or ICE-restart offer/answer. */
  sdp?: WireDescription;
  /** The sender's media state (mute, camera off, screen share). */
  media?: MediaState;
}

export type SignalMessage = CallMessage | AcceptMessage | RejectMessage | HangUpMessage | IceCandidatesMessage | UpdateMessage;

export type SignalType = SignalMessage['type'];

/**
 * Reliable-delivery envelopes (src/signaling/reliable-transport.ts): a `frame` carries one
 * message with a per-(sender, session) sequence number, an `ack` confirms one.
 */
export interface FrameEnvelope {
  version: typeof PROTOCOL_VERSION;
  type: 'frame';
  /** The stream: the session the message belongs to. */
  stream: string;
  seq: number;
  msg: SignalMessage;
}
export interface AckEnvelope {
  version: typeof PROTOCOL_VERSION;
  type: 'ack';
  stream: string;
  seq: number;
}

/** Anything a transport carries. */
export type WirePayload = SignalMessage | FrameEnvelope | AckEnvelope;

/** Size limits applied by validation; the relay caps whole frames at 64 KB. */
export const LIMITS = {
  userId: 64,
  sessionId: 64,
  sdp: 48_000,
  candidate: 1_024,
  candidatesPerMessage: 64,
  userInfoKeys: 32,
  userInfoKey: 64,
  userInfoValue: 1_024,
  reason: 256,
  /** Everyone but the caller: 11 in conference mode (12 people), 3 in a mesh (`meshOpponents`). */
  opponents: 11,
  meshOpponents: 3,
  sfuUrl: 2_048,
  sfuToken: 256,
  /** `sdpMid` and `usernameFragment` of a candidate (a ufrag is at most 256 characters, RFC 8839). */
  candidateField: 256,
} as const;

export type ParseResult = { ok: true; message: SignalMessage } | { ok: false; reason: string };

const ID_PATTERN = /^[A-Za-z0-9_.@:-]+$/;

/** A user ID as the protocol allows it: 1–64 characters from `[A-Za-z0-9_.@:-]`. */
export function isValidUserId(id: unknown): id is string {
  return typeof id === 'string' && id.length >= 1 && id.length <= LIMITS.userId && ID_PATTERN.test(id);
}

/** Validates an incoming message; never throws. `reason` says what was wrong (with the field path). */
export function parseSignalMessage(input: unknown): ParseResult {
  try {
    const copy = snapshot(input);
    if ('reason' in copy) return { ok: false, reason: copy.reason };
    const result = v.safeParse(signalMessageSchema, copy.value, { abortEarly: true });
    if (result.success) return { ok: true, message: result.output };
    const issue = result.issues[0];
    return { ok: false, reason: issue ? describeIssue(issue) : 'message: invalid' };
  } catch {
    return { ok: false, reason: 'message: could not be validated' };
  }
}

// ---------------------------------------------------------------------------------------
// Schema. Validation messages are written to follow the field path: `opponentsIDs[2]: invalid user id`.
// valibot is tree-shaken per function, and every call downloads the ones used here: numbers,
// patterns and key counts are checked with `v.check` (one function) rather than `integer`,
// `minValue`, `regex`, `maxEntries` and the like, and `version` is the outer variant's key
// rather than a `looseObject` step. The checks and their reasons are the same.

const objectSchema = () => v.custom<Record<string, unknown>>(isRecord, (issue) => `expected an object, got ${describeValue(issue.input)}`);

/** valibot's `object` takes arrays too; the protocol's objects are plain JSON objects. */
const plainObject = <const TEntries extends v.ObjectEntries>(entries: TEntries) => v.pipe(objectSchema(), v.object(entries));

const idSchema = (what: string, max: number) =>
  v.pipe(
    v.string(),
    v.maxLength(max, `invalid ${what}`),
    v.check((id) => ID_PATTERN.test(id), `invalid ${what}`),
  );

const userIdSchema = idSchema('user id', LIMITS.userId);

const boundedString = (max: number) => v.pipe(v.string(), v.maxLength(max, `longer than ${max} characters`));

const sdpText = v.pipe(v.string(), v.minLength(1, 'empty SDP'), v.maxLength(LIMITS.sdp, `longer than ${LIMITS.sdp} characters`));

const baseEntries = {
  version: v.literal(PROTOCOL_VERSION),
  sessionID: idSchema('session id', LIMITS.sessionId),
  callerID: userIdSchema,
  opponentsIDs: v.pipe(
    v.array(userIdSchema),
    v.minLength(1, 'expected at least 1 opponent'),
    v.maxLength(LIMITS.opponents, `expected at most ${LIMITS.opponents} opponents`),
    v.checkItems((id, index, ids) => ids.indexOf(id) === index, 'duplicate user id'),
  ),
  userInfo: v.optional(
    v.pipe(
      objectSchema(),
      v.record(
        v.pipe(v.string(), v.minLength(1, 'empty key'), v.maxLength(LIMITS.userInfoKey, `key longer than ${LIMITS.userInfoKey} characters`)),
        boundedString(LIMITS.userInfoValue),
      ),
      v.check((info) => Object.keys(info).length <= LIMITS.userInfoKeys, `more than ${LIMITS.userInfoKeys} keys`),
    ),
  ),
};

const optionalReason = v.optional(boundedString(LIMITS.reason));

const candidateSchema = plainObject({
  candidate: boundedString(LIMITS.candidate),
  sdpMid: v.nullish(boundedString(LIMITS.candidateField)),
  sdpMLineIndex: v.nullish(
    v.pipe(
      v.number(),
      v.check((n) => Number.isInteger(n), 'expected an integer'),
      v.check((n) => n >= 0, 'expected 0 or more'),
      v.check((n) => n <= 65_535, 'too large'),
    ),
  ),
  usernameFragment: v.nullish(boundedString(LIMITS.candidateField)),
});

const signalMessageSchema = v.pipe(
  objectSchema(),
  // `version` is checked first, so a message from a future protocol says so rather than "type: ...".
  v.variant('version', [
    v.variant('type', [
      v.object({
        type: v.literal('call'),
        ...baseEntries,
        callType: v.picklist(['video', 'audio']),
        sdp: plainObject({ type: v.literal('offer'), sdp: sdpText }),
        sfu: v.optional(
          plainObject({
            url: v.pipe(
              v.string(),
              v.maxLength(LIMITS.sfuUrl, `longer than ${LIMITS.sfuUrl} characters`),
              v.check((url) => /^wss?:\/\/\S+$/i.test(url), 'expected a ws:// or wss:// URL'),
            ),
            room: v.pipe(
              v.number(),
              v.check((n) => Number.isSafeInteger(n), 'expected an integer'),
              v.check((n) => n >= 1, 'expected 1 or more'),
            ),
            pin: v.pipe(boundedString(LIMITS.sfuToken), v.minLength(1, 'empty')),
            secret: v.pipe(boundedString(LIMITS.sfuToken), v.minLength(1, 'empty')),
          }),
        ),
      }),
      v.object({
        type: v.literal('accept'),
        ...baseEntries,
        sdp: plainObject({ type: v.literal('answer'), sdp: sdpText }),
      }),
      v.object({ type: v.literal('reject'), ...baseEntries, reason: optionalReason }),
      v.object({ type: v.literal('hangUp'), ...baseEntries, reason: optionalReason }),
      v.object({
        type: v.literal('iceCandidates'),
        ...baseEntries,
        candidates: v.pipe(
          v.array(candidateSchema),
          v.minLength(1, 'expected at least 1 candidate'),
          v.maxLength(LIMITS.candidatesPerMessage, `more than ${LIMITS.candidatesPerMessage} candidates`),
        ),
      }),
      v.object({
        type: v.literal('update'),
        ...baseEntries,
        sdp: v.optional(plainObject({ type: v.picklist(['offer', 'answer']), sdp: sdpText })),
        media: v.optional(plainObject({ audio: v.boolean(), video: v.boolean(), screen: v.boolean() })),
      }),
    ]),
  ]),
  v.forward(
    v.check((message) => !message.opponentsIDs.includes(message.callerID), 'must not contain callerID'),
    ['opponentsIDs'],
  ),
  v.check((message) => message.type !== 'update' || message.sdp !== undefined || message.media !== undefined, 'update needs sdp or media'),
  v.forward(
    v.check(
      (message) => message.type !== 'call' || message.sfu !== undefined || message.opponentsIDs.length <= LIMITS.meshOpponents,
      `expected at most ${LIMITS.meshOpponents} opponents without sfu (a mesh call)`,
    ),
    ['opponentsIDs'],
  ),
);

// Compile-time check: the schema and the interfaces above describe the same messages. Each is
// assignable to the other, and each message type has the same keys (which catches an optional
// field the schema forgot: assignability alone does not).
type SchemaMessage = v.InferOutput<typeof signalMessageSchema>;
type Assert<T extends true> = T;
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type SameKeys<A, B> = Mutual<keyof A, keyof B>;
type _SchemaMatchesSignalMessage = Assert<Mutual<SchemaMessage, SignalMessage>>;
type _SchemaHasEveryField = Assert<{ [T in SignalType]: SameKeys<Extract<SignalMessage, { type: T }>, Extract<SchemaMessage, { type: T }>> }[SignalType]>;

// ---------------------------------------------------------------------------------------
// Snapshot: a bounded plain copy of the input, read once. Getters that throw, proxies,
// cycles and huge arrays are dealt with here, so the schema only ever sees plain data.

/** The deepest container a valid message has is `candidates[i]` (depth 2); deeper ones are never read. */
const MAX_DEPTH = 2;
/** Arrays are cut one past the longest valid one, so the schema still reports "too many". */
const MAX_ITEMS = Math.max(LIMITS.candidatesPerMessage, LIMITS.opponents) + 1;
const MAX_KEYS = 256;
/** Property reads in total; a valid message needs a few hundred. */
const MAX_READS = 4_096;

type PathKey = string | number;

class SnapshotFailure extends Error {
  constructor(
    readonly path: PathKey[],
    readonly problem: string,
  ) {
    super(problem);
  }
}

function snapshot(input: unknown): { value: unknown } | { reason: string } {
  let reads = 0;
  const read = <T>(path: PathKey[], get: () => T): T => {
    if (++reads > MAX_READS) throw new SnapshotFailure(path, 'too many fields');
    try {
      return get();
    } catch {
      throw new SnapshotFailure(path, 'could not be read');
    }
  };
  const copy = (value: unknown, path: PathKey[], depth: number): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    const isArray = read(path, () => Array.isArray(value));
    // Deeper containers are never valid: keep only their kind, for the error message.
    if (depth > MAX_DEPTH) return isArray ? [] : {};
    if (isArray) {
      const array = value as readonly unknown[];
      const length = Math.min(Number(read(path, () => array.length)) || 0, MAX_ITEMS);
      const out: unknown[] = [];
      for (let i = 0; i < length; i++) {
        const itemPath = [...path, i];
        out.push(
          copy(
            read(itemPath, () => array[i]),
            itemPath,
            depth + 1,
          ),
        );
      }
      return out;
    }
    const object = value as Record<string, unknown>;
    const keys = read(path, () => Object.keys(object));
    if (keys.length > MAX_KEYS) throw new SnapshotFailure(path, `more than ${MAX_KEYS} keys`);
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      const keyPath = [...path, key];
      const item = copy(
        read(keyPath, () => object[key]),
        keyPath,
        depth + 1,
      );
      // defineProperty: a key named `__proto__` stays a plain property.
      Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
    }
    return out;
  };
  try {
    return { value: copy(input, [], 0) };
  } catch (error) {
    if (error instanceof SnapshotFailure) return { reason: `${formatPath(error.path)}: ${error.problem}` };
    throw error;
  }
}

// ---------------------------------------------------------------------------------------
// Reasons: `<path>: <what is wrong>`, short whatever the input.

function describeIssue(issue: v.BaseIssue<unknown>): string {
  const path = formatPath((issue.path ?? []).map((item) => toPathKey(item.key)));
  if (issue.kind !== 'schema' || issue.type === 'custom') return `${path}: ${issue.message}`;
  if (issue.input === undefined) return `${path}: missing`;
  const expected = /^\(.*\)$/.test(issue.expected ?? '') ? `one of ${issue.expected?.slice(1, -1)}` : issue.expected;
  return `${path}: expected ${expected ?? 'something else'}, got ${describeValue(issue.input)}`;
}

function toPathKey(key: unknown): PathKey {
  return typeof key === 'number' ? key : String(key);
}

function formatPath(path: readonly PathKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(key) && key.length <= 32) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(shorten(key))}]`;
  }
  return out || 'message';
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(shorten(value));
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'Array';
  if (typeof value === 'object') return 'Object';
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : typeof value;
}

function shorten(text: string): string {
  return text.length > 32 ? `${text.slice(0, 31)}…` : text;
}
