import type { IpcError } from './ipc';
import type { Notice } from './notice';

/** An error whose message is one line meant for a person, with a stable code (and, for a UI, a catalogue notice). */
export class CoreError extends Error {
  constructor(
    readonly code: IpcError['code'],
    message: string,
    readonly notice?: Notice,
    /** The error underneath (a SQLite or file-system error), kept for the log; never shown. */
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CoreError';
  }
}

/**
 * The first line of whatever was thrown (an Error's message, or the value itself), for the
 * one-line reports this project gives: native libraries and SQLite put stack-like detail on
 * later lines. `max` cuts a very long first line.
 */
export function oneLine(err: unknown, max?: number): string {
  const first = (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
  return max !== undefined && first.length > max ? first.slice(0, max) : first;
}
