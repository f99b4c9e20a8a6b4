/** The default layout of `<call-session>` (shown when it has no children): the call stage, as plain template functions. */
import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { CallSession } from '../../src/call-session.js';
import type { VideoFormat } from '../../src/config.js';
import { isTerminal } from '../../src/states.js';
import type { PreviewChoice } from '../call-preview/call-preview.js';
import type { CallPhase } from '../call-phase.js';
import type { PeerInfo } from '../context.js';
import { icon, type IconName } from '../icons.js';
import type { Strings } from '../strings.js';
import type { StageController, StageLayout } from './stage-controller.js';

export interface LayoutView {
  strings: Strings;
  phase: CallPhase;
  session: CallSession | undefined;
  peers: ReadonlyMap<string, PeerInfo>;
  stage: StageController;
  layout: StageLayout;
  /** Show text beside the icons. */
  labels: boolean;
  /** Show `<call-preview>` now (idle before calling, or ringing with `preview-before-accept`). */
  preview: boolean;
  /** The camera format calls open with: the preview opens the same, and hands its stream to the call. */
  format: VideoFormat;
  /** Whether the call is audio only (no camera in the preview). */
  video: boolean;
  audio: boolean;
  /** The live region's text (the one status line). */
  status: string;
  /** Elapsed ringing time, m:ss. */
  elapsed: string;
  /** "Bob is calling" */
  caller: string;
  accepting: boolean;
  nameOf: (userId: string) => string;
  accept: () => void;
  reject: () => void;
  join: (choice: PreviewChoice) => void;
  pictureInPicture: () => void;
  /** The layout button: spotlight ↔ the automatic layout. */
  toggleLayout: () => void;
}

export function defaultLayout(view: LayoutView): TemplateResult {
  return html`${statusBar(view)}${body(view)}`;
}

/** The one status line: what happens now, and the ringing time or the call's duration. */
function statusBar(view: LayoutView): TemplateResult {
  const dialing = view.phase === 'dialing';
  const inCall = view.phase === 'connected' || view.phase === 'connecting';
  return html`<div part=${dialing ? 'topbar ringing' : 'topbar'}>
    <p part="status" role="status">${view.status}</p>
    ${dialing ? html`<span part="timer" role="timer">${view.elapsed}</span>` : nothing}
    ${inCall ? html`<call-timer part="call-timer"></call-timer>` : nothing}
  </div>`;
}

function body(view: LayoutView): TemplateResult {
  const { phase, session } = view;
  const t = view.strings;
  if (phase === 'incoming' && session) return incomingPrompt(view);
  if (phase === 'idle' || !session) {
    return view.preview
      ? html`<div part="prejoin">${preview(view, t.call)}</div>`
      : html`<call-controls part="controls" ?labels=${view.labels}></call-controls>`;
  }
  return html`
    <call-notifications part="notifications"></call-notifications>
    ${phase === 'connected' ? stageOf(view, session) : waitingStage(view, session)}
    <call-controls part="controls" ?labels=${view.labels}>${extraButtons(view, session)}</call-controls>
    ${view.stage.menu === 'settings' ? settingsPanel(view) : nothing}
  `;
}

function preview(view: LayoutView, joinLabel: string): TemplateResult {
  return html`<call-preview
    part="preview"
    join-label=${joinLabel}
    .video=${view.video}
    .audio=${view.audio}
    .format=${view.format}
    hand-over
    @preview-join=${(e: CustomEvent<PreviewChoice>) => view.join(e.detail)}
  ></call-preview>`;
}

/** Who is shown large: the pinned user, else someone sharing a screen (`auto`, `spotlight`), else (spotlight) the active speaker. */
export function spotlightOf(view: Pick<LayoutView, 'stage' | 'layout' | 'peers'>, shown: readonly string[]): string | undefined {
  const { stage, layout } = view;
  if (layout === 'grid') return undefined;
  const pinned = stage.pinned && shown.includes(stage.pinned) ? stage.pinned : undefined;
  const sharing = shown.find((id) => view.peers.get(id)?.media?.screen);
  const picked = pinned ?? sharing;
  if (layout === 'auto') return picked;
  const speaker = stage.activeSpeaker && shown.includes(stage.activeSpeaker) ? stage.activeSpeaker : undefined;
  return picked ?? speaker ?? shown[0];
}

