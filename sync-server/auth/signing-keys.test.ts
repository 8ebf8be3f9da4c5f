import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usePostgres } from '../test-support/use-postgres';
import { admin, startServerProcess, type ServerProcess } from '../test-support/server-process';
import { api, PASSWORD, seedTenants, type TenantFixture } from '../test-support/fixture';
import { migrateUpTo } from '../db/migrations';
import { createTenant, createUser } from '../admin-service';
import type { ServerDatabase } from '../db/schema';
import { KEY_FILE_NAME } from './signing-keys';

// Issue 16 point 5: the token-signing keys are never in the database (a copy of it minted admin
// tokens for any tenant), the server's files are private, and keys rotate by key id.
const postgres = usePostgres();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mode = (p: string) => fs.statSync(p).mode & 0o777;
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** A JWT signed here, independently of the server's code: what a forger with a key would make. */
function jwt(key: Buffer, kid: string, claims: Record<string, unknown>): string {
  const signed = `${b64({ alg: 'HS256', typ: 'JWT', kid })}.${b64({ exp: Math.floor(Date.now() / 1000) + 900, ...claims })}`;
  return `${signed}.${crypto.createHmac('sha256', key).update(signed).digest('base64url')}`;
}
/** The token format of servers before key ids (base64url(claims).HMAC), with the key they kept in server_meta. */
function oldFormatToken(key: Buffer, claims: Record<string, unknown>): string {
  const body = b64({ exp: Math.floor(Date.now() / 1000) + 900, ...claims });
  return `${body}.${crypto.createHmac('sha256', key).update(body).digest('base64url')}`;
}
const kidOf = (token: string) => (JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')) as { kid: string }).kid;
const keyFileOf = (dataDir: string) => JSON.parse(fs.readFileSync(path.join(dataDir, KEY_FILE_NAME), 'utf8')) as { keys: { kid: string; key: string; retiresAt?: number }[] };
/** Every spelling a key could be stored in. */
const spellings = (key: Buffer) => [key, Buffer.from(key.toString('hex')), Buffer.from(key.toString('base64')), Buffer.from(key.toString('base64url'))];
const sqliteFiles = (dataDir: string) => ['sync-server.db', 'sync-server.db-wal', 'sync-server.db-shm'].map((f) => path.join(dataDir, f)).filter((f) => fs.existsSync(f));

/** What a copy of the database holds: SQLite's file bytes; on PostgreSQL every row of every table. */
async function databaseBytes(backend: 'sqlite' | 'postgres', dataDir: string, databaseUrl?: string): Promise<Buffer> {
  if (backend === 'sqlite') return Buffer.concat(sqliteFiles(dataDir).map((f) => fs.readFileSync(f)));
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const tables = await client.query<{ tablename: string }>(`select tablename from pg_tables where schemaname = 'public'`);
    const rows: unknown[] = [];
    for (const t of tables.rows) rows.push((await client.query(`select * from "${t.tablename}"`)).rows);
    return Buffer.from(JSON.stringify(rows));
  } finally {
    await client.end();
  }
}

