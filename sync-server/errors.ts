/** A request failure with an HTTP status and a one-line message for a person. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Sent as the Retry-After header (seconds): when the client may try again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (message: string, code = 'bad_request') => new HttpError(400, code, message);
export const unauthorized = (message: string) => new HttpError(401, 'unauthorized', message);
export const forbidden = (message: string) => new HttpError(403, 'forbidden', message);
export const notFound = (message: string) => new HttpError(404, 'not_found', message);
/** Load shed: the server is saturated and refuses the request before doing its work. */
export const overloaded = (reason: string, retryAfterSeconds: number) =>
  new HttpError(503, 'overloaded', `the sync server is busy (${reason}): retry in ${retryAfterSeconds} s`, retryAfterSeconds);
