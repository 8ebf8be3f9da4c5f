import net from 'node:net';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type Postgres } from './test-support/services';
import { startServerProcess, type ServerProcess } from './test-support/server-process';
import { api, callOp, seedTenants, type TenantFixture } from './test-support/fixture';
import { openServerDb } from './db/database';

// Raw-protocol tests of load shedding (503 + Retry-After past a bound), on both storage backends.
let pg: Postgres;
beforeAll(async () => {
  pg = await startPostgres({ fsync: false });
}, 180_000); // real servers (and PostgreSQL) start here; slow on a loaded CI box
afterAll(async () => {
  await pg?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A push whose headers are sent and whose body never ends: it stays in flight until destroyed. */
function holdPush(port: number, token: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => {
      s.write(`POST /v1/sync/push HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n{"protocol":1,`);
      resolve(s);
    });
    s.once('error', reject);
  });
}

/** A push with its status, Retry-After and body, timed. */
async function push(url: string, token: string, ops: unknown[]) {
  const t0 = performance.now();
  const res = await fetch(`${url}/v1/sync/push`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ protocol: 1, ops }) });
  const body = (await res.json()) as { accepted?: string[]; duplicates?: number; error?: { code: string; message: string } };
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body, ms: performance.now() - t0 };
}

describe.each(['sqlite', 'postgres'] as const)('load shedding on %s', (backend) => {
  let srv: ServerProcess;
  let A: TenantFixture;
  let databaseUrl: string | undefined;

  beforeAll(async () => {
    databaseUrl = backend === 'postgres' ? await pg.createDatabase(`shed_${Date.now()}`) : undefined;
    srv = await startServerProcess({ databaseUrl, args: ['--device-rps', '1000', '--auth-per-minute', '1000', '--max-in-flight', '3', '--max-event-loop-delay', '400'] });
    [A] = (await seedTenants({ url: srv.url, dataDir: srv.dataDir, databaseUrl }, ['acme'])) as [TenantFixture];
  }, 180_000);
  afterAll(async () => {
    await srv?.kill();
  });

  it('past the in-flight bound answers 503 overloaded with Retry-After at once, stores nothing, and serves again when requests finish', async () => {
    const held = await Promise.all([0, 1, 2].map(() => holdPush(srv.port, A.rep.accessToken)));
    try {
      await sleep(300); // the server has read their headers: three requests in flight
      const ops = [callOp(), callOp()];
      const shed = await push(srv.url, A.rep.accessToken, ops);
      expect(shed.status).toBe(503);
      expect(shed.body.error!.code).toBe('overloaded');
      expect(shed.body.error!.message).toMatch(/^the sync server is busy .*retry in 2 s$/);
      expect(shed.retryAfter).toBe('2');
      expect(shed.ms).toBeLessThan(2000); // refused at once, not after a wait
      // Liveness is never shed.
      expect((await api(srv.url, 'GET', '/healthz')).status).toBe(200);
      for (const s of held) s.destroy(); // aborted requests leave the count too
      await sleep(300);
      const again = await push(srv.url, A.rep.accessToken, ops);
      expect(again.status).toBe(200);
      // The refused attempt stored nothing: the same ops are new now.
      expect(again.body).toMatchObject({ accepted: ops.map((o) => o.opId), duplicates: 0 });
    } finally {
      for (const s of held) s.destroy();
    }
  });

  it('a turn of the event loop past its bound (a burst of big pushes) refuses the rest of the burst with 503 + Retry-After; exactly the acknowledged pushes are stored', async () => {
    const busy = await startServerProcess({ databaseUrl, dataDir: srv.dataDir, args: ['--device-rps', '100000', '--max-event-loop-delay', '50', '--max-queued-ops', '1000000'] });
    const pool = new Agent({ connections: 40 });
    try {
      // 40 keep-alive connections, open before the burst, so the burst is read in one go.
      await Promise.all(Array.from({ length: 40 }, () => fetch(`${busy.url}/healthz`, { dispatcher: pool } as RequestInit).then((r) => r.arrayBuffer())));
      const batches = Array.from({ length: 40 }, () => Array.from({ length: 500 }, () => callOp()));
      const answers = await Promise.all(
        batches.map(async (ops) => {
          const res = await fetch(`${busy.url}/v1/sync/push`, {
            method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${A.rep.accessToken}` }, body: JSON.stringify({ protocol: 1, ops }), dispatcher: pool,
          } as RequestInit);
          return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { error?: { message: string } }, ops };
        }),
      );
      const statuses = answers.map((a) => a.status);
      expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
      expect(statuses).toContain(200);
      expect(statuses).toContain(503);
      for (const a of answers.filter((x) => x.status === 503)) {
        expect(a.retryAfter).toBe('2');
        expect(a.body.error!.message).toMatch(/^the sync server is busy \(\d+ ms behind\): retry in 2 s$/);
      }
      const { db, close } = await openServerDb({ dataDir: srv.dataDir, databaseUrl });
      try {
        const ids = batches.flat().map((o) => o.opId);
        const stored = new Set<string>();
        for (let i = 0; i < ids.length; i += 1000) for (const r of await db.selectFrom('changes').select('op_id').where('op_id', 'in', ids.slice(i, i + 1000)).execute()) stored.add(r.op_id);
        expect([...stored].sort()).toEqual(answers.filter((a) => a.status === 200).flatMap((a) => a.ops.map((o) => o.opId)).sort());
      } finally {
        await close();
      }
    } finally {
      await pool.close();
      await busy.kill();
    }
  });
});
