/** A small JSON client for the sync server; errors carry the server's one-line message. */
import { oneLine } from '../../../src-shared/errors';
import { notice, type Notice } from '../../../src-shared/notice';

export class SyncHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The server's Retry-After (429 rate limited, 503 overloaded), in ms. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'SyncHttpError';
  }
}

/**
 * Network trouble, 5xx, 429 and a refresh that lost a race (409 refresh_superseded) are worth
 * retrying later; other 4xx are not (until something changes).
 */
export const isRetryable = (err: unknown): boolean =>
  !(err instanceof SyncHttpError) || err.status >= 500 || err.status === 429 || err.status === 0 || (err.status === 409 && err.code === 'refresh_superseded');

/**
 * A sync failure in the UI's words (src-shared/notice.ts): what kind of trouble it was, from the
 * HTTP status and the server's error code; the server's English line stays the CLI's message.
 */
export function syncErrorNotice(err: unknown, serverUrl: string | null): Notice {
  const server = serverUrl ?? '';
  if (!(err instanceof SyncHttpError)) return notice('sync.error.other', { server });
  if (err.status === 0) return notice('sync.error.network', { server });
  if (err.status === 401) return notice('sync.error.unauthorized', { server });
  if (err.status === 403) return notice('sync.error.forbidden', { server });
  if (err.status === 404) return notice('sync.error.notFound', { server });
  if (err.status === 409) return notice('sync.error.conflict', { server });
  if (err.status === 429) return notice('sync.error.rateLimited', { server, seconds: Math.ceil((err.retryAfterMs ?? 0) / 1000) });
  if (err.status === 503) return notice('sync.error.overloaded', { server, seconds: Math.ceil((err.retryAfterMs ?? 0) / 1000) });
  if (err.status >= 500) return notice('sync.error.server', { server, status: err.status });
  return notice('sync.error.refused', { server, status: err.status });
}

/** How long the server asked us to wait before trying again (Retry-After), if it did. */
export const retryAfterMs = (err: unknown): number | undefined => (err instanceof SyncHttpError ? err.retryAfterMs : undefined);

/** Retry-After is seconds or an HTTP date; anything else (or none) is undefined. */
function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? Math.min(seconds, 3600) * 1000 : undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.min(Math.max(0, at - Date.now()), 3600_000);
}

export async function httpJson<T>(serverUrl: string, method: string, path: string, options: { body?: unknown; token?: string; timeoutMs?: number } = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(new URL(path, serverUrl), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 20_000),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    throw new SyncHttpError(0, 'network', `cannot reach the sync server at ${serverUrl} (${cause ?? oneLine(err)})`);
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: report the status below
  }
  if (!res.ok) {
    const e = (body as { error?: { code?: string; message?: string } } | null)?.error;
    throw new SyncHttpError(res.status, e?.code ?? 'http_error', `sync server: ${e?.message ?? `HTTP ${res.status}`}`, parseRetryAfter(res.headers.get('retry-after')));
  }
  return body as T;
}
