/** kysely table types of the sync server; they mirror migrations.ts. Times are ms since epoch. */
export type TenantsTable = { id: string; slug: string; name: string; settings: string; created_at: number };
export type UsersTable = { id: string; tenant_id: string; email: string; role: 'admin' | 'manager' | 'rep'; password_hash: string | null; created_at: number };
export type DevicesTable = {
  id: string; tenant_id: string; user_id: string; name: string; secret_hash: string | null; created_at: number;
  last_seen_at: number | null; revoked_at: number | null;
};
export type EnrollmentTokensTable = {
  id: string; tenant_id: string; token_hash: string; user_id: string | null; uses_left: number; expires_at: number; created_at: number;
};
export type RefreshTokensTable = {
  id: string; token_hash: string; family_id: string; tenant_id: string; user_id: string; device_id: string; created_at: number;
  expires_at: number; used_at: number | null; revoked_at: number | null;
  /** token_hash of the token a refresh exchanged this one for (null until that refresh has issued it). */
  successor_hash: string | null;
};
export type TenantSeqTable = { tenant_id: string; seq: number };
export type ChangesTable = {
  tenant_id: string; seq: number; op_id: string; entity: string; entity_id: string; op: 'upsert' | 'delete'; payload: string | null;
  user_id: string | null; device_id: string | null; created_at: number;
};
/** Latest state per entity (server sequence order wins), for the team API. */
export type EntitiesTable = {
  tenant_id: string; user_id: string; entity: string; entity_id: string; seq: number; payload: string | null;
  occurred_at: number; deleted: number;
};
export type AuditLogTable = { id: string; tenant_id: string | null; actor: string; action: string; detail: string; ip: string | null; created_at: number };
export type ServerMetaTable = { key: string; value: string };
/** One published artifact of the app's update feed (updates/feed.ts); the file is in the updates folder. */
export type UpdateReleasesTable = {
  id: string; channel: string; platform: string; version: string; file_name: string; sha512: string; size: number; rollout: number; published_at: number;
};

export type ServerDatabase = {
  tenants: TenantsTable;
  users: UsersTable;
  devices: DevicesTable;
  enrollment_tokens: EnrollmentTokensTable;
  refresh_tokens: RefreshTokensTable;
  tenant_seq: TenantSeqTable;
  changes: ChangesTable;
  entities: EntitiesTable;
  audit_log: AuditLogTable;
  server_meta: ServerMetaTable;
  update_releases: UpdateReleasesTable;
};
