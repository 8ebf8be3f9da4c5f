import crypto from 'node:crypto';
import type { Role } from '../../src-shared/sync-protocol';
import type { KeyRing } from './signing-keys';

/** What an access token proves. Tenant scope always comes from here, never from a body. */
export type Principal = { tenantId: string; userId: string; deviceId: string; role: Role; exp: number };

export const newId = (): string => crypto.randomUUID();
/** A random secret for a person or program to hold (refresh tokens, device secrets, enrollment tokens). */
export const newSecret = (prefix: string): string => `${prefix}_${crypto.randomBytes(32).toString('base64url')}`;
/** High-entropy secrets need no slow hash: SHA-256 is enough and keeps lookups indexed. */
export const hashSecret = (secret: string): string => crypto.createHash('sha256').update(secret).digest('hex');

/** The JOSE header of an access token (JWT, HS256); `kid` names the key that signed it. */
type Header = { alg: 'HS256'; typ: 'JWT'; kid: string };
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const hmac = (key: Buffer, data: string) => crypto.createHmac('sha256', key).update(data).digest();

/**
 * A JWT (HS256) signed with the ring's current key, its id in the header's `kid`:
 * base64url(header) + "." + base64url(claims) + "." + base64url(HMAC-SHA256).
 */
export function signAccessToken(keys: KeyRing, claims: Omit<Principal, 'exp'>, ttlSeconds: number, now = Date.now()): string {
  const key = keys.current();
  const header: Header = { alg: 'HS256', typ: 'JWT', kid: key.kid };
  const signed = `${b64(header)}.${b64({ ...claims, exp: Math.floor(now / 1000) + ttlSeconds })}`;
  return `${signed}.${hmac(key.key, signed).toString('base64url')}`;
}

const parse = <T>(part: string): T | undefined => {
  try {
    const v = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    return v !== null && typeof v === 'object' ? (v as T) : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Returns the principal, or a one-line reason the token is not valid. The key is the one its
 * `kid` names among the ring's keys that may still verify (current, or previous within its
 * window); an unknown or retired kid, another algorithm or a bad signature is refused.
 */
export function verifyAccessToken(keys: KeyRing, token: string, now = Date.now()): Principal | string {
  const [head, body, sig, extra] = token.split('.');
  if (!head || !body || !sig || extra !== undefined) return 'malformed access token';
  const header = parse<Partial<Header>>(head);
  if (!header || header.alg !== 'HS256' || typeof header.kid !== 'string') return 'malformed access token';
  const key = keys.find(header.kid, now);
  if (!key) return 'access token signed with an unknown or retired key: sign in again';
  const expected = hmac(key.key, `${head}.${body}`);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return 'access token signature is not valid';
  const claims = parse<Principal>(body);
  if (!claims) return 'malformed access token';
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now) return 'access token expired';
  return claims;
}
