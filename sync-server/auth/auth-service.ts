import bcrypt from 'bcryptjs';
import type { Kysely } from 'kysely';
import type { Role, TokenResponse } from '../../src-shared/sync-protocol';
import type { ServerDatabase } from '../db/schema';
import { audit } from '../audit';
import { HttpError, unauthorized, forbidden } from '../errors';
import { hashSecret, newId, newSecret, signAccessToken } from './tokens';
import type { KeyRing } from './signing-keys';

export type AuthConfig = { accessTtlSeconds: number; refreshTtlSeconds: number; signingKeys: KeyRing };
type Ctx = { db: Kysely<ServerDatabase>; config: AuthConfig; ip?: string | null };

// Same work factor for a missing user as for a wrong password, so timing does not reveal accounts.
const DUMMY_HASH = bcrypt.hashSync('not-a-password', 10);

export const hashPassword = (password: string): Promise<string> => bcrypt.hash(password, 10);

type Identity = { tenant: { id: string; slug: string; name: string }; user: { id: string; email: string; role: Role }; deviceId: string };

/** Starts a new refresh-token family for a device and signs an access token. */
async function issueTokens(ctx: Ctx, who: Identity, familyId = newId()): Promise<TokenResponse> {
  const now = Date.now();
  const refreshToken = newSecret('rt');
  await ctx.db
    .insertInto('refresh_tokens')
    .values({
      id: newId(), token_hash: hashSecret(refreshToken), family_id: familyId, tenant_id: who.tenant.id, user_id: who.user.id, device_id: who.deviceId,
      created_at: now, expires_at: now + ctx.config.refreshTtlSeconds * 1000, used_at: null, revoked_at: null,
    })
    .execute();
  const accessToken = signAccessToken(ctx.config.signingKeys, { tenantId: who.tenant.id, userId: who.user.id, deviceId: who.deviceId, role: who.user.role }, ctx.config.accessTtlSeconds, now);
  return { accessToken, expiresIn: ctx.config.accessTtlSeconds, refreshToken, ...who };
}

