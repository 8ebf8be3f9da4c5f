import type { IpcError } from './ipc';

/** An error whose message is one line meant for a person, with a stable code. */
export class CoreError extends Error {
  constructor(
    readonly code: IpcError['code'],
    message: string,
  ) {
    super(message);
    this.name = 'CoreError';
  }
}
