import type { IpcError } from './ipc';
import type { Notice } from './notice';

/** An error whose message is one line meant for a person, with a stable code (and, for a UI, a catalogue notice). */
export class CoreError extends Error {
  constructor(
    readonly code: IpcError['code'],
    message: string,
    readonly notice?: Notice,
  ) {
    super(message);
    this.name = 'CoreError';
  }
}
