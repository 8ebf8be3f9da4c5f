/**
 * The sync outbox table: ops waiting for the sync server, oldest first. sync/outbox.ts
 * validates what goes in (the wire schema) and decides what supersedes what; this module only
 * reads and writes the rows.
 */
import { sql } from 'kysely';
import type { Store } from './db';
import { all, first, run, transaction } from './query';
import type { Row } from './schema';

export type OutboxRow = Row<'sync_outbox'>;

/** Removes an entity's queued ops: all of them, or only its unsent upserts. */
export function dropQueuedOps(store: Store, entity: string, entityId: string, which: 'all' | 'unsent-upserts'): void {
  let q = store.db.deleteFrom('sync_outbox').where('entity', '=', entity).where('entity_id', '=', entityId);
  if (which === 'unsent-upserts') q = q.where('op', '=', 'upsert').where('attempts', '=', 0);
  run(store, q);
}

export function insertOutboxRow(store: Store, row: Pick<OutboxRow, 'op_id' | 'entity' | 'entity_id' | 'op' | 'payload' | 'created_at'>): void {
  run(store, store.db.insertInto('sync_outbox').values(row));
}

export const pendingCount = (store: Store): number => first(store, store.db.selectFrom('sync_outbox').select((eb) => eb.fn.countAll<number>().as('n')))!.n;

/** Oldest first, so the server assigns sequence numbers in local write order. */
export const nextBatch = (store: Store, limit: number): OutboxRow[] => all(store, store.db.selectFrom('sync_outbox').selectAll().orderBy('created_at').orderBy(sql`rowid`).limit(limit));

/** Removes ops the server acknowledged (it holds them now). */
export function removeAccepted(store: Store, opIds: string[]): void {
  transaction(store, () => {
    for (const id of opIds) run(store, store.db.deleteFrom('sync_outbox').where('op_id', '=', id));
  });
}

/** Counts a failed attempt on each op and keeps the error's one line. */
export function noteFailure(store: Store, opIds: string[], message: string): void {
  transaction(store, () => {
    for (const id of opIds) run(store, store.db.updateTable('sync_outbox').set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: message })).where('op_id', '=', id));
  });
}
