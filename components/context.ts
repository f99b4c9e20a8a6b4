/**
 * The context keys `<call-session>` provides to its subtree (its default layout and any
 * children). Keys are strings, so two copies of the kit on one page still find each other.
 */
import { createContext } from '@lit/context';
import type { CallClient } from '../src/call-client.js';
import type { CallSession } from '../src/call-session.js';
import type { MediaState, UserInfo } from '../src/signaling/protocol.js';

/** What the call knows about one other user: their `userInfo` (name) and announced media state. */
export interface PeerInfo {
  userInfo?: UserInfo;
  media?: MediaState;
}

/** The actions of the nearest `<call-session>`; `<call-controls>` calls these. None of them throws. */
export interface CallActions {
  call(): Promise<void>;
  accept(): Promise<void>;
  reject(): void;
  hangUp(): void;
}

/** The connected `CallClient` of the nearest `<call-session>`. */
export const clientContext = createContext<CallClient | undefined>('meshcall-client');
/** The current (or last) `CallSession`; a new value for each call. */
export const sessionContext = createContext<CallSession | undefined>('meshcall-session');
/** Per-user info of the current call; a new map on each change. */
export const peersContext = createContext<ReadonlyMap<string, PeerInfo>>('meshcall-peers');
export const actionsContext = createContext<CallActions | undefined>('meshcall-actions');
/** The language the subtree renders in (`lang` of `<call-session>` or of its ancestors). */
export const langContext = createContext<string | undefined>('meshcall-lang');

/**
 * Who already plays a remote user's audio: a `<remote-video>` showing a user claims them;
 * `<call-session>` plays every unclaimed user itself, so each one is heard in any layout.
 */
export interface RemoteAudioClaims {
  /** Returns the release. */
  claim(userId: string): () => void;
}
export const remoteAudioContext = createContext<RemoteAudioClaims | undefined>('meshcall-remote-audio');

/** The speaker every remote voice of the call plays through. It is `<call-session>`, not the core, that plays remote audio, so it is the one that can route it. */
export interface AudioOutputControl {
  /** '' = the system default. */
  readonly deviceId: string;
  /** Routes all remote audio to `deviceId`; rejects with `CallError` (`not-supported`, `no-device`, `permission-denied`). */
  setAudioOutput(deviceId: string): Promise<void>;
}
/** The speaker choice of the nearest `<call-session>` (`<device-picker kind="audiooutput">` uses it). */
export const audioOutputContext = createContext<AudioOutputControl | undefined>('meshcall-audio-output');
