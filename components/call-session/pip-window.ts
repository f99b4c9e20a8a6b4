/**
 * The document picture-in-picture window of `<call-session>`'s default layout: a small
 * always-on-top window with the video of everyone connected (or reconnecting). A module of its
 * own, loaded when the person first asks for picture-in-picture (`StageController`).
 */
import type { CallSession } from '../../src/call-session.js';

export interface DocumentPictureInPicture {
  requestWindow(options?: { width?: number; height?: number }): Promise<Window>;
  window: Window | null;
}

export class PipWindow {
  readonly #win: Window;

  /** Opens the window; `onClosed` runs when the person (or the browser) closes it. */
  static async open(dpip: DocumentPictureInPicture, onClosed: (pip: PipWindow) => void): Promise<PipWindow> {
    const pip = new PipWindow(await dpip.requestWindow({ width: 480, height: 320 }));
    pip.#win.addEventListener('pagehide', () => onClosed(pip));
    return pip;
  }

  private constructor(win: Window) {
    this.#win = win;
    win.document.body.style.cssText = 'margin:0;display:flex;flex-wrap:wrap;gap:4px;background:#000;height:100vh';
  }

  /** Shows the video of everyone connected (or reconnecting): later joiners appear, leavers go. */
  sync(session: CallSession): void {
    const body = this.#win.document.body;
    // Someone still ringing has a stream already, with nothing in it yet.
    const inCall = (userId: string) => ['connected', 'disconnected'].includes(session.connectionState(userId) ?? '');
    const streams = new Map([...session.remoteStreams].filter(([userId]) => inCall(userId)));
    const shown = new Map([...body.querySelectorAll('video')].map((video) => [video.dataset['user'] ?? '', video]));
    for (const [userId, video] of shown) if (streams.get(userId) !== video.srcObject) video.remove();
    for (const [userId, stream] of streams) {
      if (shown.get(userId)?.isConnected) continue;
      const video = body.ownerDocument.createElement('video');
      video.dataset['user'] = userId;
      video.autoplay = true;
      video.muted = true; // the call's audio keeps playing in the page
      video.playsInline = true;
      video.srcObject = stream;
      video.style.cssText = 'flex:1 1 45%;min-width:0;max-height:100%;object-fit:contain';
      body.append(video);
    }
  }

  close(): void {
    this.#win.close();
  }
}
