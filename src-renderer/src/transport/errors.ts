import type { IpcError } from '../../../src-shared/ipc';
import type { Notice } from '../../../src-shared/notice';

/** A failed request as the UI sees it: the core's English line, and its notice for the UI's own words. */
export class CoreRequestError extends Error {
  readonly code: IpcError['code'];
  readonly notice: Notice | undefined;
  constructor(error: IpcError) {
    super(error.message);
    this.name = 'CoreRequestError';
    this.code = error.code;
    this.notice = error.notice;
  }
}

/** Whatever a transport rejected with (an IpcError object through Electron's bridge, an Error) as a CoreRequestError. */
export function toCoreRequestError(err: unknown): CoreRequestError {
  if (err instanceof CoreRequestError) return err;
  if (err && typeof err === 'object' && typeof (err as { message?: unknown }).message === 'string') {
    const e = err as Partial<IpcError> & { message: string };
    return new CoreRequestError({ code: e.code ?? 'internal', message: e.message, notice: e.notice });
  }
  return new CoreRequestError({ code: 'internal', message: String(err) });
}
