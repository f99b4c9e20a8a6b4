// CUSTOM_ELEMENTS_SCHEMA lets Angular's templates use tags it does not know. `[opponents]`,
// `[userInfo]`, `[config]` set properties; `[attr.user-id]` sets an attribute;
// `(call-incoming)` listens to the DOM event.
import { Component, CUSTOM_ELEMENTS_SCHEMA, signal } from '@angular/core';
import type { CallEventMap } from 'meshcall/elements';
import { callSettings } from '../shared/call-settings.js';

const settings = callSettings('Angular');

@Component({
  selector: 'app-root',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <main>
      <h1>meshcall + Angular</h1>
      <p>You are <strong>{{ userId }}</strong>. Open this page in a second tab with <code>?user=bob&amp;call=alice</code>.</p>
      <call-session
        [attr.user-id]="userId"
        [attr.signaling-url]="signalingUrl"
        [opponents]="opponents"
        [userInfo]="userInfo"
        [config]="config"
        (call-incoming)="onIncoming($event)"
        (call-hung-up)="onHungUp($event)"
      ></call-session>
      <p>Last event: <output id="last-event">{{ lastEvent() }}</output></p>
    </main>
  `,
})
export class AppComponent {
  readonly userId = settings.userId;
  readonly signalingUrl = settings.signalingUrl;
  readonly opponents = settings.callee ? [settings.callee] : [];
  readonly userInfo = settings.userInfo;
  readonly config = settings.config;
  readonly lastEvent = signal('none yet');

  onIncoming(event: Event): void {
    const { detail } = event as CallEventMap['call-incoming'];
    this.lastEvent.set(`call-incoming from ${detail.userInfo?.name ?? detail.from}`);
  }

  onHungUp(event: Event): void {
    const { detail } = event as CallEventMap['call-hung-up'];
    this.lastEvent.set(`call-hung-up by ${detail.userInfo?.name ?? detail.userId}`);
  }
}
