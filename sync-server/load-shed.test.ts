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

/**
 * A push whose headers are sent and whose body never ends: it stays in flight until destroyed.
 * `refused` turns true if the server answered it instead (it came in while the bound was
 * already reached, e.g. while a probe was being handled).
 */
function holdPush(port: number, token: string): Promise<{ socket: net.Socket; refused: boolean }> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => {
      s.write(`POST /v1/sync/push HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n{"protocol":1,`);
      resolve(held);
    });
    const held = { socket: s, refused: false };
    s.once('data', () => void (held.refused = true));
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
    srv = await startServerProcess({ databaseUrl, args: ['--device-rps', '1000', '--auth-per-minute', '1000', '--max-in-flight', '3', '--max-event-loop-delay', '600000'] });
    [A] = (await seedTenants({ url: srv.url, dataDir: srv.dataDir, databaseUrl }, ['acme'])) as [TenantFixture];
  }, 180_000);
  afterAll(async () => {
    await srv?.kill();
  });

  it('past the in-flight bound answers 503 overloaded with Retry-After at once, stores nothing, and serves again when requests finish', async () => {
    const held = await Promise.all([0, 1, 2].map(() => holdPush(srv.port, A.rep.accessToken)));
    try {
      // Wait until the server has read their headers (three requests in flight): a cheap probe is
      // refused. A probe is in flight itself while it is handled (on PostgreSQL /v1/me awaits a
      // query), so a hold that came in meanwhile was refused: hold again in its place.
      let probe = 0;
      for (; probe < 100 && (await api(srv.url, 'GET', '/v1/me', { token: A.rep.accessToken })).status !== 503; probe++) {
        for (const [i, h] of held.entries()) {
          if (!h.refused) continue;
          h.socket.destroy();
          held[i] = await holdPush(srv.port, A.rep.accessToken);
        }
        await sleep(100);
      }
      expect(probe, 'the three held pushes never filled the in-flight bound').toBeLessThan(100);
      const ops = [callOp(), callOp()];
      const shed = await push(srv.url, A.rep.accessToken, ops);
      expect(shed.status).toBe(503);
      expect(shed.body.error!.code).toBe('overloaded');
      expect(shed.body.error!.message).toMatch(/^the sync server is busy .*retry in 2 s$/);
      expect(shed.retryAfter).toBe('2');
      expect(shed.ms).toBeLessThan(2000); // refused at once, not after a wait
      // Liveness is never shed.
      expect((await api(srv.url, 'GET', '/healthz')).status).toBe(200);
      for (const h of held) h.socket.destroy(); // aborted requests leave the count too
      for (let i = 0; i < 100 && (await api(srv.url, 'GET', '/v1/me', { token: A.rep.accessToken })).status !== 200; i++) await sleep(100);
      const again = await push(srv.url, A.rep.accessToken, ops);
      expect(again.status).toBe(200);
      // The refused attempt stored nothing: the same ops are new now.
      expect(again.body).toMatchObject({ accepted: ops.map((o) => o.opId), duplicates: 0 });
    } finally {
      for (const h of held) h.socket.destroy();
    }
  });

  it('a turn of the event loop past its bound (a backlog of pushes read at once) refuses the rest with 503 + Retry-After; exactly the acknowledged pushes are stored; then it serves again', async () => {
    const busy = await startServerProcess({ databaseUrl, dataDir: srv.dataDir, args: ['--device-rps', '100000', '--max-event-loop-delay', '20', '--max-queued-ops', '10000000'] });
    const pool = new Agent({ connections: 100 });
    const pid = busy.child.pid!;
    try {
      // 100 keep-alive connections, open before the burst.
      await Promise.all(Array.from({ length: 100 }, () => fetch(`${busy.url}/healthz`, { dispatcher: pool } as RequestInit).then((r) => r.arrayBuffer())));
      const batches = Array.from({ length: 100 }, () => Array.from({ length: 100 }, () => callOp()));
      const send = (ops: unknown[]) =>
        fetch(`${busy.url}/v1/sync/push`, {
          method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${A.rep.accessToken}` }, body: JSON.stringify({ protocol: 1, ops }), dispatcher: pool,
        } as RequestInit).then(async (res) => ({ status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { error?: { message: string } } }));
      // The server is paused while the burst is sent, so a backlog waits unread in the kernel, as
      // when the CPU cannot keep up; resumed, it reads the backlog in one long turn.
      process.kill(pid, 'SIGSTOP');
      let pending: Promise<{ status: number; retryAfter: string | null; body: { error?: { message: string } } }[]>;
      try {
        pending = Promise.all(batches.map(send));
        await sleep(500);
      } finally {
        process.kill(pid, 'SIGCONT');
      }
      const answers = await pending;
      expect(answers.every((a) => a.status === 200 || a.status === 503)).toBe(true);
      const refused = answers.filter((a) => a.status === 503);
      expect(refused.length).toBeGreaterThan(0);
      for (const a of refused) {
        expect(a.retryAfter).toBe('2');
        expect(a.body.error!.message).toMatch(/^the sync server is busy \(\d+ ms behind\): retry in 2 s$/);
      }
      const { db, close } = await openServerDb({ dataDir: srv.dataDir, databaseUrl });
      try {
        const ids = batches.flat().map((o) => o.opId);
        const stored = new Set<string>();
        for (let i = 0; i < ids.length; i += 1000) for (const r of await db.selectFrom('changes').select('op_id').where('op_id', 'in', ids.slice(i, i + 1000)).execute()) stored.add(r.op_id);
        expect([...stored].sort()).toEqual(batches.filter((_, i) => answers[i]!.status === 200).flatMap((ops) => ops.map((o) => o.opId)).sort());
      } finally {
        await close();
      }
      // The backlog gone, a refused push goes in (as new: the refusal stored nothing).
      const retry = batches[answers.findIndex((a) => a.status === 503)]!;
      let again = await send(retry);
      for (let i = 0; i < 20 && again.status === 503; i++) again = await sleep(200).then(() => send(retry));
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ duplicates: 0 });
    } finally {
      process.kill(pid, 'SIGCONT');
      await pool.close();
      await busy.kill();
    }
  });
});

// On PostgreSQL pushes wait for the database in the write queue (on SQLite a push is written as
// soon as it is read, so the queue never grows there: the event-loop bound covers it).
describe('write-queue bound on postgres', () => {
  it('a burst past --max-queued-ops is refused with 503 before its bodies are read; exactly the acknowledged pushes are stored', async () => {
    const databaseUrl = await pg.createDatabase(`shedq_${Date.now()}`);
    const srv = await startServerProcess({ databaseUrl, args: ['--device-rps', '100000', '--auth-per-minute', '1000', '--max-queued-ops', '500', '--max-event-loop-delay', '600000'] });
    const pool = new Agent({ connections: 30 });
    try {
      const [A] = (await seedTenants({ url: srv.url, dataDir: srv.dataDir, databaseUrl }, ['acme'])) as [TenantFixture];
      await Promise.all(Array.from({ length: 30 }, () => fetch(`${srv.url}/healthz`, { dispatcher: pool } as RequestInit).then((r) => r.arrayBuffer())));
      const batches = Array.from({ length: 30 }, () => Array.from({ length: 500 }, () => callOp()));
      const answers = await Promise.all(
        batches.map(async (ops) => {
          const res = await fetch(`${srv.url}/v1/sync/push`, {
            method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${A.rep.accessToken}` }, body: JSON.stringify({ protocol: 1, ops }), dispatcher: pool,
          } as RequestInit);
          return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { error?: { message: string } }, ops };
        }),
      );
      expect(answers.every((a) => a.status === 200 || a.status === 503)).toBe(true);
      expect(answers.map((a) => a.status)).toContain(200);
      const refused = answers.filter((a) => a.status === 503);
      expect(refused.length).toBeGreaterThan(0);
      for (const a of refused) {
        expect(a.retryAfter).toBe('2');
        expect(a.body.error!.message).toMatch(/^the sync server is busy \(\d+ ops waiting to be written\): retry in 2 s$/);
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
      await srv.kill();
    }
  }, 120_000);
});
