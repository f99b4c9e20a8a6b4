import { html, type TemplateResult } from 'lit';
import type { CallSessionElement } from '../../components/call-session/call-session.js';
import type { CallConfig } from '../../src/config.js';
import { userInfoOf, type CallLab } from './call-lab.js';

export interface HostOptions {
  /** Whose `<call-session>` this is (a lab user). */
  user: string;
  /** Whom it calls. */
  opponents?: string[];
  /** More config for that user's client. */
  config?: Partial<CallConfig>;
  /** Drives the call into the story's state (see scenes.ts). */
  drive: (host: CallSessionElement, lab: CallLab) => Promise<unknown>;
}

/**
 * A `<call-session>` for the lab user `user`, with `children` as its layout: how the stories
 * of the parts (`<local-video>`, `<remote-video>`, ...) get a real call around them.
 */
export function host(lab: CallLab, options: HostOptions, children: TemplateResult): TemplateResult {
  return html`<call-session
    ${lab.stage<CallSessionElement>((el) => options.drive(el, lab))}
    .client=${lab.client(options.user, options.config)}
    .userInfo=${userInfoOf(options.user)}
    opponents=${(options.opponents ?? []).join(',')}
    >${children}</call-session
  >`;
}
