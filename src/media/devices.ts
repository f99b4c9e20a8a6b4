/** The cameras, microphones and speakers this page may use, and how to pick a replacement. */
import { CallError } from '../errors.js';

export interface DeviceList {
  cameras: MediaDeviceInfo[];
  microphones: MediaDeviceInfo[];
  speakers: MediaDeviceInfo[];
}

export type InputKind = 'videoinput' | 'audioinput';

/**
 * Lists the devices, grouped by kind. Labels are empty until the page has been granted
 * camera/microphone access once (a browser privacy rule), so call it after a call started
 * or after `getUserMedia`. Never throws: a page without `mediaDevices` gets empty lists.
 */
export async function listDevices(): Promise<DeviceList> {
  const list: DeviceList = { cameras: [], microphones: [], speakers: [] };
  const mediaDevices = globalThis.navigator?.mediaDevices;
  if (!mediaDevices?.enumerateDevices) return list;
  let devices: MediaDeviceInfo[];
  try {
    devices = await mediaDevices.enumerateDevices();
  } catch {
    return list;
  }
  for (const device of devices) {
    if (device.kind === 'videoinput') list.cameras.push(device);
    else if (device.kind === 'audioinput') list.microphones.push(device);
    else if (device.kind === 'audiooutput') list.speakers.push(device);
  }
  return list;
}

/** The devices of one input kind from a list. */
export function devicesOfKind(list: DeviceList, kind: InputKind): MediaDeviceInfo[] {
  return kind === 'videoinput' ? list.cameras : list.microphones;
}

/**
 * The device to use after `current` went away: the system default if there is one, else
 * the first device left. `undefined` when `current` is still there or nothing is left.
 */
export function fallbackDevice(devices: readonly Pick<MediaDeviceInfo, 'deviceId'>[], current: string | undefined): string | undefined {
  if (current !== undefined && devices.some((d) => d.deviceId === current)) return undefined;
  const usable = devices.filter((d) => d.deviceId !== '');
  return (usable.find((d) => d.deviceId === 'default') ?? usable[0])?.deviceId;
}

/**
 * The camera after `current` in the list (wrapping around), for switching cameras on a
 * device that does not report front/back (`facingMode`). Throws `no-device` when there is
 * no other camera.
 */
export function nextCamera(cameras: readonly Pick<MediaDeviceInfo, 'deviceId'>[], current: string | undefined): string {
  const ids = cameras.map((c) => c.deviceId).filter((id) => id !== '' && id !== 'default');
  const others = ids.filter((id) => id !== current);
  if (others.length === 0) throw new CallError('no-device', 'There is no other camera to switch to.');
  const index = current === undefined ? -1 : ids.indexOf(current);
  // Device ids are unique, so with `current` in a list of two or more the next one differs.
  return index < 0 ? others[0]! : ids[(index + 1) % ids.length]!;
}

/**
 * Every other camera, starting with the one after `current` (wrapping around): the order a
 * switch tries them in until one delivers a picture. Throws `no-device` when there is none.
 */
export function camerasAfter(cameras: readonly Pick<MediaDeviceInfo, 'deviceId'>[], current: string | undefined): string[] {
  const ids = cameras.map((c) => c.deviceId).filter((id) => id !== '' && id !== 'default');
  const first = nextCamera(cameras, current);
  const start = ids.indexOf(first);
  return [...ids.slice(start), ...ids.slice(0, start)].filter((id) => id !== current);
}

/** Subscribes to `devicechange` (plugging or unplugging a device); returns the unsubscribe. */
export function onDeviceChange(listener: () => void): () => void {
  const mediaDevices = globalThis.navigator?.mediaDevices;
  if (!mediaDevices?.addEventListener) return () => {};
  mediaDevices.addEventListener('devicechange', listener);
  return () => mediaDevices.removeEventListener('devicechange', listener);
}
