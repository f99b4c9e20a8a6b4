/**
 * Loads a part of the kit that is a module of its own (`import()`: in the CDN folder a file
 * of its own, fetched only when a call first uses it). A failed load rejects with a
 * `CallError` saying what did not load, never with the bare network error.
 */
import { CallError, type CallErrorCode } from './errors.js';
import type { Logger } from './log.js';

export async function loadPart<T>(load: () => Promise<T>, what: string, code: CallErrorCode = 'not-supported'): Promise<T> {
  try {
    return await load();
  } catch (error) {
    throw new CallError(code, `${what} did not load: ${String(error)}`, { cause: error });
  }
}

/**
 * For a part whose absence costs only a log line (a formatter, an optional cap): runs `use`
 * with it once loaded, or warns that `what` did not load. Nothing is thrown or awaited.
 */
export function usePart<T>(load: () => Promise<T>, what: string, logger: Pick<Logger, 'warn'>, use: (part: T) => unknown): void {
  load().then(
    (part) => void use(part),
    (error: unknown) => logger.warn(`${what} did not load: ${String(error)}`),
  );
}
