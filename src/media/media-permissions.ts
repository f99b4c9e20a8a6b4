/**
 * Whether this page may open the camera and microphone without asking: read from the
 * Permissions API (`watchMediaPermissions()`, once per page, then kept current through its
 * `change` events). Unknown — no Permissions API, a browser that cannot query `camera` or
 * `microphone`, the answer not in yet — counts as not granted.
 */
const granted = { camera: false, microphone: false };
let watching = false;

export function watchMediaPermissions(): void {
  if (watching) return;
  watching = true;
  const permissions = globalThis.navigator?.permissions;
  if (typeof permissions?.query !== 'function') return;
  for (const name of ['camera', 'microphone'] as const) {
    permissions.query({ name }).then(
      (status) => {
        const read = () => (granted[name] = status.state === 'granted');
        read();
        status.addEventListener('change', read);
      },
      () => undefined, // this browser cannot tell: stays "not granted"
    );
  }
}

/** Whether every device `wants` names is granted already (the browser will not ask). */
export function mediaGranted(wants: { audio: boolean; video: boolean }): boolean {
  return (!wants.audio || granted.microphone) && (!wants.video || granted.camera);
}
