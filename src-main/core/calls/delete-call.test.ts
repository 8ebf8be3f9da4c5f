import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store/db';
import { listCalls } from './call-queries';
import { deleteCall, purgeExpiredCalls } from './delete-call';
import { seedCall } from './seed-calls';
import { DAY, enCall, ptCall, tempStore } from './test-helpers';
import { recordHintAction } from '../live/session-recorder';
import { enqueueCallInsight } from '../sync/insights';
import { toPushOp } from '../sync/outbox';
import { insertOutboxRow, noteFailure } from '../store/outbox';
import { PushOp } from '../../../src-shared/sync-protocol';
import { sql, type Generated } from 'kysely';
import { all, first, run, transaction } from '../store/query';
import { checkpointWal, ftsTermRows, tablesMentioning } from '../store/inspect';

let t: ReturnType<typeof tempStore>;
let store: Store;
afterEach(() => t.cleanup());
beforeEach(() => {
  t = tempStore();
  store = t.store;
});

/** Every row of every table (FTS shadow tables included), as text, that mentions `needle`. */
const rowsMentioning = (needle: string): string[] => tablesMentioning(store, needle);

const tokenInIndex = (token: string): number => ftsTermRows(store, token);

const hintIdOf = (callId: string): string => first(store, store.db.selectFrom('hints').select('id').where('call_id', '=', callId))!.id;
const countOf = (table: 'calls' | 'segments', column: 'id' | 'call_id', callId: string): number =>
  first(store, store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where(column, '=', callId))!.n;
/** A table the schema does not know (another feature's, or one a test sets a scene with). */
type Extra = { call_notes: { id: Generated<number>; call_id: string | null; note: string | null }; outbox_receipts: { op_id: string } };
const extra = () => store.db.withTables<Extra>();

describe('deleteCall', () => {
  it('leaves no row anywhere referencing the call, nor its words in the FTS index or the file', () => {
    const secret = 'zanzibarquux';
    const keep = seedCall(store, enCall());
    const id = seedCall(store, ptCall({ segments: [...ptCall().segments, { speaker: 'customer', startMs: 50000, endMs: 52000, text: `O código é ${secret}`, objections: ['trust'] }] }));
    const hintId = hintIdOf(id);
    const segId = first(store, store.db.selectFrom('segments').select('id').where('call_id', '=', id).limit(1))!.id;
    // Queued sync operations that refer to the call in different ways.
    const op = (op_id: string, entity: string, entity_id: string, payload: string) => insertOutboxRow(store, { op_id, entity, entity_id, op: 'upsert', payload, created_at: 0 });
    op('op1', 'call', id, '{}');
    op('op2', 'hint', hintId, JSON.stringify({ hintId }));
    op('op3', 'insight', 'x1', JSON.stringify({ callId: id, objection: 'price' }));
    op('op4', 'segment', String(segId), '{}');
    op('op5', 'call', keep, JSON.stringify({ callId: keep }));
    // A table another feature might add later, found by introspection.
    run(store, store.db.schema.createTable('call_notes').addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('call_id', 'text', (c) => c.references('calls.id')).addColumn('note', 'text'));
    run(store, extra().insertInto('call_notes').values({ call_id: id, note: 'remember' }));
    checkpointWal(store);
    expect(rowsMentioning(id).length).toBeGreaterThan(0);
    expect(tokenInIndex(secret)).toBe(1);
    expect(fs.readFileSync(store.file).includes(secret)).toBe(true);

    expect(deleteCall(store, id)).toBe(true);

    // The one row left naming the call is the tombstone for its synced insight (ids only).
    expect(rowsMentioning(id)).toEqual(['sync_outbox: 1']);
    expect(all(store, store.db.selectFrom('sync_outbox').select(['entity', 'entity_id', 'op', 'payload']).where('entity_id', '=', id))).toEqual([{ entity: 'call_insight', entity_id: id, op: 'delete', payload: 'null' }]);
    expect(rowsMentioning(secret)).toEqual([]);
    expect(tokenInIndex(secret)).toBe(0);
    expect(listCalls(store, { query: secret }).total).toBe(0);
    // secure_delete + FTS5 secure-delete + WAL checkpoint: the words are gone from the file too.
    const bytes = Buffer.concat([fs.readFileSync(store.file), fs.existsSync(`${store.file}-wal`) ? fs.readFileSync(`${store.file}-wal`) : Buffer.alloc(0)]);
    expect(bytes.includes(secret)).toBe(false);
    // The other call is untouched, its queued operation too.
    expect(listCalls(store, {}).items.map((i) => i.id)).toEqual([keep]);
    expect(all(store, store.db.selectFrom('sync_outbox').select('op_id').where('op', '=', 'upsert')).map((r) => r.op_id)).toEqual(['op5']);
    expect(listCalls(store, { query: 'hubspot' }).total).toBe(1);
    expect(deleteCall(store, id)).toBe(false);
  });
});

describe('retention', () => {
  it('purges calls older than N days and keeps the rest; 0 keeps everything', () => {
    const now = Date.UTC(2025, 0, 31);
    const old = seedCall(store, enCall({ startedAt: now - 40 * DAY }));
    const edge = seedCall(store, ptCall({ startedAt: now - 29 * DAY }));
    const fresh = seedCall(store, enCall({ startedAt: now - DAY }));
    expect(purgeExpiredCalls(store, 0, now)).toBe(0);
    expect(purgeExpiredCalls(store, 30, now)).toBe(1);
    expect(listCalls(store, {}).items.map((i) => i.id).sort()).toEqual([edge, fresh].sort());
    expect(rowsMentioning(old)).toEqual(['sync_outbox: 1']); // its insight's tombstone
    expect(purgeExpiredCalls(store, 7, now)).toBe(1);
    expect(listCalls(store, {}).items.map((i) => i.id)).toEqual([fresh]);
  });
});