describe.each(['sqlite', 'postgres'] as const)('no token or signing key in the database, on %s', (backend) => {
  let srv: ServerProcess;
  let databaseUrl: string | undefined;
  let A: TenantFixture;

  beforeAll(async () => {
    databaseUrl = await postgres.databaseFor(backend, 'keys');
    srv = await startServerProcess({ databaseUrl, args: ['--device-rps', '1000', '--auth-per-minute', '1000'] });
    [A] = (await seedTenants({ url: srv.url, dataDir: srv.dataDir, databaseUrl }, ['acme'])) as [TenantFixture];
  }, 180_000);
  afterAll(async () => {
    await srv?.kill();
  });

  it('keeps the keys in a 0600 file in a 0700 data folder, and no secret in any database bytes', async () => {
    const enrolled = await api(srv.url, 'POST', '/v1/auth/enroll', { body: { enrollmentToken: A.enrollToken, deviceName: 'rep-mac' } });
    expect(enrolled.status).toBe(200);
    const refreshed = await api(srv.url, 'POST', '/v1/auth/refresh', { body: { refreshToken: A.rep2.refreshToken } });
    expect(refreshed.status).toBe(200);
    const secrets = [
      A.enrollToken, enrolled.body.deviceSecret as string, enrolled.body.refreshToken as string, enrolled.body.accessToken as string,
      refreshed.body.refreshToken as string, refreshed.body.accessToken as string,
      ...[A.admin, A.manager, A.rep, A.rep2].flatMap((t) => [t.accessToken, t.refreshToken]),
    ];
    // (A refresh within the same second signs the same claims: that access token may equal rep2's.)
    expect(new Set(secrets).size).toBeGreaterThanOrEqual(secrets.length - 1);

    const keyFile = path.join(srv.dataDir, KEY_FILE_NAME);
    expect(mode(keyFile)).toBe(0o600);
    expect(mode(srv.dataDir)).toBe(0o700);
    const keys = keyFileOf(srv.dataDir).keys.map((k) => Buffer.from(k.key, 'base64url'));
    expect(keys).toHaveLength(1);
    expect(kidOf(A.admin.accessToken)).toBe(keyFileOf(srv.dataDir).keys[0]!.kid);

    if (backend === 'sqlite') {
      const files = sqliteFiles(srv.dataDir);
      expect(files.map((f) => path.basename(f)).sort()).toEqual(['sync-server.db', 'sync-server.db-shm', 'sync-server.db-wal']);
      for (const f of files) expect([path.basename(f), mode(f)]).toEqual([path.basename(f), 0o600]);
    }
    const bytes = await databaseBytes(backend, srv.dataDir, databaseUrl);
    expect(bytes.length).toBeGreaterThan(2_000);
    expect(bytes.includes(Buffer.from(A.admin.user.email))).toBe(true); // the scan does see the data
    for (const s of secrets) expect(bytes.includes(Buffer.from(s)), `a token in the database: ${s.slice(0, 12)}…`).toBe(false);
    for (const k of keys) for (const spelt of spellings(k)) expect(bytes.includes(spelt), 'the signing key in the database').toBe(false);
  });

  it(`puts the modes back on every start (folder 0700, key file 0600${backend === 'sqlite' ? '; database and WAL 0600' : ''})`, async () => {
    await srv.kill();
    const db = path.join(srv.dataDir, 'sync-server.db');
    fs.chmodSync(srv.dataDir, 0o755);
    fs.chmodSync(path.join(srv.dataDir, KEY_FILE_NAME), 0o644);
    if (backend === 'sqlite') {
      fs.chmodSync(db, 0o644);
      // A -wal left 0644 by a crashed older server.
      fs.writeFileSync(`${db}-wal`, '', { mode: 0o644 });
      fs.chmodSync(`${db}-wal`, 0o644);
    }
    srv = await startServerProcess({ dataDir: srv.dataDir, databaseUrl, args: ['--device-rps', '1000', '--auth-per-minute', '1000'] });
    expect(mode(srv.dataDir)).toBe(0o700);
    expect(mode(path.join(srv.dataDir, KEY_FILE_NAME))).toBe(0o600);
    if (backend === 'sqlite') {
      for (const f of sqliteFiles(srv.dataDir)) expect([path.basename(f), mode(f)]).toEqual([path.basename(f), 0o600]);
      expect(sqliteFiles(srv.dataDir).length).toBe(3);
    } else expect(sqliteFiles(srv.dataDir)).toEqual([]); // on PostgreSQL no database file is made beside the key
    // The key file survived the restart: tokens signed before it still verify.
    expect((await api(srv.url, 'GET', '/v1/me', { token: A.admin.accessToken })).status).toBe(200);
  });
});