/** Columns of a grid of `n` tiles: wide (desktop) and narrow (portrait phone). Fits 12. */
function columns(n: number): { wide: number; narrow: number } {
  return { wide: n <= 1 ? 1 : n <= 4 ? 2 : n <= 9 ? 3 : 4, narrow: n <= 2 ? 1 : 2 };
}

function stageOf(view: LayoutView, session: CallSession): TemplateResult {
  const t = view.strings;
  // Everyone still in the call (a failed connection stays visible, with its state).
  const shown = session.peers.filter((id) => {
    const state = session.connectionState(id);
    return state === 'failed' || !isTerminal(state);
  });
  const main = spotlightOf(view, shown);
  // 1:1 puts the self-view in a corner; a group gives it a tile of its own, never over anyone.
  const group = shown.length > 1 || main !== undefined;
  if (main !== undefined) {
    const others = shown.filter((id) => id !== main);
    return html`<div part="stage" data-layout="spotlight">
      <div part="main">${remoteTile(view, main)}</div>
      <div part="strip" role="group" aria-label=${t.participants}>
        ${repeat(
          others,
          (id) => id,
          (id) => remoteTile(view, id),
        )}
        ${selfTile()}
      </div>
    </div>`;
  }
  const count = shown.length + (group ? 1 : 0);
  const cols = columns(count);
  const pinned = view.stage.pinned;
  return html`<div part="stage" data-layout="grid" class=${group ? '' : 'one-to-one'}>
    <div
      part="grid"
      role="group"
      aria-label=${t.participants}
      data-count=${shown.length}
      style="--_cols: ${cols.wide}; --_narrow-cols: ${cols.narrow}; --_rows: ${Math.ceil(count / cols.wide)}; --_narrow-rows: ${Math.ceil(count / cols.narrow)}"
    >
      ${repeat(
        pinned && shown.includes(pinned) ? [pinned, ...shown.filter((id) => id !== pinned)] : shown,
        (id) => id,
        (id) => remoteTile(view, id),
      )}
      ${group ? selfTile() : nothing}
    </div>
    ${group ? nothing : html`<local-video part="local-video self-corner"></local-video>`}
  </div>`;
}

/**
 * The stage until the first connection is up: a card per person called, with their name and
 * state (Ringing…, Connecting…, Declined). No video players and no grid yet: that work would
 * sit on the call's critical path, and there is nothing to play before `connected`.
 */
function waitingStage(view: LayoutView, session: CallSession): TemplateResult {
  const t = view.strings;
  return html`<div part="stage" data-layout="waiting">
    <ul part="waiting-list" aria-label=${t.participants}>
      ${session.peers.map(
        (id) => html`<li part="waiting-peer" data-user-id=${id}>
          <span part="name">${view.nameOf(id)}</span>
          <span part="state">${t.connectionState[session.connectionState(id)]}</span>
        </li>`,
      )}
    </ul>
  </div>`;
}

function selfTile(): TemplateResult {
  return html`<div part="tile self-tile"><local-video part="local-video"></local-video></div>`;
}

function remoteTile(view: LayoutView, id: string): TemplateResult {
  const t = view.strings;
  const { stage } = view;
  const name = view.nameOf(id);
  const open = stage.menu === id;
  const menuId = `menu-${id}`;
  const muted = stage.mutedForMe.has(id);
  const pinned = stage.pinned === id;
  return html`<div part=${pinned ? 'tile remote-tile pinned' : 'tile remote-tile'} data-user-id=${id}>
    <remote-video part="remote-video" user-id=${id} sink-id=${stage.deviceId}></remote-video>
    <div part="tile-tools">
      <network-quality part="network-quality" user-id=${id}></network-quality>
      <button
        part="button tile-menu-button"
        class="icon-button small"
        type="button"
        title=${t.tileOptions(name)}
        aria-expanded=${open ? 'true' : 'false'}
        aria-controls=${open ? menuId : nothing}
        data-menu=${id}
        @click=${() => stage.toggleMenu(id)}
      >
        ${icon('more')}<span class="label">${t.tileOptions(name)}</span>
      </button>
    </div>
    ${
      open
        ? html`<div part="tile-menu" id=${menuId} role="group" aria-label=${t.tileOptions(name)}>
          ${menuButton('mute-for-me', muted ? 'volume-off' : 'volume', t.muteForMe, muted, () => stage.toggleMuteForMe(id))}
          ${menuButton('pin', 'pin', t.pin, pinned, () => stage.togglePin(id))}
        </div>`
        : nothing
    }
  </div>`;
}

