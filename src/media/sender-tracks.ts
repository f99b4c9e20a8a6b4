/** Swapping what a call sends (camera ↔ screen, one device for another) without renegotiation. */

/** The transceivers of `pc` that send media of `kind` (whatever track they carry now). */
export function sendingTransceivers(pc: RTCPeerConnection, kind: 'audio' | 'video'): RTCRtpTransceiver[] {
  return pc.getTransceivers().filter((t) => t.receiver.track.kind === kind && (t.direction === 'sendrecv' || t.direction === 'sendonly'));
}

/**
 * Puts `track` (null: nothing, the peer sees the picture freeze) on every sender of `kind` in every peer connection with
 * `RTCRtpSender.replaceTrack`: no offer/answer, the peers keep their receivers and just see
 * new frames. Resolves when every sender has switched; the failures are returned, not thrown.
 */
export async function replaceSentTrack(pcs: Iterable<RTCPeerConnection>, kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<unknown[]> {
  const replacing: Promise<void>[] = [];
  for (const pc of pcs) {
    if (pc.signalingState === 'closed') continue;
    for (const transceiver of sendingTransceivers(pc, kind)) {
      if (transceiver.sender.track !== track) replacing.push(transceiver.sender.replaceTrack(track));
    }
  }
  const results = await Promise.allSettled(replacing);
  return results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown);
}
