// React 19 passes props to custom elements the way the element expects: a prop the element
// has as a property (userInfo, config, opponents) is set as that property, any other as an
// attribute (user-id, signaling-url), and `on<event-name>` adds a listener for that DOM event.
import { useState } from 'react';
import 'meshcall/elements';
import { callSettings } from '../shared/call-settings.js';

// Created once: a new object on every render would be a new `config` for the element.
const { userId, callee, signalingUrl, userInfo, config } = callSettings('React');
const opponents = callee ? [callee] : [];

export function App() {
  const [lastEvent, setLastEvent] = useState('none yet');
  return (
    <main>
      <h1>meshcall + React</h1>
      <p>
        You are <strong>{userId}</strong>. Open this page in a second tab with <code>?user=bob&amp;call=alice</code>.
      </p>
      <call-session
        user-id={userId}
        signaling-url={signalingUrl}
        opponents={opponents}
        userInfo={userInfo}
        config={config}
        oncall-incoming={(event) => setLastEvent(`call-incoming from ${event.detail.userInfo?.name ?? event.detail.from}`)}
        oncall-hung-up={(event) => setLastEvent(`call-hung-up by ${event.detail.userInfo?.name ?? event.detail.userId}`)}
      />
      <p>
        Last event: <output id="last-event">{lastEvent}</output>
      </p>
    </main>
  );
}
