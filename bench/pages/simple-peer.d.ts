/**
 * The little of simple-peer's API the bench uses, for its prebuilt browser file (the package
 * ships no types and `@types/simple-peer` would be one more dependency for five calls).
 */
declare module 'simple-peer/simplepeer.min.js' {
  namespace SimplePeer {
    type SignalData = { type?: 'offer' | 'answer' | 'candidate' | 'renegotiate' | 'transceiverRequest' } & Record<string, unknown>;
    interface Options {
      initiator?: boolean;
      stream?: MediaStream;
      trickle?: boolean;
      config?: RTCConfiguration;
    }
    interface Instance {
      /** the underlying connection (private in simple-peer, read for `connectionState`) */
      readonly _pc: RTCPeerConnection;
      signal(data: SignalData): void;
      destroy(): void;
      on(event: 'signal', listener: (data: SignalData) => void): this;
      on(event: 'stream', listener: (stream: MediaStream) => void): this;
      on(event: 'error', listener: (error: Error) => void): this;
      removeAllListeners(): this;
    }
  }
  const SimplePeer: new (options?: SimplePeer.Options) => SimplePeer.Instance;
  export default SimplePeer;
}