describe.each(['sqlite', 'postgres'] as const)('upgrading a database that held the signing key, on %s', (backend) => {
  let srv: ServerProcess | undefined;
  afterAll(async () => {
    await srv?.kill();
  });

  it('moves the key out of the database and rotates: a token forged with the old database-held key fails', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sync-upgrade-'));
    const databaseUrl = await postgres.databaseFor(backend, 'upgrade');
    // The database as a server before key files left it: migrations 0001-0003 and the key in server_meta.
    const oldSqlite = () => {
      const file = new BetterSqlite3(path.join(dataDir, 'sync-server.db'));
      file.pragma('journal_mode = WAL');
      return file;
    };
    const old = databaseUrl
      ? new Kysely<ServerDatabase>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl, max: 1 }) }) })
      : new Kysely<ServerDatabase>({ dialect: new SqliteDialect({ database: oldSqlite() }) });
    await migrateUpTo(old as unknown as Kysely<unknown>, '0003-refresh-successor');
    const oldKey = crypto.randomBytes(32);
    await old.insertInto('server_meta').values({ key: 'token_secret', value: oldKey.toString('hex') }).execute();
    const tenant = await createTenant(old, { slug: 'victim', name: 'Victim' });
    const adminUser = await createUser(old, { tenant: 'victim', email: 'it@victim.test', role: 'admin', password: PASSWORD });
    await old.destroy();
    const claims = { tenantId: tenant.id, userId: adminUser.id, deviceId: 'forged', role: 'admin' };
    // What the review reproduced: with the database's key, a token the old server accepted.
    const forgedOld = oldFormatToken(oldKey, claims);

    srv = await startServerProcess({ dataDir, databaseUrl, args: ['--device-rps', '1000', '--auth-per-minute', '1000'] });
    const currentKid = keyFileOf(dataDir).keys[0]!.kid;
    const forged = [
      forgedOld,
      jwt(oldKey, currentKid, claims), // the old key under the new key's id
      jwt(oldKey, 'token_secret', claims),
      jwt(oldKey, 'db', claims),
    ];
    for (const token of forged) {
      const res = await api(srv.url, 'GET', '/v1/audit', { token });
      expect([res.status, res.body.error.code]).toEqual([401, 'unauthorized']);
    }
    // The key is gone from the database, and is not the file's key either.
    const meta = await databaseBytes(backend, dataDir, databaseUrl);
    for (const spelt of spellings(oldKey)) expect(meta.includes(spelt), 'the old key still in the database').toBe(false);
    expect(keyFileOf(dataDir).keys.map((k) => k.key)).not.toContain(oldKey.toString('base64url'));
    // The tenant's real admin signs in and works with a token of the new key.
    const login = await api(srv.url, 'POST', '/v1/auth/login', { body: { tenant: 'victim', email: 'it@victim.test', password: PASSWORD, deviceName: 'it-laptop' } });
    expect(login.status).toBe(200);
    expect(kidOf(login.body.accessToken as string)).toBe(currentKid);
    expect((await api(srv.url, 'GET', '/v1/audit', { token: login.body.accessToken as string })).status).toBe(200);
  });
});

describe('rotating the signing key (key file)', () => {
  let srv: ServerProcess;
  let A: TenantFixture;
  beforeAll(async () => {
    srv = await startServerProcess({ args: ['--device-rps', '1000', '--auth-per-minute', '1000'] });
    [A] = (await seedTenants({ url: srv.url, dataDir: srv.dataDir }, ['acme'])) as [TenantFixture];
  }, 180_000);
  afterAll(async () => {
    await srv?.kill();
  });
  const me = (token: string) => api(srv.url, 'GET', '/v1/me', { token });
  const signIn = async () => {
    const res = await api(srv.url, 'POST', '/v1/auth/login', { body: { tenant: 'acme', email: 'rep@acme.test', password: PASSWORD, deviceName: 'laptop' } });
    expect(res.status).toBe(200);
    return res.body.accessToken as string;
  };

  it('signs with the new key at once, verifies the old kid within the window, refuses it after; unknown kids are refused', async () => {
    const before = A.admin.accessToken;
    const firstKid = kidOf(before);
    const [rotation] = await admin({ dataDir: srv.dataDir }, ['rotate-signing-key', '--retire-after', '4']);
    expect(rotation).toMatchObject({ previous: [{ kid: firstKid }], dropped: [] });
    const newKid = rotation!.current as string;
    expect(newKid).not.toBe(firstKid);
    expect(mode(path.join(srv.dataDir, KEY_FILE_NAME))).toBe(0o600);
    const retiresAt = (rotation!.previous as { retiresAt: number }[])[0]!.retiresAt;

    // The running server re-reads the file within a second: no restart.
    await sleep(1200);
    const after = await signIn();
    expect(kidOf(after)).toBe(newKid);
    expect((await me(after)).status).toBe(200);
    expect((await me(before)).status).toBe(200); // inside the window

    // A kid the server does not hold, even signed with its current key, is refused.
    const currentKey = Buffer.from(keyFileOf(srv.dataDir).keys[0]!.key, 'base64url');
    const claims = { tenantId: A.id, userId: A.admin.user.id, deviceId: A.admin.deviceId, role: 'admin' };
    expect((await me(jwt(currentKey, newKid, claims))).status).toBe(200); // the control: the file's key is the one
    const unknown = await me(jwt(currentKey, 'nope', claims));
    expect([unknown.status, unknown.body.error.message]).toEqual([401, 'access token signed with an unknown or retired key: sign in again']);
    const noKid = await me(`${b64({ alg: 'HS256', typ: 'JWT' })}.${jwt(currentKey, newKid, claims).split('.').slice(1).join('.')}`);
    expect(noKid.status).toBe(401);
    const none = await me(`${b64({ alg: 'none', typ: 'JWT', kid: newKid })}.${b64({ ...claims, exp: Math.floor(Date.now() / 1000) + 900 })}.`);
    expect(none.status).toBe(401);

    // Past the window the old key verifies nothing, though the token itself has not expired.
    await sleep(Math.max(0, retiresAt - Date.now()) + 300);
    const refused = await me(before);
    expect([refused.status, refused.body.error.message]).toEqual([401, 'access token signed with an unknown or retired key: sign in again']);
    expect((await me(after)).status).toBe(200);

    // The next rotation drops the retired key from the file.
    const [again] = await admin({ dataDir: srv.dataDir }, ['rotate-signing-key']);
    expect(again).toMatchObject({ previous: [{ kid: newKid }], dropped: [firstKid] });
    expect(keyFileOf(srv.dataDir).keys.map((k) => k.kid)).toEqual([again!.current, newKid]);
  }, 60_000);
});

