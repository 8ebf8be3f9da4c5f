import type { Kysely } from 'kysely';
import { Role, TenantSettingsPayload, type DownEntity } from '../src-shared/sync-protocol';
import type { ServerDatabase } from './db/schema';
import { hashPassword } from './auth/auth-service';
import { hashSecret, newId, newSecret } from './auth/tokens';
import { audit } from './audit';
import { appendChanges, type StoredChange } from './sync/change-log';
import { badRequest, HttpError, notFound } from './errors';

type Db = Kysely<ServerDatabase>;

/** Operations of the admin CLI (and of managers over HTTP for tenant content). */
export async function createTenant(db: Db, input: { slug: string; name: string }, actor = 'cli'): Promise<{ id: string; slug: string }> {
  if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(input.slug)) throw badRequest('tenant slug must be 2-63 lowercase letters, digits or dashes');
  const exists = await db.selectFrom('tenants').select('id').where('slug', '=', input.slug).executeTakeFirst();
  if (exists) throw new HttpError(409, 'conflict', `tenant ${input.slug} already exists`);
  const id = newId();
  const settings = TenantSettingsPayload.parse({});
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('tenants').values({ id, slug: input.slug, name: input.name, settings: JSON.stringify(settings), created_at: Date.now() }).execute();
    await trx.insertInto('tenant_seq').values({ tenant_id: id, seq: 0 }).execute();
  });
  await audit(db, { tenantId: id, actor, action: 'tenant.create', detail: input });
  return { id, slug: input.slug };
}

export async function tenantBySlug(db: Db, slug: string): Promise<{ id: string; slug: string; name: string; settings: string }> {
  const t = await db.selectFrom('tenants').select(['id', 'slug', 'name', 'settings']).where('slug', '=', slug).executeTakeFirst();
  if (!t) throw notFound(`no tenant ${slug}`);
  return t;
}

export async function createUser(db: Db, input: { tenant: string; email: string; role: string; password?: string }, actor = 'cli'): Promise<{ id: string; email: string; role: Role }> {
  const tenant = await tenantBySlug(db, input.tenant);
  const role = Role.safeParse(input.role);
  if (!role.success) throw badRequest('role must be admin, manager or rep');
  const email = input.email.toLowerCase();
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw badRequest(`not an email address: ${input.email}`);
  if (input.password !== undefined && input.password.length < 8) throw badRequest('password must have at least 8 characters');
  const exists = await db.selectFrom('users').select('id').where('tenant_id', '=', tenant.id).where('email', '=', email).executeTakeFirst();
  if (exists) throw new HttpError(409, 'conflict', `user ${email} already exists in ${tenant.slug}`);
  const id = newId();
  await db
    .insertInto('users')
    .values({ id, tenant_id: tenant.id, email, role: role.data, password_hash: input.password ? await hashPassword(input.password) : null, created_at: Date.now() })
    .execute();
  await audit(db, { tenantId: tenant.id, actor, action: 'user.create', detail: { userId: id, email, role: role.data } });
  return { id, email, role: role.data };
}

export async function createEnrollmentToken(
  db: Db,
  input: { tenant: string; user?: string; uses?: number; ttlHours?: number },
  actor = 'cli',
): Promise<{ token: string; expiresAt: number; uses: number }> {
  const tenant = await tenantBySlug(db, input.tenant);
  let userId: string | null = null;
  if (input.user) {
    const u = await db.selectFrom('users').select('id').where('tenant_id', '=', tenant.id).where('email', '=', input.user.toLowerCase()).executeTakeFirst();
    if (!u) throw notFound(`no user ${input.user} in ${tenant.slug}`);
    userId = u.id;
  }
  const uses = input.uses ?? 1;
  if (!Number.isInteger(uses) || uses < 1 || uses > 100_000) throw badRequest('uses must be a whole number from 1 to 100000');
  const ttlHours = input.ttlHours ?? 24 * 7;
  if (!(ttlHours > 0)) throw badRequest('ttl must be a positive number of hours');
  const token = newSecret('enr');
  const expiresAt = Date.now() + ttlHours * 3600_000;
  await db.insertInto('enrollment_tokens').values({ id: newId(), tenant_id: tenant.id, token_hash: hashSecret(token), user_id: userId, uses_left: uses, expires_at: expiresAt, created_at: Date.now() }).execute();
  await audit(db, { tenantId: tenant.id, actor, action: 'enrollment_token.create', detail: { userId, uses, expiresAt } });
  return { token, expiresAt, uses };
}

/** Publishes server-authoritative content into the tenant's change log (devices pull it). */
/** Publishes tenant content; a tenant_settings upsert also becomes the tenant's settings in the same append. */
export async function publishDown(db: Db, tenantId: string, actor: string, entity: DownEntity, entityId: string, payload: unknown | null): Promise<StoredChange[]> {
  const { stored } = await appendChanges(db, { tenantId, userId: null, deviceId: null }, [
    { opId: `srv-${newId()}`, entity, entityId, op: payload === null ? 'delete' : 'upsert', payload, occurredAt: Date.now() },
  ]);
  await audit(db, { tenantId, actor, action: `${entity}.${payload === null ? 'delete' : 'publish'}`, detail: { entityId } });
  return stored;
}

export async function tenantSettings(db: Db, tenantId: string): Promise<TenantSettingsPayload> {
  const t = await db.selectFrom('tenants').select('settings').where('id', '=', tenantId).executeTakeFirstOrThrow();
  return TenantSettingsPayload.parse(JSON.parse(t.settings));
}

/**
 * A lost or retired laptop: its refresh families and device credentials stop working at once;
 * an access token it already holds expires within its short lifetime (15 min by default).
 */
export async function revokeDevice(db: Db, deviceId: string, actor = 'cli'): Promise<{ deviceId: string; revokedTokens: number }> {
  const device = await db.selectFrom('devices').select(['id', 'tenant_id']).where('id', '=', deviceId).executeTakeFirst();
  if (!device) throw notFound(`no device ${deviceId}`);
  const now = Date.now();
  await db.updateTable('devices').set({ revoked_at: now }).where('id', '=', deviceId).where('revoked_at', 'is', null).execute();
  const res = await db.updateTable('refresh_tokens').set({ revoked_at: now }).where('device_id', '=', deviceId).where('revoked_at', 'is', null).executeTakeFirst();
  await audit(db, { tenantId: device.tenant_id, actor, action: 'device.revoke', detail: { deviceId } });
  return { deviceId, revokedTokens: Number(res.numUpdatedRows) };
}
