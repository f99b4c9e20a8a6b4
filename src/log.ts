/**
 * Logging with the seed's three levels. `nothing` turns off all logging (warnings and
 * errors too, as the seed says). `verbose` (the default, the seed's "basic logs") logs one
 * line per session and per-peer state change, one per signaling message sent or received
 * (type, peer, session; never SDP or candidates) and the kit's decisions and warnings.
 * `verboseWithWebRTC` adds raw WebRTC detail: the SDP and ICE candidates of those
 * messages, peer connection states and `statsString` reports.
 */
export type LogLevel = 'nothing' | 'verbose' | 'verboseWithWebRTC';
export const LOG_LEVELS: readonly LogLevel[] = ['nothing', 'verbose', 'verboseWithWebRTC'];

export type LogSeverity = 'webrtc' | 'info' | 'warn' | 'error';

/** Where log lines go; the default writes to `console`. Tests pass their own to read reasons. */
export type LogSink = (severity: LogSeverity, message: string, data?: unknown) => void;

export interface Logger {
  /** Raw WebRTC detail; only at `verboseWithWebRTC`. */
  webrtc(message: string, data?: unknown): void;
  info(message: string, data?: unknown): void;
  warn(message: string, data?: unknown): void;
  error(message: string, data?: unknown): void;
}

export const consoleSink: LogSink = (severity, message, data) => {
  const line: QueuedLine = [`[meshcall] ${message}`, data];
  if (severity === 'error' || severity === 'warn') {
    // At once (and after every line still waiting, so the order holds).
    flushLines();
    print(severity, line);
    return;
  }
  queued.push(line);
  if (queued.length === 1) scheduleFlush();
};

type QueuedLine = [line: string, data: unknown];

/**
 * Info lines are printed when the page is idle (within half a second), in order: a console
 * call costs a tenth of a millisecond or more with developer tools attached, and a call's
 * setup logs a line per signaling message and state change on its critical path.
 */
const queued: QueuedLine[] = [];

function scheduleFlush(): void {
  if (typeof globalThis.requestIdleCallback === 'function') requestIdleCallback(flushLines, { timeout: 500 });
  else setTimeout(flushAll, 0);
  // A page that goes away prints what is still waiting first.
  globalThis.addEventListener?.('pagehide', flushAll, { once: true });
}

const flushAll = (): void => flushLines();

function flushLines(deadline?: { didTimeout: boolean; timeRemaining(): number }): void {
  while (queued.length > 0) {
    if (deadline && !deadline.didTimeout && deadline.timeRemaining() < 1) {
      scheduleFlush();
      return;
    }
    // `info`, not `debug`: browsers hide debug output by default, and basic logs are meant to be seen.
    print('info', queued.shift()!);
  }
  globalThis.removeEventListener?.('pagehide', flushAll);
}

function print(severity: LogSeverity, [line, data]: QueuedLine): void {
  const method = severity === 'error' ? 'error' : severity === 'warn' ? 'warn' : 'info';
  if (data === undefined) console[method](line);
  else console[method](line, data);
}

export function createLogger(level: LogLevel = 'verbose', sink: LogSink = consoleSink): Logger {
  const enabled = (severity: LogSeverity): boolean => {
    if (level === 'nothing') return false;
    if (severity === 'webrtc') return level === 'verboseWithWebRTC';
    return true;
  };
  const at = (severity: LogSeverity) => (message: string, data?: unknown) => {
    if (enabled(severity)) sink(severity, message, data);
  };
  return { webrtc: at('webrtc'), info: at('info'), warn: at('warn'), error: at('error') };
}
