/**
 * Privacy: deleting a call removes everything derived from it, in one transaction, with
 * `secure_delete` on (db.ts) and FTS5's own secure-delete (0002-calls.sql) so its words are
 * overwritten rather than left in free pages or the search index.
 *
 * Tables are found by introspection rather than listed, so a table another feature adds later
 * (anything with a `call_id` column, or a foreign key to calls, segments or hints) is covered
 * without touching this file.
 *
 * Sync: the call's queued operations go with it, and one `delete` op for its insight is
 * queued in the same transaction, so a call whose insight was already pushed is deleted on
 * the server too (and drops out of the manager's team view). Retention uses the same path.
 */
import type { Store } from '../store/db';
import { enqueueCallInsightDelete } from '../sync/insights';

type Ref = { table: string; column: string; parent: 'calls' | 'segments' | 'hints' };

function references(store: Store): Ref[] {
  const tables = store.sqlite
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' AND name NOT LIKE 'sqlite_%'`)
    .pluck()
    .all() as string[];
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

/** Deletes one call and all that derives from it; false when there was no such call. */
export function deleteCall(store: Store, id: string): boolean {
  return deleteCalls(store, [id]) > 0;
}

export function deleteCalls(store: Store, ids: string[]): number {
  if (ids.length === 0) return 0;
  const db = store.sqlite;
  const refs = references(store);
  let deleted = 0;
  db.transaction(() => {
    // Children first, checked at commit: some tables may reference others without CASCADE.
    db.pragma('defer_foreign_keys = ON');
    for (const id of ids) {
      const segmentIds = db.prepare('SELECT id FROM segments WHERE call_id = ?').pluck().all(id) as number[];
      const hintIds = db.prepare('SELECT id FROM hints WHERE call_id = ?').pluck().all(id) as string[];
      const endedAt = db.prepare('SELECT ended_at FROM calls WHERE id = ?').pluck().get(id) as number | null | undefined;
      const keys = { calls: [id], segments: segmentIds, hints: hintIds } as const;
      // Segments last among children so every row pointing at a segment is gone before it.
      for (const ref of [...refs].sort((a, b) => Number(a.table === 'segments') - Number(b.table === 'segments'))) {
        deleteIn(store, ref.table, ref.column, keys[ref.parent]);
      }
      // Queued sync operations for the call or anything of it, whatever entity name they use.
      const entityIds = [id, ...hintIds, ...segmentIds.map(String)];
      deleteIn(store, 'sync_outbox', 'entity_id', entityIds);
      db.prepare('DELETE FROM sync_outbox WHERE instr(payload, ?) > 0').run(id);
      const gone = db.prepare('DELETE FROM calls WHERE id = ?').run(id).changes;
      deleted += gone;
      // Same rule as the upsert: an insight is queued when a call ends (hint feedback only
      // re-queues it after that), whether or not the device is enrolled yet, and waits in the
      // outbox. So an ended call gets a tombstone (harmless if its insight never got out); a
      // call that never ended (an import cancelled half-way) never had one queued.
      if (gone > 0 && endedAt !== null && endedAt !== undefined) enqueueCallInsightDelete(db, id);
    }
  })();
  // The WAL still holds copies of the pages as they were; fold it back into the (zeroed) file.
  db.pragma('wal_checkpoint(TRUNCATE)');
  return deleted;
}

function deleteIn(store: Store, table: string, column: string, values: readonly (string | number)[]): void {
  // Batches keep under SQLite's bound-parameter limit for calls with many segments.
  for (let i = 0; i < values.length; i += 500) {
    const batch = values.slice(i, i + 500);
    store.sqlite.prepare(`DELETE FROM "${table}" WHERE "${column}" IN (${batch.map(() => '?').join(',')})`).run(...batch);
  }
}

/** Retention: deletes calls that started more than `days` days before `now` (0 keeps all). */
export function purgeExpiredCalls(store: Store, days: number, now = Date.now()): number {
  if (!days || days <= 0) return 0;
  const cutoff = now - days * 86_400_000;
  const ids = store.sqlite.prepare('SELECT id FROM calls WHERE started_at < ?').pluck().all(cutoff) as string[];
  return deleteCalls(store, ids);
}
