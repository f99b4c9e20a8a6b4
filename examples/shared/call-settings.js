// Who this tab is and whom it calls, from the URL: ?user=alice&call=bob[&signal=ws://…].
// Not part of meshcall: each example app reads its settings here so the apps themselves
// show only how the elements are used.

/**
 * @param {string} framework shown in the name the other side sees
 * @returns {{ userId: string, callee: string, signalingUrl: string,
 *   userInfo: { name: string }, config: { dialingTimeInterval: number } }}
 */
export function callSettings(framework) {
  const params = new URLSearchParams(location.search);
  const userId = params.get('user') ?? `user-${Math.floor(1000 + Math.random() * 9000)}`;
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return {
    userId,
    callee: params.get('call') ?? '',
    // Served by the relay (`npm start`, or `startRelay({ staticDir })`): the same host.
    signalingUrl: params.get('signal') ?? `${scheme}://${location.host}/signal`,
    // Objects go in as properties, created once (a new object each render would be a new config).
    userInfo: { name: `${userId} (${framework})` },
    config: { dialingTimeInterval: 3 },
  };
}
