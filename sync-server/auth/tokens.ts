import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Role } from '../../src-shared/sync-protocol';
import type { ServerDatabase } from '../db/schema';

/** What an access token proves. Tenant scope always comes from here, never from a body. */
export type Principal = { tenantId: string; userId: string; deviceId: string; role: Role; exp: number };

export const newId = (): string => crypto.randomUUID();
/** A random secret for a person or program to hold (refresh tokens, device secrets, enrollment tokens). */
export const newSecret = (prefix: string): string => `${prefix}_${crypto.randomBytes(32).toString('base64url')}`;
/** High-entropy secrets need no slow hash: SHA-256 is enough and keeps lookups indexed. */
export const hashSecret = (secret: string): string => crypto.createHash('sha256').update(secret).digest('hex');

/**
 * The HMAC key signing access tokens. Kept in the database (created once) so every server
 * process sharing one PostgreSQL verifies the others' tokens; SYNC_TOKEN_SECRET overrides it.
 */
export async function loadSigningKey(db: Kysely<ServerDatabase>): Promise<Buffer> {
  if (process.env.SYNC_TOKEN_SECRET) return Buffer.from(process.env.SYNC_TOKEN_SECRET);
  await db
    .insertInto('server_meta')
    .values({ key: 'token_secret', value: crypto.randomBytes(32).toString('hex') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db.selectFrom('server_meta').select('value').where('key', '=', 'token_secret').executeTakeFirstOrThrow();
  return Buffer.from(row.value, 'hex');
}

/** Compact signed token: base64url(JSON claims) + "." + base64url(HMAC-SHA256). */
export function signAccessToken(key: Buffer, claims: Omit<Principal, 'exp'>, ttlSeconds: number, now = Date.now()): string {
  const body = Buffer.from(JSON.stringify({ ...claims, exp: Math.floor(now / 1000) + ttlSeconds })).toString('base64url');
  const sig = crypto.createHmac('sha256', key).update(body).digest('base64url');
  return `${body}.${sig}`;
}

/** Returns the principal, or a one-line reason the token is not valid. */
export function verifyAccessToken(key: Buffer, token: string, now = Date.now()): Principal | string {
  const [body, sig, extra] = token.split('.');
  if (!body || !sig || extra !== undefined) return 'malformed access token';
  const expected = crypto.createHmac('sha256', key).update(body).digest();
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return 'access token signature is not valid';
  let claims: Principal;
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Principal;
  } catch {
    return 'malformed access token';
  }
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now) return 'access token expired';
  return claims;
}
