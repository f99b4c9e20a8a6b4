/**
 * Context the tool elements consume beyond context.ts (to be folded into it): the speaker
 * choice of the nearest `<call-session>`. It is the session element, not the core, that
 * plays remote audio, so it is the one that can route it to another output.
 */
import { createContext } from '@lit/context';

/** The speaker every remote voice of the call plays through. */
export interface AudioOutputControl {
  /** '' = the system default. */
  readonly deviceId: string;
  /** Routes all remote audio to `deviceId`; rejects with `CallError` (`not-supported`, `no-device`, `permission-denied`). */
  setAudioOutput(deviceId: string): Promise<void>;
}

export const audioOutputContext = createContext<AudioOutputControl | undefined>('meshcall-audio-output');
