/** A small JSON client for the sync server; errors carry the server's one-line message. */
export class SyncHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'SyncHttpError';
  }
}

/** Network trouble, 5xx and 429 are worth retrying later; other 4xx are not (until something changes). */
export const isRetryable = (err: unknown): boolean => !(err instanceof SyncHttpError) || err.status >= 500 || err.status === 429 || err.status === 0;

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
    throw new SyncHttpError(0, 'network', `cannot reach the sync server at ${serverUrl} (${cause ?? (err instanceof Error ? err.message : String(err))})`);
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
    throw new SyncHttpError(res.status, e?.code ?? 'http_error', `sync server: ${e?.message ?? `HTTP ${res.status}`}`);
  }
  return body as T;
}
