import type { CoreContext } from '../context';
import type { SyncStatus } from '../../../src-shared/ipc/sync';
import { CoreError, oneLine } from '../../../src-shared/errors';
import { accessToken, enrollDevice, loginWithPassword, signOut, syncOnce } from './engine';
import { connectLive, type LiveLink } from './live';
import { isRetryable, retryAfterMs, syncErrorNotice, SyncHttpError } from './http';
import { SyncLoop } from './loop';
import { pendingCount } from '../store/outbox';
import { readState, tenantPolicy } from '../store/sync-state';
import { refusedChanges } from '../policy/gate';

/** One sync runtime per core: the background loop and the status Settings shows. */
export type SyncRuntime = {
  status(): SyncStatus;
  syncNow(): Promise<SyncStatus>;
  enroll(req: { serverUrl: string; enrollmentToken: string; email?: string }): Promise<SyncStatus>;
  login(req: { serverUrl: string; tenant: string; email: string; password: string }): Promise<SyncStatus>;
  signOut(): Promise<SyncStatus>;
  stop(): Promise<void>;
  /**
   * Long-running hosts (the app's core process, serve-ui, the demo) sync in the background:
   * from now on the loop runs while sync is on in settings, the device is enrolled and the
   * policy allows it. One-shot CLI commands never call it, so they never start a loop.
   */
  startBackground(): void;
  /** Whether the background loop runs (sync on, enrolled, and the policy does not forbid it). */
  backgroundRunning(): boolean;
};

type SyncContext = Pick<CoreContext, 'store' | 'events' | 'log' | 'settings' | 'lockedSettings'>;

/** One per core, made by createCore (core.sync) and stopped by core.close(). */
export function createSyncRuntime(core: SyncContext): SyncRuntime {
  const store = core.store;
  let running = false;
  let wanted = false;
  const status = (): SyncStatus => {
    const creds = readState(store, 'credentials');
    return {
      enrolled: Boolean(creds),
      enabled: core.settings().sync.enabled,
      serverUrl: creds?.serverUrl ?? (core.settings().sync.serverUrl || null),
      tenant: creds ? { slug: creds.tenant.slug, name: creds.tenant.name } : null,
      user: creds ? { email: creds.user.email, role: creds.user.role } : null,
      deviceId: creds?.deviceId ?? null,
      lastSyncAt: readState(store, 'lastSyncAt') ?? null,
      lastError: readState(store, 'lastError') ?? null,
      lastErrorNotice: readState(store, 'lastErrorNotice') ?? null,
      pending: pendingCount(store),
      running,
    };
  };
  const emit = () => core.events.emit('sync.status', status());
  const round = async () => {
    running = true;
    emit();
    try {
      const report = await syncOnce(store);
      core.log.info({ ...report }, 'sync round');
      // Company content arrived (playbooks, battlecards, personas, scenarios): open pages reload it.
      if (report.applied > 0) {
        core.events.emit('playbooks.changed', {});
        core.events.emit('simulator.libraryChanged', {});
      }
    } finally {
      running = false;
      emit();
    }
  };
  const loop = new SyncLoop({
    run: round,
    intervalMs: () => tenantPolicy(store).syncIntervalMinutes * 60_000,
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
    const creds = readState(store, 'credentials');
    if (!wanted || background || !core.settings().sync.enabled || !creds) return;
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
    live ??= connectLive(creds.serverUrl, async () => (await accessToken(store)).token, () => void loop.runNow().catch(() => undefined));
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
      await enrollDevice(store, req).catch((err: unknown) => failOneLine(err, req.serverUrl));
      await stopAll();
      maybeStart();
      emit();
      return status();
    },
    async login(req) {
      await loginWithPassword(store, req).catch((err: unknown) => failOneLine(err, req.serverUrl));
      await stopAll();
      maybeStart();
      emit();
      return status();
    },
    async signOut() {
      await stopAll();
      await signOut(store);
      emit();
      return status();
    },
    stop: async () => {
      wanted = false;
      await stopAll();
    },
    startBackground() {
      wanted = true;
      maybeStart();
    },
    backgroundRunning: () => background,
  };
  core.events.on('settings.changed', (s) => (s.sync.enabled ? maybeStart() : void stopAll()));
  return runtime;
}
