/** The default layout of `<call-session>` (shown when it has no children), as plain template functions. */
import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { CallSession } from '../../src/call-session.js';
import { isTerminal } from '../../src/states.js';
import type { CallPhase } from '../call-phase.js';
import type { Strings } from '../strings.js';

export interface LayoutView {
  strings: Strings;
  phase: CallPhase;
  session: CallSession | undefined;
  /** "Calling Bob…" */
  calling: string;
  /** Elapsed ringing time, m:ss. */
  elapsed: string;
  /** "Bob is calling" */
  caller: string;
  accepting: boolean;
  accept: () => void;
  reject: () => void;
}

export function defaultLayout(view: LayoutView): TemplateResult {
  const { phase, session } = view;
  if (phase === 'incoming' && session) return incomingPrompt(view);
  if (phase === 'idle' || !session) return html`<call-controls part="controls"></call-controls>`;
  // Everyone still in the call (a failed connection stays visible, with its state).
  const shown = session.peers.filter((id) => {
    const state = session.connectionState(id);
    return state === 'failed' || !isTerminal(state);
  });
  return html`
    ${phase === 'dialing' ? html`<p part="ringing"><span>${view.calling}</span> <span part="timer" role="timer">${view.elapsed}</span></p>` : nothing}
    <div part="stage">
      <div part="grid" role="group" aria-label=${view.strings.participants} data-count=${shown.length}>
        ${repeat(
          shown,
          (id) => id,
          (id) => html`<remote-video part="remote-video" user-id=${id}></remote-video>`,
        )}
      </div>
      <local-video part="local-video"></local-video>
    </div>
    <call-controls part="controls"></call-controls>
  `;
}

function incomingPrompt(view: LayoutView): TemplateResult {
  const t = view.strings;
  return html`
    <section part="incoming" aria-labelledby="incoming-title">
      <p part="incoming-title" id="incoming-title">${view.caller}</p>
      <div part="incoming-actions">
        <button part="button accept" type="button" aria-disabled=${view.accepting ? 'true' : 'false'} @click=${view.accept}>${t.accept}</button>
        <button part="button reject" type="button" @click=${view.reject}>${t.reject}</button>
      </div>
    </section>
  `;
}
