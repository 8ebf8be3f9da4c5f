/**
 * The sync client's state: the pull cursor, the last round's outcome and the tenant's settings
 * in the `sync_state` table (one JSON value per key); the device's credentials in the data
 * folder's secrets file (store/secrets.ts), never in the database. The device secret is what
 * lets a device sign in again when its refresh family was revoked (e.g. it was killed between
 * the server rotating the token and saving it).
 */
import { TenantSettingsPayload, type Role } from '../../../src-shared/sync-protocol';
import type { Notice } from '../../../src-shared/notice';
import type { Store } from './db';
import { first, run } from './query';

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

/** Keys whose values are secrets: they live in the secrets file (store/secrets.ts), never in the database. */
const SECRET_KEYS: ReadonlySet<keyof Keys> = new Set(['credentials']);

export function readState<K extends keyof Keys>(store: Pick<Store, 'db' | 'sqlite' | 'statements' | 'secrets'>, key: K): Keys[K] | undefined {
  if (SECRET_KEYS.has(key)) return store.secrets.read(key) as Keys[K] | undefined;
  const row = first(store, store.db.selectFrom('sync_state').select('value').where('key', '=', key));
  return row ? (JSON.parse(row.value) as Keys[K]) : undefined;
}

export function writeState<K extends keyof Keys>(store: Pick<Store, 'db' | 'sqlite' | 'statements' | 'secrets'>, key: K, value: Keys[K]): void {
  if (SECRET_KEYS.has(key)) return store.secrets.write(key, value);
  run(store, store.db.insertInto('sync_state').values({ key, value: JSON.stringify(value) }).onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value') }))));
}

/** Forgets the sync state: the cursor, the last outcome, the tenant's settings and the credentials. */
export function clearState(store: Pick<Store, 'db' | 'sqlite' | 'statements' | 'secrets'>): void {
  run(store, store.db.deleteFrom('sync_state'));
  for (const key of SECRET_KEYS) store.secrets.write(key, undefined);
}

/** What the tenant's admin set (transcripts allowed, sync interval), defaults until the server says. */
export const tenantPolicy = (store: Store): TenantSettingsPayload => TenantSettingsPayload.parse(readState(store, 'tenantSettings') ?? {});
