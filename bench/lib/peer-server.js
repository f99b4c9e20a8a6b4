// The PeerServer PeerJS needs (the `peer` package), on a free 127.0.0.1 port for one bench run.
import { PeerServer } from 'peer';

/**
 * @returns {Promise<{ address: import('../pages/peerjs-calls.js').PeerServerAddress, close: () => Promise<void> }>}
 */
export function startPeerServer() {
  return new Promise((resolve, reject) => {
    const path = '/';
    const app = PeerServer({ host: '127.0.0.1', port: 0, path }, (server) => {
      const address = server.address();
      if (!address || typeof address === 'string') {
        reject(new Error(`PeerServer has no port (${String(address)})`));
        return;
      }
      resolve({
        address: { host: '127.0.0.1', port: address.port, path },
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
    app.on('error', reject);
  });
}