describe('deleting a call reaches the sync server', () => {
  const outbox = (): { entity: string; entity_id: string; op: string; payload: string; attempts: number }[] =>
    all(store, store.db.selectFrom('sync_outbox').select(['entity', 'entity_id', 'op', 'payload', 'attempts']).orderBy('created_at').orderBy(sql`rowid`));

  it('swaps the call’s queued insight and hint feedback for one delete op that carries ids only', () => {
    const keep = seedCall(store, enCall());
    const id = seedCall(store, ptCall());
    const hintId = hintIdOf(id);
    const firstOp = transaction(store, () => enqueueCallInsight(store, id));
    transaction(store, () => enqueueCallInsight(store, keep));
    // The first push failed (it may still have reached the server), then the rep used a hint,
    // which re-queues the insight: two ops for the call are waiting.
    noteFailure(store, [firstOp], 'cannot reach the sync server');
    recordHintAction(store, hintId, 'copy');
    expect(outbox().filter((r) => r.entity_id === id).map((r) => [r.op, r.attempts])).toEqual([['upsert', 1], ['upsert', 0]]);

    expect(deleteCall(store, id)).toBe(true);

    const rows = all(store, store.db.selectFrom('sync_outbox').selectAll().where('entity_id', '=', id));
    expect(rows.map((r) => [r.entity, r.op, r.payload, r.attempts])).toEqual([['call_insight', 'delete', 'null', 0]]);
    const wire = PushOp.parse(toPushOp(rows[0]!));
    expect(wire).toEqual({ opId: rows[0]!.op_id, entity: 'call_insight', entityId: id, op: 'delete', payload: null, clientTs: rows[0]!.created_at });
    // Nothing of the call's content is in the queue any more: title, customer, words, hint text.
    const queued = JSON.stringify(all(store, store.db.selectFrom('sync_outbox').selectAll()));
    for (const text of ['Acme', 'Mariana', 'orçamento', 'Salesforce', 'Mostre o custo']) expect(queued).not.toContain(text);
    // The other call's insight is still queued, untouched.
    expect(outbox().filter((r) => r.entity_id === keep).map((r) => r.op)).toEqual(['upsert']);
    // Late hint feedback for the deleted call finds nothing and queues nothing.
    expect(() => recordHintAction(store, hintId, 'used')).toThrow(/no hint/);
    expect(outbox()).toHaveLength(2);
  });

  it('queues nothing when the delete rolls back, and deletes nothing when the op cannot be queued', () => {
    const id = seedCall(store, ptCall());
    const upsert = transaction(store, () => enqueueCallInsight(store, id));
    // A row that points at the queued upsert makes the commit itself fail (foreign keys are
    // checked at commit inside deleteCalls): the failure comes after the delete op was queued.
    run(store, store.db.schema.createTable('outbox_receipts').addColumn('op_id', 'text', (c) => c.notNull().references('sync_outbox.op_id')));
    run(store, extra().insertInto('outbox_receipts').values({ op_id: upsert }));
    expect(() => deleteCall(store, id)).toThrow(/FOREIGN KEY constraint failed/);
    expect(countOf('calls', 'id', id)).toBe(1);
    expect(outbox().map((r) => [r.entity_id, r.op])).toEqual([[id, 'upsert']]);
    run(store, store.db.schema.dropTable('outbox_receipts'));

    // The other way round: the op cannot be queued, so the call is not deleted either.
    run(store, sql`CREATE TEMP TRIGGER no_tombstones BEFORE INSERT ON sync_outbox WHEN NEW.op = 'delete' BEGIN SELECT RAISE(ABORT, 'outbox is full'); END`);
    expect(() => deleteCall(store, id)).toThrow('outbox is full');
    expect(countOf('segments', 'call_id', id)).toBeGreaterThan(0);
    expect(outbox().map((r) => [r.entity_id, r.op])).toEqual([[id, 'upsert']]);
    run(store, sql`DROP TRIGGER no_tombstones`);

    expect(deleteCall(store, id)).toBe(true);
    expect(outbox().map((r) => [r.entity_id, r.op])).toEqual([[id, 'delete']]);
  });

  it('retention queues a delete for each purged call that ended, none for one that never did', () => {
    const now = Date.UTC(2025, 0, 31);
    const old = seedCall(store, enCall({ startedAt: now - 40 * DAY }));
    const unfinished = seedCall(store, ptCall({ startedAt: now - 50 * DAY }));
    run(store, store.db.updateTable('calls').set({ ended_at: null }).where('id', '=', unfinished));
    const fresh = seedCall(store, ptCall({ startedAt: now - DAY }));
    transaction(store, () => {
      enqueueCallInsight(store, old);
      enqueueCallInsight(store, fresh);
    });

    expect(purgeExpiredCalls(store, 30, now)).toBe(2);

    expect(outbox().map((r) => [r.entity_id, r.op, r.payload])).toEqual([
      [fresh, 'upsert', expect.stringContaining(fresh)],
      [old, 'delete', 'null'],
    ]);
  });
});
