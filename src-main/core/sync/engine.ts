import os from 'node:os';
import type { Store } from '../store/db';
import { PullResponse, PushResponse, SYNC_PROTOCOL_VERSION, TokenResponse, type CallInsightPayload, type ForecastPayload, type PushOpInput, type SimulationResultPayload } from '../../../src-shared/sync-protocol';
import { detectLanguage } from '../nlp/language';
import { redact } from '../privacy/redact';
import { httpJson, syncErrorNotice, SyncHttpError } from './http';
import { toPushOp } from './outbox';
import { nextBatch, noteFailure, pendingCount, removeAccepted } from '../store/outbox';
import { deleteAllTenantContent } from '../store/content';
import { transaction } from '../store/query';
import { callCustomer, transcriptLines } from '../store/sync-sources';
import { applyPage } from './apply';
import { clearState, readState, tenantPolicy, writeState, type SyncCredentials } from '../store/sync-state';
import { oneLine } from '../../../src-shared/errors';

type SyncReport = { pushed: number; duplicates: number; pulled: number; applied: number; cursor: number; pending: number };
type SyncOptions = {
  batchSize?: number;
  pullLimit?: number;
  /** Called after each acknowledged push batch (progress, tests). */
  onPushed?: (accepted: number) => void;
};

function saveTokens(store: Store, serverUrl: string, t: TokenResponse, deviceSecret: string | null): SyncCredentials {
  const creds: SyncCredentials = {
    serverUrl, deviceId: t.deviceId, deviceSecret, refreshToken: t.refreshToken, accessToken: t.accessToken,
    accessExpiresAt: Date.now() + t.expiresIn * 1000, tenant: t.tenant, user: t.user,
  };
  writeState(store, 'credentials', creds);
  return creds;
}

const normaliseUrl = (url: string): string => {
  const u = new URL(url);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new SyncHttpError(400, 'bad_request', `sync server URL must be http(s): ${url}`);
  return u.origin;
};

/** Enrolls this device with an IT-issued token; the device's own credentials are kept. */
export async function enrollDevice(store: Store, req: { serverUrl: string; enrollmentToken: string; email?: string; deviceName?: string }): Promise<SyncCredentials> {
  store.secrets.assertWritable(); // refused here, before the server spends the token on a device that cannot keep its credentials
  const serverUrl = normaliseUrl(req.serverUrl);
  const res = TokenResponse.parse(await httpJson(serverUrl, 'POST', '/v1/auth/enroll', { body: { enrollmentToken: req.enrollmentToken, deviceName: req.deviceName ?? os.hostname(), ...(req.email ? { email: req.email } : {}) } }));
  return startFresh(store, serverUrl, res, res.deviceSecret ?? null);
}

export async function loginWithPassword(store: Store, req: { serverUrl: string; tenant: string; email: string; password: string; deviceName?: string }): Promise<SyncCredentials> {
  store.secrets.assertWritable();
  const serverUrl = normaliseUrl(req.serverUrl);
  const res = TokenResponse.parse(await httpJson(serverUrl, 'POST', '/v1/auth/login', { body: { tenant: req.tenant, email: req.email, password: req.password, deviceName: req.deviceName ?? os.hostname() } }));
  return startFresh(store, serverUrl, res, null);
}

/** A new account or server starts from cursor 0; the outbox is kept (it is this user's work). */
function startFresh(store: Store, serverUrl: string, res: TokenResponse, deviceSecret: string | null): SyncCredentials {
  return transaction(store, () => {
    const old = readState(store, 'credentials');
    if (!old || old.serverUrl !== serverUrl || old.tenant.id !== res.tenant.id) {
      clearState(store);
      deleteAllTenantContent(store);
    }
    return saveTokens(store, serverUrl, res, deviceSecret);
  });
}

export async function signOut(store: Store): Promise<void> {
  const creds = readState(store, 'credentials');
  if (creds) await httpJson(creds.serverUrl, 'POST', '/v1/auth/logout', { body: { refreshToken: creds.refreshToken } }).catch(() => undefined);
  clearState(store);
}

/** The refresh in flight per local database, shared by every caller that needs a new token. */
const refreshing = new Map<unknown, Promise<{ token: string; creds: SyncCredentials }>>();
/** A file database by its path (two handles on one file share a refresh); an in-memory one by its handle. */
const refreshKey = (store: Store): unknown => (store.sqlite.memory ? store.sqlite : store.sqlite.name);

