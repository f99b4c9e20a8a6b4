/**
 * The states of the gallery, each reached by driving the real core: the story's
 * `<call-session>` (the host) and the lab's other clients place, answer, mute and drop real
 * calls. Every scene resolves once its state is there, as the core sees it; the stories'
 * `play` functions then check what a person sees.
 */
import type { CallSessionElement } from '../../components/call-session/call-session.js';
import type { CallSession } from '../../src/call-session.js';
import type { CallLab } from './call-lab.js';
import { waitUntil } from './dom.js';

/** The host's call, once it has one. */
export async function hostSession(host: CallSessionElement): Promise<CallSession> {
  await waitUntil(() => !!host.session, '<call-session> has a call');
  return host.session!;
}

function hostUserId(host: CallSessionElement): string {
  const id = host.client?.userId;
  if (!id) throw new Error('the story gives its <call-session> a client from the lab');
  return id;
}

/** Nothing happens; the people the host would call pick up, so pressing Call works. */
export async function idle(host: CallSessionElement, lab: CallLab): Promise<void> {
  for (const id of host.opponents) lab.answering(id);
  await host.updateComplete;
}

/** The host calls its opponents, who let it ring: held there (no re-send, no timeout). */
export async function dialing(host: CallSessionElement, lab: CallLab): Promise<void> {
  for (const id of host.opponents) lab.client(id);
  await host.call();
  await waitUntil(() => host.opponents.every((id) => lab.isRinging(id)), `${host.opponents.join(', ')} ring`);
  lab.time.freeze(host);
}

/** Alice (or `from`) calls the host, which rings: held there until someone answers. */
export async function incoming(host: CallSessionElement, lab: CallLab, from = 'alice'): Promise<void> {
  const to = hostUserId(host);
  await lab.place(from, [to]);
  await waitUntil(() => host.session?.direction === 'incoming' && host.session.state === 'pending', `${to} rings`);
  lab.time.freeze(host);
}

/** The host calls its opponents, everyone picks up: connected, with video from each. */
export async function connected(host: CallSessionElement, lab: CallLab): Promise<CallSession> {
  for (const id of host.opponents) lab.answering(id);
  await host.call();
  const session = await hostSession(host);
  await waitUntil(
    () => host.opponents.every((id) => session.connectionState(id) === 'connected' && !!session.remoteStream(id)?.getVideoTracks().length),
    `connected to ${host.opponents.join(', ')} with video`,
  );
  return session;
}

/** Connected; then the host turns off its microphone. */
export async function muted(host: CallSessionElement, lab: CallLab): Promise<void> {
  (await connected(host, lab)).setAudioEnabled(false);
}

/** Connected; then the host turns off its camera. */
export async function cameraOff(host: CallSessionElement, lab: CallLab): Promise<void> {
  (await connected(host, lab)).setVideoEnabled(false);
}

/** Connected; then the host shares its screen (a picker in your browser, a fake screen in the tests). */
export async function screenSharing(host: CallSessionElement, lab: CallLab): Promise<void> {
  await (await connected(host, lab)).startScreenShare();
}

/** Connected; then `userId` (one of the others) mutes, turns the camera off or shares the screen. */
export async function remoteMedia(host: CallSessionElement, lab: CallLab, userId: string, change: 'mute' | 'camera-off' | 'screen'): Promise<void> {
  await connected(host, lab);
  const theirs = lab.sessionOf(userId);
  if (change === 'mute') theirs.setAudioEnabled(false);
  else if (change === 'camera-off') theirs.setVideoEnabled(false);
  else await theirs.startScreenShare();
}

/**
 * Connected; then nothing more arrives from the first opponent: its senders stop sending
 * (`replaceTrack(null)`, as when a network stalls), while the connection itself stays up.
 */
export async function stalled(host: CallSessionElement, lab: CallLab): Promise<void> {
  await connected(host, lab);
  const quiet = host.opponents[0]!;
  const pc = lab.sessionOf(quiet).peerConnection(hostUserId(host));
  if (!pc) throw new Error(`${quiet} has no connection to the host`);
  await Promise.all(pc.getSenders().map((sender) => sender.replaceTrack(null)));
}

/** Connected; then the first opponent hangs up (the host's call ends with it in 1:1). */
export async function left(host: CallSessionElement, lab: CallLab): Promise<void> {
  await connected(host, lab);
  lab.sessionOf(host.opponents[0]!).hangUp();
  await waitUntil(() => host.session?.state === 'closed' || host.session?.connectionState(host.opponents[0]!) !== 'connected', `${host.opponents[0]} has left`);
}

/**
 * Connected; then the first opponent's machine dies (no hang-up, no signaling): the host
 * sees the connection drop and tries to get it back, held there (the disconnect timeout
 * never comes).
 */
export async function reconnecting(host: CallSessionElement, lab: CallLab): Promise<void> {
  const session = await connected(host, lab);
  const lost = host.opponents[0]!;
  lab.time.freeze(host);
  lab.vanish(lost);
  await waitUntil(() => session.connectionState(lost) === 'disconnected', `the connection to ${lost} drops`, 25_000);
}

/**
 * The first opponent can only use TURN relays, and there are none: its connection never
 * comes up. The others connect; after the disconnect timeout (jumped to, not waited for)
 * the first one is `failed`.
 */
export async function failed(host: CallSessionElement, lab: CallLab): Promise<void> {
  const [unreachable, ...others] = host.opponents;
  if (!unreachable) throw new Error('failed() needs an opponent');
  lab.answering(unreachable, { iceTransportPolicy: 'relay' });
  for (const id of others) lab.answering(id);
  await host.call();
  const session = await hostSession(host);
  // Everyone else connected on both ends of each connection first: the jump must end only
  // the connections that are still coming up.
  const me = host.client!.userId;
  const connectedPair = (a: CallSession, to: string) => a.connectionState(to) === 'connected';
  await waitUntil(
    () =>
      lab.hasAnswered(unreachable) &&
      others.every((id) => connectedPair(session, id) && connectedPair(lab.sessionOf(id), me)) &&
      others.every((id) => others.every((other) => other === id || connectedPair(lab.sessionOf(id), other))),
    `${others.join(', ') || 'nobody else'} connected to everyone, and ${unreachable} answered`,
  );
  lab.time.advance((host.client?.config.disconnectTimeInterval ?? 30) * 1000);
  await waitUntil(() => session.connectionState(unreachable) === 'failed', `the connection to ${unreachable} fails`);
  lab.time.freeze(host);
}
