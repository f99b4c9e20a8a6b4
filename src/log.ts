/**
 * Logging with the seed's three levels. `nothing` silences everything, `verbose` (the
 * default) logs the kit's decisions, `verboseWithWebRTC` adds raw WebRTC detail
 * (SDP, candidates, stats). Warnings and errors are logged at every level but `nothing`.
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
  const line = `[meshcall] ${message}`;
  const method = severity === 'error' ? 'error' : severity === 'warn' ? 'warn' : 'debug';
  if (data === undefined) console[method](line);
  else console[method](line, data);
};

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