describe('signing keys from SYNC_SIGNING_KEYS (several processes on PostgreSQL)', () => {
  const servers: ServerProcess[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.kill()));
  });

  it('verifies across processes, writes no key file, rotates by a new first key', async () => {
    const databaseUrl = await postgres.databaseFor('postgres', 'envkeys');
    const keyA = crypto.randomBytes(32);
    const keyB = crypto.randomBytes(32);
    const one = await startServerProcess({ databaseUrl, env: { SYNC_SIGNING_KEYS: `a:${keyA.toString('base64')}` }, args: ['--auth-per-minute', '1000'] });
    servers.push(one);
    const [A] = (await seedTenants({ url: one.url, dataDir: one.dataDir, databaseUrl }, ['acme'])) as [TenantFixture];
    expect(kidOf(A.admin.accessToken)).toBe('a');
    expect(fs.existsSync(path.join(one.dataDir, KEY_FILE_NAME))).toBe(false);
    // The key is the variable's: a token signed with it here is accepted.
    const claims = { tenantId: A.id, userId: A.rep.user.id, deviceId: A.rep.deviceId, role: 'rep' };
    expect((await api(one.url, 'GET', '/v1/me', { token: jwt(keyA, 'a', claims) })).status).toBe(200);

    // A second process, already rotated: b signs, a still verifies.
    const two = await startServerProcess({ databaseUrl, env: { SYNC_SIGNING_KEYS: `b:${keyB.toString('base64url')},a:${keyA.toString('base64url')}` }, args: ['--auth-per-minute', '1000'] });
    servers.push(two);
    expect((await api(two.url, 'GET', '/v1/me', { token: A.admin.accessToken })).status).toBe(200);
    const login = await api(two.url, 'POST', '/v1/auth/login', { body: { tenant: 'acme', email: 'rep@acme.test', password: PASSWORD, deviceName: 'laptop' } });
    expect(kidOf(login.body.accessToken as string)).toBe('b');
    // The first process, not yet given b, refuses it.
    expect((await api(one.url, 'GET', '/v1/me', { token: login.body.accessToken as string })).status).toBe(401);

    // The admin command prints the next value of the variable.
    const [next] = await admin({ dataDir: one.dataDir, databaseUrl }, ['rotate-signing-key'], { SYNC_SIGNING_KEYS: `b:${keyB.toString('base64url')},a:${keyA.toString('base64url')}` });
    expect(next).toMatchObject({ variable: 'SYNC_SIGNING_KEYS', previous: ['b'] });
    expect(String(next!.value)).toMatch(new RegExp(`^${next!.current as string}:[A-Za-z0-9_-]{43},b:${keyB.toString('base64url')}$`));
  });

  it('refuses to start on bad or legacy key settings, with a one-line reason', async () => {
    await expect(startServerProcess({ env: { SYNC_SIGNING_KEYS: `a:${crypto.randomBytes(8).toString('base64')}` } })).rejects.toThrow(/key a is shorter than 32 bytes/);
    await expect(startServerProcess({ env: { SYNC_TOKEN_SECRET: 'x'.repeat(40), SYNC_SIGNING_KEYS: '' } })).rejects.toThrow(/SYNC_TOKEN_SECRET is no longer read: set SYNC_SIGNING_KEYS/);
  });
});
