/**
 * Loads a part of the kit that is a module of its own (`import()`: in the CDN folder a file
 * of its own, fetched only when a call first uses it). A failed load rejects with a
 * `CallError` saying what did not load, never with the bare network error.
 */
import { CallError, type CallErrorCode } from './errors.js';

export async function loadPart<T>(load: () => Promise<T>, what: string, code: CallErrorCode = 'not-supported'): Promise<T> {
  try {
    return await load();
  } catch (error) {
    throw new CallError(code, `${what} did not load: ${String(error)}`, { cause: error });
  }
}
