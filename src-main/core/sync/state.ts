import type BetterSqlite3 from 'better-sqlite3';
import { TenantSettingsPayload, type Role } from '../../../src-shared/sync-protocol';
import type { Notice } from '../../../src-shared/notice';

/**
 * Sync client state in the local `sync_state` table (one JSON value per key). Credentials
 * live here too; the device secret is what lets a device sign in again when its refresh
 * family was revoked (e.g. it was killed between the server rotating the token and saving it).
 */
export type SyncCredentials = {
  serverUrl: string;
  deviceId: string;
  deviceSecret: string | null;
  refreshToken: string;
  accessToken: string | null;
  accessExpiresAt: number;
  tenant: { id: string; slug: string; name: string };
  user: { id: string; email: string; role: Role };
};

type Keys = {
  credentials: SyncCredentials;
  cursor: number;
  lastSyncAt: number;
  lastError: string | null;
  /** The same failure in the UI's words. */
  lastErrorNotice: Notice | null;
  tenantSettings: TenantSettingsPayload;
};

export function readState<K extends keyof Keys>(sqlite: BetterSqlite3.Database, key: K): Keys[K] | undefined {
  const row = sqlite.prepare('SELECT value FROM sync_state WHERE key = ?').get(key) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as Keys[K]) : undefined;
}

export function writeState<K extends keyof Keys>(sqlite: BetterSqlite3.Database, key: K, value: Keys[K]): void {
  sqlite.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value));
}

export const clearState = (sqlite: BetterSqlite3.Database): void => void sqlite.prepare('DELETE FROM sync_state').run();

export const tenantPolicy = (sqlite: BetterSqlite3.Database): TenantSettingsPayload => TenantSettingsPayload.parse(readState(sqlite, 'tenantSettings') ?? {});
