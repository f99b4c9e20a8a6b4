// The `npm start` demo in plain DOM: connect as a user, call others, answer, hang up.
import { CallClient } from '../src/call-client.js';
import type { CallSession } from '../src/call-session.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const userIdInput = $<HTMLInputElement>('user-id');
const calleesInput = $<HTMLInputElement>('callees');
const callButton = $<HTMLButtonElement>('call');
const hangUpButton = $<HTMLButtonElement>('hang-up');
const muteButton = $<HTMLButtonElement>('mute');
const cameraButton = $<HTMLButtonElement>('camera');
const signalingStatus = $('signaling');
const incomingBox = $('incoming');
const sessionState = $('session-state');
const peersList = $('peers');
const errorBox = $('error');
const localVideo = $<HTMLVideoElement>('local-video');
const remoteVideos = $('remote-videos');

const signalingUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/signal`;
let client: CallClient | undefined;
let session: CallSession | undefined;

// Each tab gets its own name, kept across reloads of that tab.
userIdInput.value = sessionStorage.getItem('meshcall-user') ?? `user-${Math.floor(1000 + Math.random() * 9000)}`;

function showError(error: unknown): void {
  errorBox.textContent = error instanceof Error ? error.message : String(error);
}

function render(): void {
  const active = session && session.state !== 'closed' ? session : undefined;
  sessionState.textContent = active ? `${active.state} (${active.direction})` : 'none';
  callButton.disabled = !client || !!active;
  hangUpButton.disabled = !active;
  muteButton.disabled = cameraButton.disabled = !active?.localStream;
  muteButton.setAttribute('aria-pressed', String(!!active?.localStream && !active.audioEnabled));
  cameraButton.setAttribute('aria-pressed', String(!!active?.localStream && !active.videoEnabled));
  peersList.replaceChildren(
    ...(active?.peers ?? []).map((id) => {
      const item = document.createElement('li');
      item.textContent = `${id}: ${active!.connectionState(id)}`;
      return item;
    }),
  );
  incomingBox.hidden = !(active && active.direction === 'incoming' && active.state === 'pending' && !active.localStream);
}

function showRemote(userId: string, stream: MediaStream): void {
  let figure = remoteVideos.querySelector<HTMLElement>(`figure[data-user="${CSS.escape(userId)}"]`);
  if (!figure) {
    figure = document.createElement('figure');
    figure.dataset.user = userId;
    const video = document.createElement('video');
    video.autoplay = true;
    video.playsInline = true;
    const caption = document.createElement('figcaption');
    caption.textContent = userId;
    figure.append(video, caption);
    remoteVideos.append(figure);
  }
  const video = figure.querySelector('video')!;
  if (video.srcObject !== stream) video.srcObject = stream;
  video.play().catch(() => {
    // Autoplay with sound was refused: let the person start it.
    const play = document.createElement('button');
    play.textContent = `Play audio from ${userId}`;
    play.onclick = () => void video.play().then(() => play.remove());
    figure!.append(play);
  });
}

function adopt(next: CallSession): void {
  session = next;
  errorBox.textContent = '';
  const rerender = () => render();
  for (const type of ['state-change', 'connection-state-change', 'local-stream']) next.addEventListener(type, rerender);
  next.addEventListener('local-stream', (e) => (localVideo.srcObject = e.detail.stream));
  next.addEventListener('remote-track', (e) => showRemote(e.detail.userId, e.detail.stream));
  next.addEventListener('connection-closed', (e) => remoteVideos.querySelector(`figure[data-user="${CSS.escape(e.detail.userId)}"]`)?.remove());
  next.addEventListener('rejected', (e) => showError(`${e.detail.userId} rejected the call${e.detail.reason ? ` (${e.detail.reason})` : ''}`));
  next.addEventListener('user-not-answered', (e) => showError(`${e.detail.userId} did not answer`));
  next.addEventListener('error', (e) => showError(e.detail.error));
  next.addEventListener('session-closed', () => {
    localVideo.srcObject = null;
    remoteVideos.replaceChildren();
    render();
  });
  render();
}

$('identity').addEventListener('submit', async (event) => {
  event.preventDefault();
  client?.disconnect();
  const userId = userIdInput.value.trim();
  sessionStorage.setItem('meshcall-user', userId);
  try {
    client = new CallClient({ userId, signalingUrl });
    client.transport.onStatus?.((status) => (signalingStatus.textContent = `signaling: ${status} as ${userId}`));
    client.addEventListener('incoming', (e) => {
      adopt(e.detail.session);
      $('incoming-from').textContent = e.detail.userInfo?.name ?? e.detail.from;
      $<HTMLButtonElement>('accept').focus();
    });
    await client.connect();
    signalingStatus.textContent = `connected as ${userId}`;
  } catch (error) {
    client = undefined;
    showError(error);
  }
  render();
});

$('dial').addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!client) return;
  const callees = calleesInput.value.split(',').map((s) => s.trim()).filter(Boolean);
  try {
    const next = client.createSession(callees);
    adopt(next);
    await next.start({ userInfo: { name: client.userId } });
  } catch (error) {
    showError(error);
  }
  render();
});

$('accept').addEventListener('click', () => {
  session?.accept({ userInfo: { name: client?.userId ?? '' } }).catch(showError);
  render();
});
$('reject').addEventListener('click', () => session?.reject());
hangUpButton.addEventListener('click', () => session?.hangUp());
muteButton.addEventListener('click', () => {
  session?.setAudioEnabled(!session.audioEnabled);
  render();
});
cameraButton.addEventListener('click', () => {
  session?.setVideoEnabled(!session.videoEnabled);
  render();
});

// Connect straight away with the suggested name: two tabs are ready to call each other.
$<HTMLFormElement>('identity').requestSubmit();
