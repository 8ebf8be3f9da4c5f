import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store/db';
import { listCalls } from './call-queries';
import { deleteCall, purgeExpiredCalls } from './delete-call';
import { seedCall } from './seed-calls';
import { DAY, enCall, ptCall, tempStore } from './test-helpers';

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

    expect(rowsMentioning(id)).toEqual([]);
    expect(rowsMentioning(secret)).toEqual([]);
    expect(tokenInIndex(secret)).toBe(0);
    expect(listCalls(store, { query: secret }).total).toBe(0);
    // secure_delete + FTS5 secure-delete + WAL checkpoint: the words are gone from the file too.
    const bytes = Buffer.concat([fs.readFileSync(store.file), fs.existsSync(`${store.file}-wal`) ? fs.readFileSync(`${store.file}-wal`) : Buffer.alloc(0)]);
    expect(bytes.includes(secret)).toBe(false);
    // The other call is untouched, its queued operation too.
    expect(listCalls(store, {}).items.map((i) => i.id)).toEqual([keep]);
    expect(store.sqlite.prepare('SELECT op_id FROM sync_outbox').pluck().all()).toEqual(['op5']);
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
    expect(rowsMentioning(old)).toEqual([]);
    expect(purgeExpiredCalls(store, 7, now)).toBe(1);
    expect(listCalls(store, {}).items.map((i) => i.id)).toEqual([fresh]);
  });
});
