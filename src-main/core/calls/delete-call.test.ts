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
import { noteFailure, type OutboxRow } from '../store/outbox';
import { PushOp } from '../../../src-shared/sync-protocol';

let t: ReturnType<typeof tempStore>;
let store: Store;
afterEach(() => t.cleanup());
beforeEach(() => {
  t = tempStore();
  store = t.store;
});

/** Every row of every table (FTS shadow tables included), as text, that mentions `needle`. */
function rowsMentioning(needle: string): string[] {
  const tables = store.sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).pluck().all() as string[];
  const hits: string[] = [];
  for (const table of tables) {
    const cols = (store.sqlite.pragma(`table_info("${table}")`) as { name: string }[]).map((c) => c.name);
    if (cols.length === 0) continue;
    const cond = cols.map((c) => `instr(CAST("${c}" AS TEXT), ?) > 0`).join(' OR ');
    const n = store.sqlite.prepare(`SELECT count(*) FROM "${table}" WHERE ${cond}`).pluck().get(...cols.map(() => needle)) as number;
    if (n > 0) hits.push(`${table}: ${n}`);
  }
  return hits;
}

const tokenInIndex = (token: string): number => {
  store.sqlite.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_vocab USING fts5vocab(main, segments_fts, 'row')`);
  return store.sqlite.prepare('SELECT count(*) FROM temp.fts_vocab WHERE term = ?').pluck().get(token) as number;
};

describe('deleteCall', () => {
  it('leaves no row anywhere referencing the call, nor its words in the FTS index or the file', () => {
    const secret = 'zanzibarquux';
    const keep = seedCall(store, enCall());
    const id = seedCall(store, ptCall({ segments: [...ptCall().segments, { speaker: 'customer', startMs: 50000, endMs: 52000, text: `O código é ${secret}`, objections: ['trust'] }] }));
    const hintId = store.sqlite.prepare('SELECT id FROM hints WHERE call_id = ?').pluck().get(id) as string;
    const segId = store.sqlite.prepare('SELECT id FROM segments WHERE call_id = ? LIMIT 1').pluck().get(id) as number;
    // Queued sync operations that refer to the call in different ways.
    const op = store.sqlite.prepare(`INSERT INTO sync_outbox (op_id, entity, entity_id, op, payload, created_at) VALUES (?, ?, ?, 'upsert', ?, 0)`);
    op.run('op1', 'call', id, '{}', );
    op.run('op2', 'hint', hintId, JSON.stringify({ hintId }));
    op.run('op3', 'insight', 'x1', JSON.stringify({ callId: id, objection: 'price' }));
    op.run('op4', 'segment', String(segId), '{}');
    op.run('op5', 'call', keep, JSON.stringify({ callId: keep }));
    // A table another feature might add later, found by introspection.
    store.sqlite.exec('CREATE TABLE call_notes (id INTEGER PRIMARY KEY, call_id TEXT REFERENCES calls(id), note TEXT)');
    store.sqlite.prepare('INSERT INTO call_notes (call_id, note) VALUES (?, ?)').run(id, 'remember');
    store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    expect(rowsMentioning(id).length).toBeGreaterThan(0);
    expect(tokenInIndex(secret)).toBe(1);
    expect(fs.readFileSync(store.file).includes(secret)).toBe(true);

    expect(deleteCall(store, id)).toBe(true);

    // The one row left naming the call is the tombstone for its synced insight (ids only).
    expect(rowsMentioning(id)).toEqual(['sync_outbox: 1']);
    expect(store.sqlite.prepare('SELECT entity, entity_id, op, payload FROM sync_outbox WHERE entity_id = ?').all(id)).toEqual([{ entity: 'call_insight', entity_id: id, op: 'delete', payload: 'null' }]);
    expect(rowsMentioning(secret)).toEqual([]);
    expect(tokenInIndex(secret)).toBe(0);
    expect(listCalls(store, { query: secret }).total).toBe(0);
    // secure_delete + FTS5 secure-delete + WAL checkpoint: the words are gone from the file too.
    const bytes = Buffer.concat([fs.readFileSync(store.file), fs.existsSync(`${store.file}-wal`) ? fs.readFileSync(`${store.file}-wal`) : Buffer.alloc(0)]);
    expect(bytes.includes(secret)).toBe(false);
    // The other call is untouched, its queued operation too.
    expect(listCalls(store, {}).items.map((i) => i.id)).toEqual([keep]);
    expect(store.sqlite.prepare("SELECT op_id FROM sync_outbox WHERE op = 'upsert'").pluck().all()).toEqual(['op5']);
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
    store.sqlite.prepare('SELECT entity, entity_id, op, payload, attempts FROM sync_outbox ORDER BY created_at, rowid').all() as never;

  it('swaps the call’s queued insight and hint feedback for one delete op that carries ids only', () => {
    const db = store.sqlite;
    const keep = seedCall(store, enCall());
    const id = seedCall(store, ptCall());
    const hintId = db.prepare('SELECT id FROM hints WHERE call_id = ?').pluck().get(id) as string;
    const first = db.transaction(() => enqueueCallInsight(store, id))();
    db.transaction(() => enqueueCallInsight(store, keep))();
    // The first push failed (it may still have reached the server), then the rep used a hint,
    // which re-queues the insight: two ops for the call are waiting.
    noteFailure(store, [first], 'cannot reach the sync server');
    recordHintAction(store, hintId, 'copy');
    expect(outbox().filter((r) => r.entity_id === id).map((r) => [r.op, r.attempts])).toEqual([['upsert', 1], ['upsert', 0]]);

    expect(deleteCall(store, id)).toBe(true);

    const rows = db.prepare('SELECT * FROM sync_outbox WHERE entity_id = ?').all(id) as OutboxRow[];
    expect(rows.map((r) => [r.entity, r.op, r.payload, r.attempts])).toEqual([['call_insight', 'delete', 'null', 0]]);
    const wire = PushOp.parse(toPushOp(rows[0]!));
    expect(wire).toEqual({ opId: rows[0]!.op_id, entity: 'call_insight', entityId: id, op: 'delete', payload: null, clientTs: rows[0]!.created_at });
    // Nothing of the call's content is in the queue any more: title, customer, words, hint text.
    const queued = JSON.stringify(db.prepare('SELECT * FROM sync_outbox').all());
    for (const text of ['Acme', 'Mariana', 'orçamento', 'Salesforce', 'Mostre o custo']) expect(queued).not.toContain(text);
    // The other call's insight is still queued, untouched.
    expect(outbox().filter((r) => r.entity_id === keep).map((r) => r.op)).toEqual(['upsert']);
    // Late hint feedback for the deleted call finds nothing and queues nothing.
    expect(() => recordHintAction(store, hintId, 'used')).toThrow(/no hint/);
    expect(outbox()).toHaveLength(2);
  });

  it('queues nothing when the delete rolls back, and deletes nothing when the op cannot be queued', () => {
    const db = store.sqlite;
    const id = seedCall(store, ptCall());
    const upsert = db.transaction(() => enqueueCallInsight(store, id))();
    // A row that points at the queued upsert makes the commit itself fail (foreign keys are
    // checked at commit inside deleteCalls): the failure comes after the delete op was queued.
    db.exec('CREATE TABLE outbox_receipts (op_id TEXT NOT NULL REFERENCES sync_outbox(op_id))');
    db.prepare('INSERT INTO outbox_receipts (op_id) VALUES (?)').run(upsert);
    expect(() => deleteCall(store, id)).toThrow(/FOREIGN KEY constraint failed/);
    expect(db.prepare('SELECT count(*) FROM calls WHERE id = ?').pluck().get(id)).toBe(1);
    expect(outbox().map((r) => [r.entity_id, r.op])).toEqual([[id, 'upsert']]);
    db.exec('DROP TABLE outbox_receipts');

    // The other way round: the op cannot be queued, so the call is not deleted either.
    db.exec("CREATE TEMP TRIGGER no_tombstones BEFORE INSERT ON sync_outbox WHEN NEW.op = 'delete' BEGIN SELECT RAISE(ABORT, 'outbox is full'); END");
    expect(() => deleteCall(store, id)).toThrow('outbox is full');
    expect(db.prepare('SELECT count(*) FROM segments WHERE call_id = ?').pluck().get(id)).toBeGreaterThan(0);
    expect(outbox().map((r) => [r.entity_id, r.op])).toEqual([[id, 'upsert']]);
    db.exec('DROP TRIGGER no_tombstones');

    expect(deleteCall(store, id)).toBe(true);
    expect(outbox().map((r) => [r.entity_id, r.op])).toEqual([[id, 'delete']]);
  });

  it('retention queues a delete for each purged call that ended, none for one that never did', () => {
    const db = store.sqlite;
    const now = Date.UTC(2025, 0, 31);
    const old = seedCall(store, enCall({ startedAt: now - 40 * DAY }));
    const unfinished = seedCall(store, ptCall({ startedAt: now - 50 * DAY }));
    db.prepare('UPDATE calls SET ended_at = NULL WHERE id = ?').run(unfinished);
    const fresh = seedCall(store, ptCall({ startedAt: now - DAY }));
    db.transaction(() => {
      enqueueCallInsight(store, old);
      enqueueCallInsight(store, fresh);
    })();

    expect(purgeExpiredCalls(store, 30, now)).toBe(2);

    expect(outbox().map((r) => [r.entity_id, r.op, r.payload])).toEqual([
      [fresh, 'upsert', expect.stringContaining(fresh)],
      [old, 'delete', 'null'],
    ]);
  });
});
