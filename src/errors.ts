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
  /** The page is not a secure context (http, not localhost): no camera, microphone or WebRTC. */
  | 'insecure-context'
  /** The same user connected to the relay again (another tab or device); this client was disconnected. */
  | 'replaced'
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

/** `error` itself if it is a `CallError`, else a `CallError` with `code` that keeps `error` as its cause. */
export function toCallError(error: unknown, code: CallErrorCode, prefix = ''): CallError {
  return error instanceof CallError ? error : new CallError(code, `${prefix}${String(error)}`, { cause: error });
}
