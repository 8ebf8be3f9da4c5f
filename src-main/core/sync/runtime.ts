import type { Core } from '../core';
import type { SyncStatus } from '../../../src-shared/ipc/sync';
import { CoreError, oneLine } from '../../../src-shared/errors';
import { accessToken, enrollDevice, loginWithPassword, signOut, syncOnce } from './engine';
import { connectLive, type LiveLink } from './live';
import { isRetryable, retryAfterMs, syncErrorNotice, SyncHttpError } from './http';
import { SyncLoop } from './loop';
import { pendingCount } from './outbox';
import { readState, tenantPolicy } from './state';
import { refusedChanges } from '../policy/gate';

/** One sync runtime per core: the background loop and the status Settings shows. */
export type SyncRuntime = {
  status(): SyncStatus;
  syncNow(): Promise<SyncStatus>;
  enroll(req: { serverUrl: string; enrollmentToken: string; email?: string }): Promise<SyncStatus>;
  login(req: { serverUrl: string; tenant: string; email: string; password: string }): Promise<SyncStatus>;
  signOut(): Promise<SyncStatus>;
  stop(): Promise<void>;
  /** Whether the background loop runs (sync on, enrolled, and the policy does not forbid it). */
  backgroundRunning(): boolean;
};

const runtimes = new WeakMap<Core, SyncRuntime>();

/**
 * Created on first use (a sync request, or the app host calling it at start-up). The loop
 * runs only while sync is enabled in settings and the device is enrolled.
 */
export function syncRuntime(core: Core): SyncRuntime {
  const existing = runtimes.get(core);
  if (existing) return existing;
  const sqlite = core.store.sqlite;
  let running = false;
  const status = (): SyncStatus => {
    const creds = readState(sqlite, 'credentials');
    return {
      enrolled: Boolean(creds),
      enabled: core.settings().sync.enabled,
      serverUrl: creds?.serverUrl ?? (core.settings().sync.serverUrl || null),
      tenant: creds ? { slug: creds.tenant.slug, name: creds.tenant.name } : null,
      user: creds ? { email: creds.user.email, role: creds.user.role } : null,
      deviceId: creds?.deviceId ?? null,
      lastSyncAt: readState(sqlite, 'lastSyncAt') ?? null,
      lastError: readState(sqlite, 'lastError') ?? null,
      lastErrorNotice: readState(sqlite, 'lastErrorNotice') ?? null,
      pending: pendingCount(sqlite),
      running,
    };
  };
  const emit = () => core.events.emit('sync.status', status());
  const round = async () => {
    running = true;
    emit();
    try {
      const report = await syncOnce(sqlite);
      core.log.info({ ...report }, 'sync round');
    } finally {
      running = false;
      emit();
    }
  };
  const loop = new SyncLoop({
    run: round,
    intervalMs: () => tenantPolicy(sqlite).syncIntervalMinutes * 60_000,
    retryable: isRetryable,
    retryAfterMs,
    onError: (err) => core.log.warn({ err: oneLine(err) }, 'sync round failed'),
  });
  let live: LiveLink | null = null;
  let background = false;
  const stopAll = async () => {
    background = false;
    live?.close();
    live = null;
    await loop.stop();
  };
  const maybeStart = () => {
    const creds = readState(sqlite, 'credentials');
    if (!core.settings().sync.enabled || !creds) return;
    // The same gate as sync.now: a device enrolled with another server (or before IT locked
    // sync off) does not sync in the background either.
    const refused = refusedChanges(core, 'sync.now', {});
    if (refused.length) {
      core.log.warn({ setting: refused[0]!.path }, 'background sync off: the sync settings are managed by your organisation');
      return;
    }
    background = true;
    loop.start(1000);
    // Tenant content pushed live: pull now rather than at the next scheduled round.
    live ??= connectLive(creds.serverUrl, async () => (await accessToken(sqlite)).token, () => void loop.runNow().catch(() => undefined));
  };
  const failOneLine = (err: unknown, serverUrl: string): never => {
    if (err instanceof SyncHttpError) throw new CoreError(err.status === 0 ? 'unavailable' : 'bad_request', err.message, syncErrorNotice(err, serverUrl));
    throw err;
  };
  const runtime: SyncRuntime = {
    status,
    async syncNow() {
      await loop.runNow().catch(() => undefined);
      return status();
    },
    async enroll(req) {
      await enrollDevice(sqlite, req).catch((err: unknown) => failOneLine(err, req.serverUrl));
      await stopAll();
      maybeStart();
      emit();
      return status();
    },
    async login(req) {
      await loginWithPassword(sqlite, req).catch((err: unknown) => failOneLine(err, req.serverUrl));
      await stopAll();
      maybeStart();
      emit();
      return status();
    },
    async signOut() {
      await stopAll();
      await signOut(sqlite);
      emit();
      return status();
    },
    stop: stopAll,
    backgroundRunning: () => background,
  };
  runtimes.set(core, runtime);
  core.onClose(stopAll);
  core.events.on('settings.changed', (s) => (s.sync.enabled ? maybeStart() : void stopAll()));
  maybeStart();
  return runtime;
}
