/**
 * Deleting calls, for privacy: a call and everything derived from it go in one transaction, with
 * `secure_delete` on (db.ts) and FTS5's own secure-delete (0002-calls.sql) so its words are
 * overwritten rather than left in free pages or the search index, and the WAL is checkpointed
 * afterwards so no copy of the old pages stays beside the file.
 *
 * Tables are found by introspection rather than listed, so a table another feature adds later
 * (anything with a `call_id` column, or a foreign key to calls, segments or hints) is covered
 * without touching this file. The call's queued sync operations go too (by entity id, or any
 * whose payload names the call). calls/delete-call.ts decides what else the deletion queues.
 */
import type { Store } from './db';
import { all, first, run, transaction } from './query';
import type { Database } from './schema';

type Ref = { table: string; column: string; parent: 'calls' | 'segments' | 'hints' };

/** Every column that points at a call, a segment or a hint, outside the calls table itself. */
function references(store: Store): Ref[] {
  const master = store.db.withTables<{ sqlite_master: { type: string; name: string; sql: string | null } }>();
  const tables = all(
    store,
    master.selectFrom('sqlite_master').select('name').where('type', '=', 'table').where('sql', 'not like', 'CREATE VIRTUAL TABLE%').where('name', 'not like', 'sqlite_%'),
  ).map((r) => r.name);
  const refs: Ref[] = [];
  for (const table of tables) {
    // FTS5 shadow tables hold the index; they are maintained by the segments triggers.
    if (/_fts_(data|idx|docsize|config|content)$/.test(table) || table === 'calls') continue;
    const seen = new Set<string>();
    for (const fk of store.sqlite.pragma(`foreign_key_list("${table}")`) as { table: string; from: string }[]) {
      if (fk.table === 'calls' || fk.table === 'segments' || fk.table === 'hints') {
        refs.push({ table, column: fk.from, parent: fk.table });
        seen.add(fk.from);
      }
    }
    for (const col of store.sqlite.pragma(`table_info("${table}")`) as { name: string }[]) {
      if (col.name === 'call_id' && !seen.has('call_id')) refs.push({ table, column: 'call_id', parent: 'calls' });
    }
  }
  return refs;
}

/** Deletes the rows of `table` whose `column` is one of `values`. */
function deleteIn(store: Store, table: string, column: string, values: readonly (string | number)[]): void {
  const { table: dynamicTable, ref } = store.db.dynamic;
  // Found by introspection: any table, typed as one of ours for kysely's sake.
  const target = dynamicTable(table as keyof Database).as(table);
  // Batches keep under SQLite's bound-parameter limit for calls with many segments.
  for (let i = 0; i < values.length; i += 500) {
    run(store, store.db.deleteFrom(target).where(ref(column), 'in', values.slice(i, i + 500)));
  }
}

/**
 * Deletes each call and all that derives from it, in one transaction; `deleted(id, endedAt)` runs
 * inside it for each call that existed (endedAt: when it ended, null if it never did), so what it
 * writes commits or rolls back with the deletion. Returns how many calls were deleted.
 */
export function deleteCallRows(store: Store, ids: readonly string[], deleted: (id: string, endedAt: number | null) => void): number {
  if (ids.length === 0) return 0;
  const refs = references(store);
  // Segments last among children so every row pointing at a segment is gone before it.
  const ordered = [...refs].sort((a, b) => Number(a.table === 'segments') - Number(b.table === 'segments'));
  let count = 0;
  transaction(store, () => {
    // Children first, checked at commit: some tables may reference others without CASCADE.
    store.sqlite.pragma('defer_foreign_keys = ON');
    for (const id of ids) {
      const segmentIds = all(store, store.db.selectFrom('segments').select('id').where('call_id', '=', id)).map((r) => r.id);
      const hintIds = all(store, store.db.selectFrom('hints').select('id').where('call_id', '=', id)).map((r) => r.id);
      const call = first(store, store.db.selectFrom('calls').select('ended_at').where('id', '=', id));
      const keys = { calls: [id], segments: segmentIds, hints: hintIds } as const;
      for (const ref of ordered) deleteIn(store, ref.table, ref.column, keys[ref.parent]);
      // Queued sync operations for the call or anything of it, whatever entity name they use.
      deleteIn(store, 'sync_outbox', 'entity_id', [id, ...hintIds, ...segmentIds.map(String)]);
      run(store, store.db.deleteFrom('sync_outbox').where((eb) => eb(eb.fn('instr', ['payload', eb.val(id)]), '>', 0)));
      const gone = run(store, store.db.deleteFrom('calls').where('id', '=', id));
      count += gone;
      if (gone > 0) deleted(id, call?.ended_at ?? null);
    }
  });
  // The WAL still holds copies of the pages as they were; fold it back into the (zeroed) file.
  store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  return count;
}