/**
 * A valid access token: the stored one, else a rotated refresh, else (family revoked, e.g.
 * after a crash lost the rotated token) the device's own credentials.
 *
 * Single-flight: a refresh token works once, so two refreshes of it at once would look like a
 * stolen token to the server. Callers that need a new token while one is being fetched wait
 * for that one. `force` (the server refused the token with 401) refreshes unless the token it
 * names was already replaced by someone else's refresh.
 */
export async function accessToken(store: Store, force: boolean | { rejected: string } = false): Promise<{ token: string; creds: SyncCredentials }> {
  const creds = readState(store, 'credentials');
  if (!creds) throw new SyncHttpError(401, 'not_enrolled', 'this device is not enrolled with a sync server');
  const key = refreshKey(store);
  const inFlight = refreshing.get(key);
  if (inFlight) return inFlight;
  const refused = force === true || (typeof force === 'object' && force.rejected === creds.accessToken);
  if (!refused && creds.accessToken && creds.accessExpiresAt - 30_000 > Date.now()) return { token: creds.accessToken, creds };
  const run = renewTokens(store, creds).finally(() => refreshing.delete(key));
  refreshing.set(key, run);
  return run;
}

async function renewTokens(store: Store, creds: SyncCredentials): Promise<{ token: string; creds: SyncCredentials }> {
  try {
    const res = TokenResponse.parse(await httpJson(creds.serverUrl, 'POST', '/v1/auth/refresh', { body: { refreshToken: creds.refreshToken } }));
    const next = saveTokens(store, creds.serverUrl, res, creds.deviceSecret);
    return { token: next.accessToken!, creds: next };
  } catch (err) {
    // Another process on this data dir (the app and `salesedge sync`) refreshed the same token a
    // moment ago: the server refuses the duplicate without revoking anything; use what it saved.
    if (err instanceof SyncHttpError && err.status === 409 && err.code === 'refresh_superseded') return tokensSavedByOther(store, creds, err);
    if (!(err instanceof SyncHttpError) || err.status !== 401 || !creds.deviceSecret) throw err;
    const res = TokenResponse.parse(await httpJson(creds.serverUrl, 'POST', '/v1/auth/device', { body: { deviceId: creds.deviceId, deviceSecret: creds.deviceSecret } }));
    const next = saveTokens(store, creds.serverUrl, res, creds.deviceSecret);
    return { token: next.accessToken!, creds: next };
  }
}

