/** Bandwidth caps (the seed's videoBandwidth/audioBandwidth) through `RTCRtpSender.setParameters`. */
import type { Logger } from '../log.js';
import { sendingTransceivers } from './sender-tracks.js';

export interface BitrateLimits {
  /** kbps; undefined leaves the browser's own bandwidth estimation in charge. */
  maxVideoBitrate: number | undefined;
  maxAudioBitrate: number | undefined;
}

/**
 * Sets `encodings[0].maxBitrate` (bps) on every sender of `pc`. Needs the senders to exist;
 * call it whenever negotiation settles (`signalingState` back to `stable`): it only writes
 * when the value differs, so repeated calls cost one `getParameters` per sender. The cap
 * survives `replaceTrack` (camera ↔ screen).
 */
export async function applyBitrateLimits(pc: RTCPeerConnection, limits: BitrateLimits, logger: Logger): Promise<void> {
  const jobs: Promise<void>[] = [];
  for (const [kind, kbps] of [
    ['video', limits.maxVideoBitrate],
    ['audio', limits.maxAudioBitrate],
  ] as const) {
    if (kbps === undefined) continue;
    const bps = Math.round(kbps * 1000);
    for (const { sender } of sendingTransceivers(pc, kind)) {
      const params = sender.getParameters();
      const encoding = params.encodings?.[0];
      if (!encoding || encoding.maxBitrate === bps) continue;
      encoding.maxBitrate = bps;
      jobs.push(
        sender.setParameters(params).then(
          () => logger.webrtc(`${kind} sender capped at ${kbps} kbps`),
          (error: unknown) => {
            if (pc.signalingState !== 'closed') logger.warn(`could not cap the ${kind} bitrate at ${kbps} kbps: ${String(error)}`);
          },
        ),
      );
    }
  }
  await Promise.all(jobs);
}
