/**
 * Chromium only feeds remote WebRTC audio into Web Audio while the track also plays in a
 * media element (crbug.com/933677). A muted, detached <audio> is enough; this keeps one
 * alive for as long as a Web Audio graph reads the track.
 */
export function keepRemoteAudioFlowing(track: MediaStreamTrack): () => void {
  if (typeof Audio === 'undefined') return () => {};
  const element = new Audio();
  element.muted = true;
  element.srcObject = new MediaStream([track]);
  // Autoplay of a muted element is allowed everywhere; a refusal only means no workaround.
  element.play().catch(() => {});
  return () => {
    element.pause();
    element.srcObject = null;
  };
}
