/** Why a Janus request failed, for code that decides what to tell the user. */
export type JanusErrorReason =
  /** Wrong or missing PIN, secret or admin key (VideoRoom 433, core 403). */
  | 'unauthorized'
  /** No such room (VideoRoom 426). */
  | 'no-such-room'
  /** The room has its maximum number of publishers (VideoRoom 432). */
  | 'room-full'
  /** The WebSocket could not be opened or was closed. */
  | 'transport'
  /** Janus did not answer a request in time. */
  | 'timeout'
  /** Anything else Janus refused; `janusCode` says what. */
  | 'refused';

const REASONS: Record<number, JanusErrorReason> = { 403: 'unauthorized', 433: 'unauthorized', 426: 'no-such-room', 432: 'room-full' };

export class JanusError extends Error {
  override name = 'JanusError';
  constructor(
    readonly reason: JanusErrorReason,
    message: string,
    /** Janus's numeric `error_code` (core or plugin), when Janus sent one. */
    readonly janusCode?: number,
  ) {
    super(message);
  }

  /** From an error code and text Janus sent back. */
  static fromJanus(code: number, text: string): JanusError {
    return new JanusError(REASONS[code] ?? 'refused', `Janus error ${code}: ${text}`, code);
  }
}
