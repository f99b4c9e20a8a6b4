/** Every failure the kit reports carries a `code` an app can switch on and a readable message. */
export type CallErrorCode =
  | 'permission-denied'
  | 'no-device'
  | 'device-busy'
  | 'media-unavailable'
  | 'media-error'
  | 'busy'
  | 'invalid-state'
  | 'invalid-argument'
  | 'not-supported'
  | 'negotiation-failed'
  | 'signaling-unavailable';

export class CallError extends Error {
  override name = 'CallError';
  constructor(
    readonly code: CallErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
