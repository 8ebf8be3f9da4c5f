import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openServerDb, type ServerDb } from '../db/database';
import { audit } from '../audit';
import { createTenant, createUser } from '../admin-service';
import { appendChanges, pullChanges } from './change-log';
import { WriterUnavailable } from './sqlite-writer';

type Op = Parameters<typeof appendChanges>[2][number];
const op = (opId: string): Op => ({ opId, entity: 'call_insight', entityId: `call-${opId}`, op: 'upsert', payload: { opId }, occurredAt: 1_000 });
const batch = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => op(`${prefix}-${i}`));

/** The SQLite writer thread (sqlite-writer.ts): what happens when it dies, and beside the main connection's writes. */
describe('SQLite writer thread', () => {
  let dir: string;
  let sdb: ServerDb | undefined;
  const open = async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlite-writer-'));
    sdb = await openServerDb({ dataDir: dir, sqliteWriter: 'thread' });
    const { id } = await createTenant(sdb.db, { slug: 'acme', name: 'Acme' });
    return { sdb, tenantId: id };
  };
  afterEach(async () => {
    await sdb?.close();
    sdb = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a thread that dies fails the pushes it held with WriterUnavailable; the retries store every op exactly once, gap-free, in a new thread', async () => {
    const { sdb, tenantId } = await open();
    const who = { tenantId, userId: 'u1', deviceId: 'd1' };
    expect(sdb.writerThread!.started).toBe(1);
    const batches = Array.from({ length: 12 }, (_, b) => batch(`kill-${b}`, 50));
    // The first group is handed to the thread in this tick; the thread dies before it can answer.
    const first = batches.map((ops) => appendChanges(sdb.writer, who, ops));
    await sdb.writerThread!.kill();
    const settled = await Promise.allSettled(first);
    const failed = settled.flatMap((r, i) => (r.status === 'rejected' ? [i] : []));
    expect(failed.length).toBeGreaterThan(0);
    for (const i of failed) expect((settled[i] as PromiseRejectedResult).reason).toBeInstanceOf(WriterUnavailable);
    // The client retries what was not acknowledged (and, to be harsh, everything).
    const again = await Promise.all(batches.map((ops) => appendChanges(sdb.writer, who, ops)));
    expect(sdb.writerThread!.started).toBe(2);
    for (const [i, r] of again.entries()) {
      expect(r.accepted).toHaveLength(50);
      // An acknowledged push was stored: its retry is all duplicates.
      if (settled[i]!.status === 'fulfilled') expect(r.duplicates).toBe(50);
    }
    const rows = await sdb.db.selectFrom('changes').select(['seq', 'op_id']).where('tenant_id', '=', tenantId).orderBy('seq').execute();
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.op_id)).size).toBe(600);
    const pulled = await pullChanges(sdb.db, { tenantId, userId: 'u1', role: 'manager', deviceId: 'd1', exp: 0 }, 0, 1000);
    expect(pulled.changes).toHaveLength(600);
  });

  it("the main connection's writes (transactions that read first, audit inserts) wait for the thread's group commits instead of failing with SQLITE_BUSY", async () => {
    const { sdb, tenantId } = await open();
    const who = { tenantId, userId: 'u2', deviceId: 'd2' };
    const pushes = Array.from({ length: 40 }, (_, b) => appendChanges(sdb.writer, who, batch(`busy-${b}`, 100)));
    const mainWrites = Array.from({ length: 40 }, async (_, i) => {
      await createUser(sdb.db, { tenant: 'acme', email: `rep${i}@acme.test`, role: 'rep' });
      // Read, then write in one transaction: on a stale snapshot a deferred BEGIN would fail here.
      await sdb.db.transaction().execute(async (trx) => {
        const n = await trx.selectFrom('changes').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
        await new Promise((r) => setTimeout(r, 1));
        await audit(trx, { tenantId, actor: 'test', action: 'count', detail: { n: Number(n.n) } });
      });
    });
    await Promise.all([...pushes, ...mainWrites]);
    expect(await sdb.db.selectFrom('changes').select('op_id').where('tenant_id', '=', tenantId).execute()).toHaveLength(4000);
    expect(await sdb.db.selectFrom('audit_log').select('id').where('action', '=', 'count').execute()).toHaveLength(40);
  });

  it('close waits for the group being written: it is stored and acknowledged', async () => {
    const { sdb, tenantId } = await open();
    const pushing = appendChanges(sdb.writer, { tenantId, userId: 'u4', deviceId: 'd4' }, batch('closing', 500));
    await sdb.writerThread!.close();
    expect((await pushing).stored).toHaveLength(500);
    expect(await sdb.db.selectFrom('changes').select('op_id').where('tenant_id', '=', tenantId).execute()).toHaveLength(500);
  });

  it('after close a push is refused with WriterUnavailable and nothing is stored', async () => {
    const { sdb, tenantId } = await open();
    const { writer, db } = sdb;
    await appendChanges(writer, { tenantId, userId: 'u3', deviceId: 'd3' }, batch('before', 1));
    await sdb.writerThread!.close();
    await expect(appendChanges(writer, { tenantId, userId: 'u3', deviceId: 'd3' }, batch('after', 1))).rejects.toBeInstanceOf(WriterUnavailable);
    expect((await db.selectFrom('changes').select('op_id').where('tenant_id', '=', tenantId).execute()).map((r) => r.op_id)).toEqual(['before-0']);
  });
});
