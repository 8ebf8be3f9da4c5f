import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServerDb, type ServerDb } from '../db/database';
import { createTenant, publishDown } from '../admin-service';
import { TenantSettingsPayload } from '../../src-shared/sync-protocol';
import { startPostgres, type Postgres } from '../test-support/services';
import { appendChanges, pullChanges, WriteQueueFull } from './change-log';

type Op = Parameters<typeof appendChanges>[2][number];
const op = (opId: string, entityId: string, extra: Partial<Op> = {}): Op => ({
  opId, entity: 'call_insight', entityId, op: 'upsert', payload: { opId, note: `from ${opId}` }, occurredAt: 1_000, ...extra,
});

/**
 * The append path on both dialects, with two independent connections (pools) to one database,
 * as two server processes would have: exactly once, gap-free per-tenant sequences, and the
 * latest state per entity, whatever the interleaving.
 */
describe.each(['sqlite', 'sqlite-thread', 'postgres'] as const)('change log on %s', (backend) => {
  let pg: Postgres | null = null;
  let one: ServerDb;
  let two: ServerDb;
  let dir: string;
  const tenants: string[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'change-log-'));
    let databaseUrl: string | undefined;
    if (backend === 'postgres') {
      pg = await startPostgres({ fsync: false });
      databaseUrl = await pg.createDatabase('changelog');
    }
    // sqlite-thread: the group commits run in the writer thread (sqlite-writer.ts), everything else on this connection.
    one = await openServerDb({ dataDir: dir, databaseUrl, sqliteWriter: backend === 'sqlite-thread' ? 'thread' : 'loop' });
    // PostgreSQL: a second pool, as a second server process has. SQLite is one server process per
    // file (one writer connection), so both names share it.
    two = backend === 'postgres' ? await openServerDb({ dataDir: dir, databaseUrl }) : one;
    for (const slug of ['acme', 'globex']) tenants.push((await createTenant(one.db, { slug, name: slug })).id);
  }, 60_000);

  afterAll(async () => {
    await one?.close();
    if (two !== one) await two?.close();
    await pg?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stores each op id once with gap-free sequences under concurrent, overlapping pushes from two connections', async () => {
    // 40 pushes of 10 ops drawn from 60 ids per tenant: many overlap, as retries racing their originals do.
    let rnd = 7;
    const next = () => (rnd = (rnd * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const pushes = Array.from({ length: 40 }, (_, i) => {
      const tenantId = tenants[i % 2]!;
      const ops = Array.from({ length: 10 }, () => {
        const n = Math.floor(next() * 60);
        return op(`${tenantId}-op-${n}`, `call-${n % 15}`, { payload: { n, push: i } });
      });
      return { db: i % 4 < 2 ? one.db : two.db, who: { tenantId, userId: 'u1', deviceId: `d${i % 3}` }, ops };
    });
    const results = await Promise.all(pushes.map((p) => appendChanges(p.db, p.who, p.ops)));

    for (const [t, tenantId] of tenants.entries()) {
      const mine = results.filter((_, i) => pushes[i]!.who.tenantId === tenantId);
      const distinct = new Set(pushes.filter((p) => p.who.tenantId === tenantId).flatMap((p) => p.ops.map((o) => o.opId)));
      const stored = mine.flatMap((r) => r.stored);
      // Every distinct id stored by exactly one push, and every push acknowledges all its ids.
      expect(stored.length, `tenant ${t}`).toBe(distinct.size);
      expect(new Set(stored.map((c) => (c.payload as { n: number }).n)).size).toBe(distinct.size);
      mine.forEach((r, k) => expect(new Set(r.accepted)).toEqual(new Set(pushes.filter((p) => p.who.tenantId === tenantId)[k]!.ops.map((o) => o.opId))));

      const rows = await one.db.selectFrom('changes').select(['seq', 'op_id', 'entity_id', 'payload']).where('tenant_id', '=', tenantId).orderBy('seq').execute();
      expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: distinct.size }, (_, i) => i + 1));
      expect(new Set(rows.map((r) => r.op_id))).toEqual(distinct);
      expect((await one.db.selectFrom('tenant_seq').select('seq').where('tenant_id', '=', tenantId).executeTakeFirstOrThrow()).seq).toBe(distinct.size);

      // Latest state per entity = its change with the highest seq.
      const entities = await two.db.selectFrom('entities').select(['entity_id', 'seq', 'payload', 'deleted']).where('tenant_id', '=', tenantId).execute();
      const highest = new Map<string, (typeof rows)[number]>();
      for (const r of rows) highest.set(r.entity_id, r);
      expect(entities).toHaveLength(highest.size);
      for (const e of entities) {
        expect(e.seq).toBe(highest.get(e.entity_id)!.seq);
        expect(JSON.parse(e.payload!)).toEqual(JSON.parse(highest.get(e.entity_id)!.payload!));
        expect(e.deleted).toBe(0);
      }
    }
  }, 60_000);

  it('a retried batch changes nothing and reports the tenant sequence', async () => {
    const who = { tenantId: tenants[0]!, userId: 'u2', deviceId: 'd9' };
    const batch = [op('retry-1', 'call-r'), op('retry-2', 'call-r', { payload: { v: 2 } })];
    const first = await appendChanges(one.db, who, batch);
    const again = await appendChanges(two.db, who, batch);
    expect(first.stored.map((c) => c.seq)).toEqual([first.seq - 1, first.seq]);
    expect(again).toMatchObject({ accepted: ['retry-1', 'retry-2'], duplicates: 2, seq: first.seq, stored: [] });
    const e = await one.db.selectFrom('entities').select(['seq', 'payload']).where('tenant_id', '=', who.tenantId).where('entity_id', '=', 'call-r').executeTakeFirstOrThrow();
    expect(e).toEqual({ seq: first.seq, payload: JSON.stringify({ v: 2 }) });
  });

  it('keeps the first of a repeated op id in one batch, and a delete keeps the date of what it deletes', async () => {
    const who = { tenantId: tenants[1]!, userId: 'u3', deviceId: 'd1' };
    const res = await appendChanges(one.db, who, [
      op('dup', 'call-d', { payload: { first: true }, occurredAt: 5_000 }),
      op('dup', 'call-d', { payload: { first: false } }),
    ]);
    expect(res.accepted).toEqual(['dup']);
    expect(res.duplicates).toBe(1);
    const del = await appendChanges(two.db, who, [op('gone', 'call-d', { op: 'delete', payload: null, occurredAt: 9_999 })]);
    expect([...res.stored, ...del.stored].map((c) => [c.op, c.payload])).toEqual([['upsert', { first: true }], ['delete', null]]);
    const e = await one.db.selectFrom('entities').select(['payload', 'occurred_at', 'deleted']).where('tenant_id', '=', who.tenantId).where('entity_id', '=', 'call-d').executeTakeFirstOrThrow();
    expect(e).toEqual({ payload: null, occurred_at: 5_000, deleted: 1 });
    const pulled = await pullChanges(two.db, { tenantId: who.tenantId, userId: 'u3', role: 'rep', deviceId: 'd1', exp: 0 }, del.seq - 2, 10);
    expect(pulled.changes.map((c) => [c.entityId, c.op, c.payload])).toEqual([['call-d', 'delete', null], ['call-d', 'delete', null]]);
  });

  it("a delete scrubs the same user's earlier upserts of the entity (no payload left), and a retried upsert does not bring it back", async () => {
    const tenantId = tenants[0]!;
    const rep = { tenantId, userId: 'rep-s', deviceId: 'ds' };
    const other = { tenantId, userId: 'rep-o', deviceId: 'do' };
    const secret = { summary: 'Cliente: Maria, CPF 123' };
    await appendChanges(one.db, rep, [op('s-1', 'call-s', { payload: secret })]);
    await appendChanges(one.db, other, [op('o-1', 'call-s', { payload: { summary: 'other rep, same id' } })]);
    // Same batch: an upsert then the delete; and the delete of a forecast (another up-entity).
    const del = await appendChanges(two.db, rep, [op('s-2', 'call-s', { payload: secret }), op('s-3', 'call-s', { op: 'delete', payload: null })]);
    expect(del.stored.map((c) => c.op)).toEqual(['upsert', 'delete']);

    const rows = await one.db.selectFrom('changes').select(['op_id', 'op', 'payload']).where('tenant_id', '=', tenantId).where('entity_id', '=', 'call-s').orderBy('seq').execute();
    expect(rows).toEqual([
      { op_id: 's-1', op: 'delete', payload: null },
      { op_id: 'o-1', op: 'upsert', payload: JSON.stringify({ summary: 'other rep, same id' }) },
      { op_id: 's-2', op: 'delete', payload: null },
      { op_id: 's-3', op: 'delete', payload: null },
    ]);
    const retried = await appendChanges(one.db, rep, [op('s-1', 'call-s', { payload: secret })]);
    expect(retried).toMatchObject({ duplicates: 1, stored: [] });
    const e = await one.db.selectFrom('entities').select(['user_id', 'deleted', 'payload']).where('tenant_id', '=', tenantId).where('entity_id', '=', 'call-s').orderBy('user_id').execute();
    expect(e).toEqual([
      { user_id: 'rep-o', deleted: 0, payload: JSON.stringify({ summary: 'other rep, same id' }) },
      { user_id: 'rep-s', deleted: 1, payload: null },
    ]);
    const everything = await pullChanges(two.db, { tenantId, userId: 'rep-s', role: 'rep', deviceId: 'ds', exp: 0 }, 0, 1_000);
    expect(JSON.stringify(everything.changes)).not.toContain('CPF');
  });

  it('stores the restricted payload unless the tenant allows transcripts, as committed when the append takes the lock', async () => {
    const tenantId = tenants[1]!;
    const who = { tenantId, userId: 'rep-t', deviceId: 'dt' };
    const withText = (opId: string) => op(opId, `call-${opId}`, { payload: { summary: 's', transcript: 'words' }, restricted: { summary: 's' } });
    const denied = await appendChanges(one.db, who, [withText('t-1')]);
    expect(denied.stored[0]!.payload).toEqual({ summary: 's' });
    // A settings change is itself an append: it becomes the tenant's settings in the same transaction.
    await publishDown(two.db, tenantId, 'test', 'tenant_settings', 'tenant', TenantSettingsPayload.parse({ allowTranscripts: true }));
    expect(JSON.parse((await one.db.selectFrom('tenants').select('settings').where('id', '=', tenantId).executeTakeFirstOrThrow()).settings)).toMatchObject({ allowTranscripts: true });
    const allowed = await appendChanges(one.db, who, [withText('t-2')]);
    expect(allowed.stored[0]!.payload).toEqual({ summary: 's', transcript: 'words' });
    const rows = await two.db.selectFrom('changes').select(['op_id', 'payload']).where('tenant_id', '=', tenantId).where('op_id', 'in', ['t-1', 't-2']).orderBy('seq').execute();
    expect(rows.map((r) => JSON.parse(r.payload!))).toEqual([{ summary: 's' }, { summary: 's', transcript: 'words' }]);
    await publishDown(one.db, tenantId, 'test', 'tenant_settings', 'tenant', TenantSettingsPayload.parse({ allowTranscripts: false }));
    expect((await appendChanges(two.db, who, [withText('t-3')])).stored[0]!.payload).toEqual({ summary: 's' });
  });

  it("pages a rep's pull through its own pushes and the tenant's down entities only, in seq order, and a manager's through everything", async () => {
    const tenantId = tenants[0]!;
    const before = (await one.db.selectFrom('tenant_seq').select('seq').where('tenant_id', '=', tenantId).executeTakeFirstOrThrow()).seq;
    for (let i = 0; i < 7; i++) {
      await appendChanges(one.db, { tenantId, userId: 'pager', deviceId: 'dp' }, [op(`pg-own-${i}`, `pg-call-${i}`)]);
      await appendChanges(one.db, { tenantId, userId: 'someone-else', deviceId: 'dx' }, [op(`pg-other-${i}`, `pg-other-${i}`)]);
      if (i % 3 === 0) await publishDown(one.db, tenantId, 'test', 'playbook', `pg-book-${i}`, { title: `book ${i}` });
    }
    const walk = async (role: 'rep' | 'manager') => {
      const seen: { seq: number; entityId: string }[] = [];
      let cursor = before;
      for (let guard = 0; guard < 50; guard++) {
        const page = await pullChanges(two.db, { tenantId, userId: 'pager', role, deviceId: 'dp', exp: 0 }, cursor, 3);
        seen.push(...page.changes.map((c) => ({ seq: c.seq, entityId: c.entityId })));
        cursor = page.cursor;
        if (!page.hasMore) break;
      }
      return seen;
    };
    const rep = await walk('rep');
    expect(rep.map((c) => c.entityId)).toEqual(['pg-call-0', 'pg-book-0', 'pg-call-1', 'pg-call-2', 'pg-call-3', 'pg-book-3', 'pg-call-4', 'pg-call-5', 'pg-call-6', 'pg-book-6']);
    expect(rep.map((c) => c.seq)).toEqual([...rep.map((c) => c.seq)].sort((a, b) => a - b));
    expect(await walk('manager')).toHaveLength(7 * 2 + 3);
  });

  it('a push queued behind a policy change is written under the new policy (a settings change is a group of its own)', async () => {
    const tenantId = tenants[1]!;
    const who = { tenantId, userId: 'rep-q', deviceId: 'dq' };
    const withText = (opId: string) => op(opId, `call-${opId}`, { payload: { summary: 's', transcript: 'words' }, restricted: { summary: 's' } });
    await publishDown(one.db, tenantId, 'test', 'tenant_settings', 'tenant', TenantSettingsPayload.parse({ allowTranscripts: false }));
    // The first push holds the queue; the next three wait in it and would form one group.
    const first = appendChanges(one.db, who, [withText('q-0')]);
    const before = appendChanges(one.db, who, [withText('q-1')]);
    const change = publishDown(one.db, tenantId, 'test', 'tenant_settings', 'tenant', TenantSettingsPayload.parse({ allowTranscripts: true }));
    const after = appendChanges(one.db, who, [withText('q-2')]);
    const [r0, r1, , r2] = await Promise.all([first, before, change, after]);
    expect([r0, r1, r2].map((r) => r.stored[0]!.payload)).toEqual([{ summary: 's' }, { summary: 's' }, { summary: 's', transcript: 'words' }]);
    expect(r1.stored[0]!.seq).toBeLessThan(r2.stored[0]!.seq);
  });

  it('refuses a tenant with no sequence row and stores nothing', async () => {
    await expect(appendChanges(one.db, { tenantId: 'no-such-tenant', userId: null, deviceId: null }, [op('x1', 'call-x')])).rejects.toThrow(/no sequence row/);
    expect(await one.db.selectFrom('changes').select('op_id').where('tenant_id', '=', 'no-such-tenant').execute()).toEqual([]);
  });

  it('past the write-queue bound refuses a push with WriteQueueFull and stores none of it; once drained, takes pushes again', async () => {
    const who = { tenantId: tenants[0]!, userId: 'u-bound', deviceId: 'd-bound' };
    const limit = { maxQueuedOps: 25 };
    const batches = Array.from({ length: 6 }, (_, i) => Array.from({ length: 10 }, (_, k) => op(`bound-${i}-${k}`, `bound-call-${i}-${k}`)));
    // Queued in one tick: the first push is being written at once; 10 + 10 ops wait behind it,
    // and a fourth push would make 30 waiting > 25.
    const results = await Promise.allSettled(batches.map((ops) => appendChanges(one.writer, who, ops, limit)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'rejected', 'rejected']);
    const refused = (results[3] as PromiseRejectedResult).reason as WriteQueueFull;
    expect(refused).toBeInstanceOf(WriteQueueFull);
    expect(refused).toMatchObject({ queuedOps: 20, limit: 25 });
    const stored = await one.db.selectFrom('changes').select('op_id').where('op_id', 'like', 'bound-%').execute();
    expect(stored.map((r) => r.op_id).sort()).toEqual([...batches[0]!, ...batches[1]!, ...batches[2]!].map((o) => o.opId).sort());
    // Drained: the refused pushes go in as new, and a push larger than the bound is taken when the queue is empty.
    expect((await appendChanges(one.writer, who, batches[3]!, limit)).stored).toHaveLength(10);
    expect((await appendChanges(one.writer, who, [...batches[4]!, ...batches[5]!], { maxQueuedOps: 15 })).stored).toHaveLength(20);
  });

});
