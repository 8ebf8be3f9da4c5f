import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { usePostgresAndRedis } from './test-support/shared-services';
import { sharedSigningKeys, startServerProcess, type ServerProcess } from './test-support/server-process';
import { api, callOp, seedTenants, type TenantFixture } from './test-support/fixture';
import { LIVE_CHANGE_EVENT, type Change } from '../src-shared/sync-protocol';

const services = usePostgresAndRedis();

const ARGS = ['--device-rps', '1000', '--auth-per-minute', '1000'];
const countStored = async (url: string, token: string, prefix: string) => {
  const ids: string[] = [];
  let since = 0;
  for (;;) {
    const res = await api(url, 'GET', `/v1/sync/pull?protocol=1&since=${since}&limit=1000`, { token });
    ids.push(...(res.body.changes as Change[]).map((c) => c.entityId).filter((id) => id.startsWith(prefix)));
    since = res.body.cursor;
    if (!res.body.hasMore) return ids;
  }
};

// The SQLite WAL checkpoint thread, the writer thread and the --stats diagnostics (issue 17) must keep this too.
describe.each([
  ['sqlite', ['--sqlite-writer', 'loop']],
  ['sqlite', ['--sqlite-writer', 'thread', '--stats']],
  ['sqlite', ['--sqlite-checkpoint', 'worker', '--stats']],
  ['postgres', []],
] as const)('server SIGKILL mid-push on %s %j', (backend, extra) => {
  const ARGS_HERE = [...ARGS, ...extra];
  let srv: ServerProcess;
  let databaseUrl: string | undefined;
  let T: TenantFixture;
  beforeAll(async () => {
    databaseUrl = backend === 'postgres' ? await services.pg.createDatabase(`kill_${Date.now()}`) : undefined;
    srv = await startServerProcess({ databaseUrl, args: ARGS_HERE });
    [T] = (await seedTenants({ url: srv.url, dataDir: srv.dataDir, databaseUrl }, ['kilo'])) as [TenantFixture];
  }, 180_000); // real servers (and PostgreSQL) start here; slow on a loaded CI box
  afterAll(async () => {
    await srv?.kill();
  });

  it('stores every op exactly once after the client retries every unacknowledged batch', async () => {
    const prefix = `k${backend}-`;
    const batches = Array.from({ length: 30 }, (_, b) => Array.from({ length: 20 }, (_, i) => callOp({ entityId: `${prefix}${b}-${i}` })));
    const acked = new Set<number>();
    // Eight devices' worth of concurrent pushes; the server dies while many are in flight.
    let next = 0;
    let killing: Promise<void> | null = null;
    const worker = async () => {
      while (next < batches.length) {
        const b = next++;
        try {
          const res = await api(srv.url, 'POST', '/v1/sync/push', { token: T.rep.accessToken, body: { protocol: 1, ops: batches[b] } });
          if (res.status === 200) acked.add(b);
        } catch {
          // connection reset by the kill: retried below
        }
        if (acked.size >= 5) killing ??= srv.kill('SIGKILL');
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    await killing;
    expect(srv.child.signalCode).toBe('SIGKILL');
    expect(acked.size).toBeLessThan(batches.length);
    srv = await startServerProcess({ databaseUrl, dataDir: srv.dataDir, port: srv.port, args: ARGS_HERE });
    // The client retries every batch it has no answer for (and, to be harsh, every acked one too).
    let duplicates = 0;
    for (const batch of batches) {
      const res = await api(srv.url, 'POST', '/v1/sync/push', { token: T.rep.accessToken, body: { protocol: 1, ops: batch } });
      expect(res.status).toBe(200);
      expect(res.body.accepted).toHaveLength(20);
      duplicates += res.body.duplicates;
    }
    expect(duplicates).toBeGreaterThanOrEqual(acked.size * 20);
    const ids = await countStored(srv.url, T.manager.accessToken, prefix);
    expect(ids).toHaveLength(600);
    expect(new Set(ids).size).toBe(600);
  });
});

describe('two server processes sharing one PostgreSQL and Redis', () => {
  let one: ServerProcess;
  let two: ServerProcess;
  let T: TenantFixture;
  let U: TenantFixture;
  beforeAll(async () => {
    const databaseUrl = await services.pg.createDatabase(`multi_${Date.now()}`);
    const env = sharedSigningKeys();
    one = await startServerProcess({ databaseUrl, redisUrl: services.redis.url, args: ARGS, env });
    two = await startServerProcess({ databaseUrl, redisUrl: services.redis.url, args: ARGS, env });
    [T, U] = (await seedTenants({ url: one.url, dataDir: one.dataDir, databaseUrl }, ['multi-a', 'multi-b'])) as [TenantFixture, TenantFixture];
  }, 180_000); // real servers (and PostgreSQL) start here; slow on a loaded CI box
  afterAll(async () => {
    await Promise.all([one?.kill(), two?.kill()]);
  });

  const socketFor = (url: string, token: string) =>
    new Promise<Socket>((resolve, reject) => {
      const s = connect(url, { auth: { token }, transports: ['websocket'], reconnection: false });
      s.once('connect', () => resolve(s));
      s.once('connect_error', reject);
    });

  it('an event pushed via process 1 reaches a socket on process 2 (and not another tenant)', async () => {
    const onTwo = await socketFor(two.url, T.manager.accessToken);
    const otherTenant = await socketFor(two.url, U.manager.accessToken);
    const leaked: Change[] = [];
    otherTenant.on(LIVE_CHANGE_EVENT, (cs: Change[]) => leaked.push(...cs));
    const op = callOp();
    const started = Date.now();
    const got = new Promise<number>((resolve) => onTwo.on(LIVE_CHANGE_EVENT, (cs: Change[]) => cs.some((c) => c.entityId === op.entityId) && resolve(Date.now() - started)));
    const res = await api(one.url, 'POST', '/v1/sync/push', { token: T.rep.accessToken, body: { protocol: 1, ops: [op] } });
    expect(res.status).toBe(200);
    expect(await got).toBeLessThan(1000);
    // Tokens signed by one process are valid on the other (shared key in the database).
    expect((await api(two.url, 'GET', '/v1/me', { token: T.rep.accessToken })).status).toBe(200);
    // U's own probe through process 1 reaches U's socket: the silence above is meaningful.
    const probe = callOp();
    const uGot = new Promise<void>((resolve) => otherTenant.on(LIVE_CHANGE_EVENT, (cs: Change[]) => cs.some((c) => c.entityId === probe.entityId) && resolve()));
    await api(one.url, 'POST', '/v1/sync/push', { token: U.rep.accessToken, body: { protocol: 1, ops: [probe] } });
    await uGot;
    expect(leaked.some((c) => c.entityId === op.entityId)).toBe(false);
    // Per-tenant sequence stays gap-free and unique across both processes under concurrent pushes.
    await Promise.all(Array.from({ length: 10 }, (_, i) => api(i % 2 ? one.url : two.url, 'POST', '/v1/sync/push', { token: T.rep2.accessToken, body: { protocol: 1, ops: [callOp(), callOp()] } })));
    const pulled = await api(two.url, 'GET', '/v1/sync/pull?protocol=1&since=0&limit=1000', { token: T.manager.accessToken });
    const seqs = (pulled.body.changes as Change[]).map((c) => c.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    onTwo.close();
    otherTenant.close();
  });
});
