// The `npm start` demo: one <call-session> with its default layout, plus the fields that
// tell it who you are and whom to call.
import '../components/elements.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const call = $<HTMLElementTagNameMap['call-session']>('call');
const stats = $<HTMLElementTagNameMap['stats-overlay']>('stats');
const userIdInput = $<HTMLInputElement>('user-id');
const calleesInput = $<HTMLInputElement>('callees');
const langSelect = $<HTMLSelectElement>('lang');
const themeSelect = $<HTMLSelectElement>('theme');

// Each tab gets its own name, kept across reloads of that tab.
userIdInput.value = sessionStorage.getItem('meshcall-user') ?? `user-${Math.floor(1000 + Math.random() * 9000)}`;

call.signalingUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/signal`;
call.config = { statsInterval: 2 };

function applyUserId(): void {
  if (!userIdInput.checkValidity()) return;
  const userId = userIdInput.value.trim();
  sessionStorage.setItem('meshcall-user', userId);
  call.userId = userId;
  call.userInfo = { name: userId };
}

userIdInput.addEventListener('change', applyUserId);
calleesInput.addEventListener('input', () => call.setAttribute('opponents', calleesInput.value));
langSelect.addEventListener('change', () => {
  document.documentElement.lang = langSelect.value;
  call.lang = langSelect.value;
});
themeSelect.addEventListener('change', () => {
  if (themeSelect.value === 'light' || themeSelect.value === 'dark') call.theme = themeSelect.value;
  else call.removeAttribute('theme');
});
$('settings').addEventListener('submit', (event) => event.preventDefault());

// The statistics panel follows the current call.
call.addEventListener('call-state-change', () => (stats.session = call.session));
call.addEventListener('call-incoming', () => (stats.session = call.session));

applyUserId();