async function identity(db: Kysely<ServerDatabase>, tenantId: string, userId: string, deviceId: string): Promise<Identity> {
  const row = await db
    .selectFrom('users')
    .innerJoin('tenants', 'tenants.id', 'users.tenant_id')
    .select(['tenants.id as tid', 'tenants.slug', 'tenants.name', 'users.id as uid', 'users.email', 'users.role'])
    .where('users.id', '=', userId)
    .where('users.tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (!row) throw unauthorized('user no longer exists');
  return { tenant: { id: row.tid, slug: row.slug, name: row.name }, user: { id: row.uid, email: row.email, role: row.role }, deviceId };
}

export async function login(ctx: Ctx, req: { tenant: string; email: string; password: string; deviceName: string }): Promise<TokenResponse> {
  const user = await ctx.db
    .selectFrom('users')
    .innerJoin('tenants', 'tenants.id', 'users.tenant_id')
    .select(['users.id', 'users.tenant_id', 'users.password_hash'])
    .where('tenants.slug', '=', req.tenant)
    .where('users.email', '=', req.email.toLowerCase())
    .executeTakeFirst();
  const ok = await bcrypt.compare(req.password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !user.password_hash || !ok) {
    await audit(ctx.db, { tenantId: user?.tenant_id ?? null, actor: req.email, action: 'login.failed', detail: { tenant: req.tenant }, ip: ctx.ip });
    throw unauthorized('wrong tenant, email or password');
  }
  const deviceId = newId();
  await ctx.db.insertInto('devices').values({ id: deviceId, tenant_id: user.tenant_id, user_id: user.id, name: req.deviceName, secret_hash: null, created_at: Date.now(), last_seen_at: null, revoked_at: null }).execute();
  await audit(ctx.db, { tenantId: user.tenant_id, actor: user.id, action: 'login', detail: { deviceId }, ip: ctx.ip });
  return issueTokens(ctx, await identity(ctx.db, user.tenant_id, user.id, deviceId));
}

/**
 * A device enrolls once with an IT-issued token and gets its own credentials. A token bound
 * to a user enrolls as that user; an unbound (tenant-wide) token may only enrol reps, so a
 * leaked IT token cannot mint manager or admin devices.
 */
export async function enroll(ctx: Ctx, req: { enrollmentToken: string; deviceName: string; email?: string }): Promise<TokenResponse> {
  const now = Date.now();
  const token = await ctx.db.selectFrom('enrollment_tokens').selectAll().where('token_hash', '=', hashSecret(req.enrollmentToken)).executeTakeFirst();
  if (!token || token.uses_left <= 0 || token.expires_at <= now) {
    await audit(ctx.db, { tenantId: token?.tenant_id ?? null, actor: 'device', action: 'enroll.failed', detail: { reason: token ? 'used up or expired' : 'unknown token' }, ip: ctx.ip });
    throw unauthorized('enrollment token is unknown, used up or expired');
  }
  let userId = token.user_id;
  if (!userId) {
    if (!req.email) throw forbidden('this enrollment token is not bound to a user: give the rep\'s email');
    const user = await ctx.db.selectFrom('users').select(['id', 'role']).where('tenant_id', '=', token.tenant_id).where('email', '=', req.email.toLowerCase()).executeTakeFirst();
    if (!user) throw forbidden(`no user ${req.email} in this tenant`);
    if (user.role !== 'rep') throw forbidden('a tenant-wide enrollment token can enrol reps only');
    userId = user.id;
  }
  const boundUser = userId;
  // One transaction spends the use and creates the device, its first session and the audit entry:
  // if any of it fails the whole enrollment rolls back and the token keeps its use for the retry.
  return ctx.db.transaction().execute(async (trx) => {
    // Consume one use atomically: a concurrent enrollment with the last use loses here (on
    // PostgreSQL it waits for the other transaction, and wins if that one rolls back).
    const consumed = await trx.updateTable('enrollment_tokens').set((eb) => ({ uses_left: eb('uses_left', '-', 1) })).where('id', '=', token.id).where('uses_left', '>', 0).executeTakeFirst();
    if (Number(consumed.numUpdatedRows) !== 1) throw unauthorized('enrollment token is used up');
    const deviceId = newId();
    const deviceSecret = newSecret('ds');
    await trx.insertInto('devices').values({ id: deviceId, tenant_id: token.tenant_id, user_id: boundUser, name: req.deviceName, secret_hash: hashSecret(deviceSecret), created_at: now, last_seen_at: null, revoked_at: null }).execute();
    await audit(trx, { tenantId: token.tenant_id, actor: boundUser, action: 'enroll', detail: { deviceId, deviceName: req.deviceName }, ip: ctx.ip });
    return { ...(await issueTokens({ ...ctx, db: trx }, await identity(trx, token.tenant_id, boundUser, deviceId))), deviceSecret };
  });
}

/** An enrolled device signs in with its own credentials (e.g. after its refresh family was revoked). */
export async function deviceLogin(ctx: Ctx, req: { deviceId: string; deviceSecret: string }): Promise<TokenResponse> {
  const device = await ctx.db.selectFrom('devices').selectAll().where('id', '=', req.deviceId).executeTakeFirst();
  if (!device || device.revoked_at !== null || device.secret_hash !== hashSecret(req.deviceSecret)) {
    await audit(ctx.db, { tenantId: device?.tenant_id ?? null, actor: req.deviceId, action: 'device_login.failed', ip: ctx.ip });
    throw unauthorized('unknown device or wrong device secret');
  }
  await audit(ctx.db, { tenantId: device.tenant_id, actor: device.user_id, action: 'device_login', detail: { deviceId: device.id }, ip: ctx.ip });
  return issueTokens(ctx, await identity(ctx.db, device.tenant_id, device.user_id, device.id));
}

/**
 * Rotating refresh: each token works once and is replaced by a new one of the same family.
 * Presenting a used token means it was copied: the whole family is revoked, so both the thief
 * and the device must sign in again (audited as `refresh.reuse_detected`).
 *
 * Grace window: the same token presented again within `graceMs` of its use, while the token it
 * was exchanged for is still unused, is an exact duplicate (two refreshes racing, a retried
 * request whose answer was lost), not theft: it gets 409 `refresh_superseded` and nothing is
 * revoked or audited. The duplicate does not get the new pair (the server keeps only hashes,
 * and a thief inside the window gets nothing either); the caller that won has it. After the
 * window, or once the new token has been used, a replay is reuse as above.
 */
export async function refresh(ctx: Ctx, req: { refreshToken: string }, options: { graceMs?: number } = {}): Promise<TokenResponse> {
  const now = Date.now();
  const graceMs = options.graceMs ?? 5000;
  const row = await ctx.db.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', hashSecret(req.refreshToken)).executeTakeFirst();
  if (!row) throw unauthorized('unknown refresh token');
  if (row.expires_at <= now) throw unauthorized('refresh token expired: sign in again');
  // Mark used only if still unused and unrevoked: of two concurrent uses, exactly one wins.
  const used = await ctx.db.updateTable('refresh_tokens').set({ used_at: now }).where('id', '=', row.id).where('used_at', 'is', null).where('revoked_at', 'is', null).executeTakeFirst();
  if (Number(used.numUpdatedRows) !== 1) {
    // Read it again: a concurrent winner has just marked it used.
    const seen = await ctx.db.selectFrom('refresh_tokens').select(['used_at', 'revoked_at', 'successor_hash']).where('id', '=', row.id).executeTakeFirstOrThrow();
    if (seen.revoked_at !== null) throw unauthorized('this session was revoked: sign in again');
    if (graceMs > 0 && seen.used_at !== null && now - seen.used_at < graceMs) {
      // The successor is still unused (or still being issued by the winner): a duplicate.
      const successor = seen.successor_hash === null ? undefined : await ctx.db.selectFrom('refresh_tokens').select(['used_at', 'revoked_at']).where('token_hash', '=', seen.successor_hash).executeTakeFirst();
      if (!successor || (successor.used_at === null && successor.revoked_at === null)) {
        const seconds = Math.round(graceMs / 1000);
        throw new HttpError(409, 'refresh_superseded', `this refresh token was just exchanged by another request (within ${seconds} s): use the tokens that request got`);
      }
    }
    await ctx.db.updateTable('refresh_tokens').set({ revoked_at: now }).where('family_id', '=', row.family_id).where('revoked_at', 'is', null).execute();
    await audit(ctx.db, { tenantId: row.tenant_id, actor: row.user_id, action: 'refresh.reuse_detected', detail: { familyId: row.family_id, deviceId: row.device_id }, ip: ctx.ip });
    throw unauthorized('refresh token was already used: the session is revoked, sign in again');
  }
  const device = await ctx.db.selectFrom('devices').select('revoked_at').where('id', '=', row.device_id).executeTakeFirst();
  if (!device || device.revoked_at !== null) throw unauthorized('device is revoked');
  const next = await issueTokens(ctx, await identity(ctx.db, row.tenant_id, row.user_id, row.device_id), row.family_id);
  // Before the answer leaves: a duplicate can tell from here on whether the new token was used.
  await ctx.db.updateTable('refresh_tokens').set({ successor_hash: hashSecret(next.refreshToken) }).where('id', '=', row.id).execute();
  return next;
}

/** Sign-out: revokes the refresh-token family this token belongs to (all its successors). */
export async function revokeFamily(ctx: Ctx, req: { refreshToken: string }): Promise<void> {
  const row = await ctx.db.selectFrom('refresh_tokens').select(['family_id', 'tenant_id', 'user_id']).where('token_hash', '=', hashSecret(req.refreshToken)).executeTakeFirst();
  if (!row) return;
  await ctx.db.updateTable('refresh_tokens').set({ revoked_at: Date.now() }).where('family_id', '=', row.family_id).where('revoked_at', 'is', null).execute();
  await audit(ctx.db, { tenantId: row.tenant_id, actor: row.user_id, action: 'logout', detail: { familyId: row.family_id }, ip: ctx.ip });
}
