/**
 * The sync client's state in the `sync_state` table (one JSON value per key): the device's
 * credentials, the pull cursor, the last round's outcome and the tenant's settings. The
 * device secret is what lets a device sign in again when its refresh family was revoked (e.g.
 * it was killed between the server rotating the token and saving it).
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

export function readState<K extends keyof Keys>(store: Store, key: K): Keys[K] | undefined {
  const row = first(store, store.db.selectFrom('sync_state').select('value').where('key', '=', key));
  return row ? (JSON.parse(row.value) as Keys[K]) : undefined;
}

export function writeState<K extends keyof Keys>(store: Store, key: K, value: Keys[K]): void {
  run(store, store.db.insertInto('sync_state').values({ key, value: JSON.stringify(value) }).onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value') }))));
}

export const clearState = (store: Store): void => void run(store, store.db.deleteFrom('sync_state'));

/** What the tenant's admin set (transcripts allowed, sync interval), defaults until the server says. */
export const tenantPolicy = (store: Store): TenantSettingsPayload => TenantSettingsPayload.parse(readState(store, 'tenantSettings') ?? {});