function menuButton(name: string, iconName: IconName, label: string, pressed: boolean, action: () => void): TemplateResult {
  return html`<button part="button menu-item ${name}" type="button" aria-pressed=${pressed ? 'true' : 'false'} @click=${action}>
    ${icon(iconName)}<span>${label}</span>
  </button>`;
}

/** Settings, layout, picture-in-picture and full screen: in the controls bar, before Hang up. */
function extraButtons(view: LayoutView, session: CallSession): TemplateResult {
  const t = view.strings;
  const { stage } = view;
  const cls = view.labels ? 'icon-button labelled' : 'icon-button';
  const bar = (name: string, iconName: IconName, label: string, attrs: { pressed?: boolean; expanded?: boolean }, action: () => void) =>
    html`<button
      slot="extra"
      part="button ${name}"
      class=${cls}
      type="button"
      title=${label}
      data-menu=${name === 'settings' ? 'settings' : nothing}
      aria-pressed=${attrs.pressed === undefined ? nothing : attrs.pressed ? 'true' : 'false'}
      aria-expanded=${attrs.expanded === undefined ? nothing : attrs.expanded ? 'true' : 'false'}
      aria-controls=${attrs.expanded ? 'settings-panel' : nothing}
      @click=${action}
    >
      ${icon(iconName)}<span class="label">${label}</span>
    </button>`;
  const spotlit = view.layout === 'spotlight';
  const hasVideo = session.callType === 'video';
  const pip = hasVideo && stage.canPictureInPicture && view.phase === 'connected';
  return html`
    ${bar('settings', 'settings', t.settings, { expanded: stage.menu === 'settings' }, () => stage.toggleMenu('settings'))}
    ${hasVideo ? bar('layout', spotlit ? 'grid' : 'spotlight', t.spotlightLayout, { pressed: spotlit }, view.toggleLayout) : nothing}
    ${pip ? bar('pip', 'pip', t.pictureInPicture, { pressed: stage.pictureInPicture }, view.pictureInPicture) : nothing}
    ${
      stage.canFullscreen
        ? bar(
            'fullscreen',
            stage.fullscreen ? 'exit-fullscreen' : 'fullscreen',
            stage.fullscreen ? t.exitFullscreen : t.fullscreen,
            {},
            () => void stage.toggleFullscreen(),
          )
        : nothing
    }
  `;
}

function settingsPanel(view: LayoutView): TemplateResult {
  const t = view.strings;
  return html`<div part="settings-panel" id="settings-panel" role="group" aria-label=${t.settings}>
    ${view.video ? html`<device-picker part="picker" kind="videoinput"></device-picker>` : nothing}
    ${view.audio ? html`<device-picker part="picker" kind="audioinput"></device-picker>` : nothing}
    <device-picker part="picker" kind="audiooutput"></device-picker>
  </div>`;
}

function incomingPrompt(view: LayoutView): TemplateResult {
  const t = view.strings;
  return html`
    <section part="incoming" aria-labelledby="incoming-title">
      <p part="incoming-title" id="incoming-title">${view.caller}</p>
      ${view.preview ? preview(view, t.accept) : nothing}
      <div part="incoming-actions">
        ${
          view.preview
            ? nothing
            : html`<button part="button accept" class="icon-button labelled" type="button" aria-disabled=${view.accepting ? 'true' : 'false'} @click=${view.accept}>
              ${icon('phone')}<span class="label">${t.accept}</span>
            </button>`
        }
        <button part="button reject" class="icon-button labelled" type="button" @click=${view.reject}>${icon('hang-up')}<span class="label">${t.reject}</span></button>
      </div>
    </section>
  `;
}
