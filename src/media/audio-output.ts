/** Choosing the speaker a media element plays through (`HTMLMediaElement.setSinkId`). */
import { CallError } from '../errors.js';

/** Whether this browser can route a media element to a chosen speaker. */
export function canChooseAudioOutput(): boolean {
  return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
}

type SinkCapable = HTMLMediaElement & { setSinkId?(id: string): Promise<void> };

/**
 * Plays `element` through the speaker `deviceId` ('' = system default; ids come from
 * `listDevices().speakers`). Throws `CallError`: `not-supported` where the browser cannot
 * choose outputs (Safari before 18, Firefox without the pref): the element keeps playing on
 * the default speaker, so an app may ignore it and hide its speaker picker instead;
 * `no-device` for an unknown id; `permission-denied` when the page may not use that output.
 */
export async function setAudioOutput(element: HTMLMediaElement, deviceId: string): Promise<void> {
  const target = element as SinkCapable;
  if (typeof target.setSinkId !== 'function') {
    throw new CallError('not-supported', 'This browser cannot choose the speaker; audio plays on the default output.');
  }
  try {
    await target.setSinkId(deviceId);
  } catch (error) {
    const name = error instanceof DOMException || error instanceof Error ? error.name : '';
    if (name === 'NotFoundError') throw new CallError('no-device', `No speaker with id ${deviceId}.`, { cause: error });
    if (name === 'NotAllowedError' || name === 'SecurityError') {
      throw new CallError('permission-denied', 'This page may not choose the speaker.', { cause: error });
    }
    throw new CallError('media-error', `Could not switch the speaker: ${String(error)}`, { cause: error });
  }
}