/** Waits (up to ~2 s) for the other refresher's tokens to appear in the local state. */
async function tokensSavedByOther(store: Store, mine: SyncCredentials, err: SyncHttpError): Promise<{ token: string; creds: SyncCredentials }> {
  for (let i = 0; i < 20; i++) {
    const now = readState(store, 'credentials');
    if (now && now.refreshToken !== mine.refreshToken && now.accessToken && now.accessExpiresAt > Date.now()) return { token: now.accessToken, creds: now };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw err;
}

/** One authenticated request; a 401 (token expired or revoked early) refreshes once and retries. */
export async function authedJson<T>(store: Store, method: string, path: string, body?: unknown): Promise<T> {
  const { token, creds } = await accessToken(store);
  try {
    return await httpJson<T>(creds.serverUrl, method, path, { token, body });
  } catch (err) {
    if (!(err instanceof SyncHttpError) || err.status !== 401) throw err;
    const again = await accessToken(store, { rejected: token });
    return httpJson<T>(again.creds.serverUrl, method, path, { token: again.token, body });
  }
}

/**
 * What leaves the laptop, made safe at push time (so ops queued before a redactor update are
 * covered too): every free-text field (call title, summary, transcript lines, deal name and
 * stage, simulation scenario and persona) goes through the PII redactor, with the call's customer as a
 * known name. Transcripts go up only when the tenant allows it, read from SQLite here.
 */
function forPush(store: Store, op: PushOpInput, allowTranscripts: boolean): PushOpInput {
  if (op.op !== 'upsert' || !op.payload) return op;
  if (op.entity === 'call_insight') {
    const payload = { ...(op.payload as CallInsightPayload) };
    delete payload.transcript;
    const lang = payload.language ?? detectLanguage(`${payload.title ?? ''} ${payload.summary ?? ''}`, 'en');
    const customer = callCustomer(store, payload.callId);
    const names = customer ? [customer] : [];
    const scrub = (t: string) => redact(t, lang, { names });
    if (payload.title) payload.title = scrub(payload.title).slice(0, 300);
    if (payload.summary) payload.summary = redactLines(payload.summary, scrub).slice(0, 20_000);
    if (allowTranscripts) {
      const rows = transcriptLines(store, payload.callId, 5000);
      if (rows.length > 0) payload.transcript = rows.map((r) => ({ speaker: r.speaker, startMs: r.start_ms, text: scrub(r.text).slice(0, 5000) }));
    }
    return { ...op, payload };
  }
  if (op.entity === 'forecast') {
    const payload = { ...(op.payload as ForecastPayload) };
    const lang = detectLanguage(payload.dealName ?? '', 'en');
    if (payload.dealName) payload.dealName = redact(payload.dealName, lang).slice(0, 300);
    if (payload.stage) payload.stage = redact(payload.stage, lang).slice(0, 50);
    return { ...op, payload };
  }
  if (op.entity === 'simulation_result') {
    const payload = { ...(op.payload as SimulationResultPayload) };
    payload.scenario = redact(payload.scenario, payload.language).slice(0, 200);
    if (payload.persona) payload.persona = redact(payload.persona, payload.language).slice(0, 200);
    return { ...op, payload };
  }
  return op;
}

/** Multi-line text (summaries, follow-ups) line by line: the redactor reads one utterance at a time. */
const redactLines = (text: string, scrub: (t: string) => string): string => text.split('\n').map(scrub).join('\n');

/**
 * One sync round: push the whole outbox in batches, then pull every page since the cursor.
 * Safe to interrupt at any point (process killed, network gone): an op leaves the outbox only
 * after the server acknowledged it, the server stores each op id once, and a page and its
 * cursor are applied in one transaction. Only short SQLite transactions run here, so the live
 * call path (which writes to the same database) is never held up by the network.
 */
export async function syncOnce(store: Store, options: SyncOptions = {}): Promise<SyncReport> {
  await accessToken(store); // not enrolled: fail before touching the outbox or lastError
  const call = <T>(method: string, path: string, body?: unknown): Promise<T> => authedJson<T>(store, method, path, body);
  const report: SyncReport = { pushed: 0, duplicates: 0, pulled: 0, applied: 0, cursor: readState(store, 'cursor') ?? 0, pending: 0 };
  try {
    const allow = tenantPolicy(store).allowTranscripts;
    for (;;) {
      const rows = nextBatch(store, options.batchSize ?? 200);
      if (rows.length === 0) break;
      const ops = rows.map((r) => forPush(store, toPushOp(r), allow));
      try {
        const res = PushResponse.parse(await call('POST', '/v1/sync/push', { protocol: SYNC_PROTOCOL_VERSION, ops }));
        removeAccepted(store, res.accepted);
        report.pushed += res.accepted.length - res.duplicates;
        report.duplicates += res.duplicates;
        options.onPushed?.(res.accepted.length);
        if (res.accepted.length === 0) break;
      } catch (err) {
        noteFailure(store, rows.map((r) => r.op_id), oneLine(err));
        throw err;
      }
    }
    for (;;) {
      const res = PullResponse.parse(await call('GET', `/v1/sync/pull?protocol=${SYNC_PROTOCOL_VERSION}&since=${report.cursor}&limit=${options.pullLimit ?? 500}`));
      const { applied } = applyPage(store, res.changes, res.cursor);
      report.pulled += res.changes.length;
      report.applied += applied;
      report.cursor = res.cursor;
      if (!res.hasMore) break;
    }
    writeState(store, 'lastSyncAt', Date.now());
    writeState(store, 'lastError', null);
    writeState(store, 'lastErrorNotice', null);
  } catch (err) {
    writeState(store, 'lastError', oneLine(err));
    writeState(store, 'lastErrorNotice', syncErrorNotice(err, readState(store, 'credentials')?.serverUrl ?? null));
    throw err;
  } finally {
    report.pending = pendingCount(store);
  }
  return report;
}
