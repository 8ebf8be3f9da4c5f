import crypto from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import { EntityId, OpId, upPayloadSchemas, UpEntity, type PushOpInput } from '../../../src-shared/sync-protocol';
import { CoreError } from '../../../src-shared/errors';

/** What a local write hands to the outbox; the op id is generated here. */
export type SyncOpInput = { entity: UpEntity; entityId: string; op: 'upsert' | 'delete'; payload?: unknown };
export type OutboxRow = { op_id: string; entity: string; entity_id: string; op: 'upsert' | 'delete'; payload: string; created_at: number; attempts: number; last_error: string | null };

/**
 * Queues one operation for the sync server. Call it INSIDE the transaction of the local
 * write it describes (better-sqlite3 transactions are synchronous), so the change and its
 * outbox row commit together or not at all. The payload is validated with the wire schema
 * here: a bad payload throws and rolls the caller's transaction back instead of poisoning
 * the queue. A pending upsert of the same entity is superseded (only the latest state is
 * worth sending; the server keeps the highest sequence anyway). A delete supersedes every
 * pending op of its entity, failed ones included: the delete reaches the server after
 * anything already sent (the outbox goes oldest-first), so the entity ends deleted either
 * way, and the deleted thing's data does not linger in the queue.
 */
export function enqueueSyncOp(sqlite: BetterSqlite3.Database, input: SyncOpInput): string {
  const entity = UpEntity.safeParse(input.entity);
  if (!entity.success) throw new CoreError('bad_request', `cannot sync entity ${String(input.entity)}`);
  // The server refuses a whole push batch over one bad id: never let one into the queue.
  if (!EntityId.safeParse(input.entityId).success) throw new CoreError('bad_request', `cannot sync ${entity.data} with id ${JSON.stringify(String(input.entityId)).slice(0, 140)}: ids use letters, digits and . _ : - only`);
  let payload: unknown = null;
  if (input.op === 'upsert') {
    const parsed = upPayloadSchemas[entity.data].safeParse(input.payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new CoreError('bad_request', `invalid ${entity.data} for sync: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
    }
    payload = parsed.data;
  }
  const opId = crypto.randomUUID();
  if (input.op === 'delete') sqlite.prepare('DELETE FROM sync_outbox WHERE entity = ? AND entity_id = ?').run(entity.data, input.entityId);
  else sqlite.prepare("DELETE FROM sync_outbox WHERE entity = ? AND entity_id = ? AND op = 'upsert' AND attempts = 0").run(entity.data, input.entityId);
  sqlite
    .prepare('INSERT INTO sync_outbox (op_id, entity, entity_id, op, payload, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(opId, entity.data, input.entityId, input.op, JSON.stringify(payload), Date.now());
  return opId;
}

export const pendingCount = (sqlite: BetterSqlite3.Database): number => (sqlite.prepare('SELECT count(*) AS n FROM sync_outbox').get() as { n: number }).n;

/** Oldest first, so the server assigns sequence numbers in local write order. */
export const nextBatch = (sqlite: BetterSqlite3.Database, limit: number): OutboxRow[] =>
  sqlite.prepare('SELECT * FROM sync_outbox ORDER BY created_at, rowid LIMIT ?').all(limit) as OutboxRow[];

export function toPushOp(row: OutboxRow): PushOpInput {
  OpId.parse(row.op_id);
  const base = { opId: row.op_id, entity: row.entity as UpEntity, entityId: row.entity_id, clientTs: row.created_at };
  if (row.op === 'delete') return { ...base, op: 'delete', payload: null };
  return { ...base, op: 'upsert', payload: JSON.parse(row.payload) } as PushOpInput;
}

/** Removes ops the server acknowledged (it holds them now). */
export function removeAccepted(sqlite: BetterSqlite3.Database, opIds: string[]): void {
  const del = sqlite.prepare('DELETE FROM sync_outbox WHERE op_id = ?');
  sqlite.transaction(() => {
    for (const id of opIds) del.run(id);
  })();
}

export function noteFailure(sqlite: BetterSqlite3.Database, opIds: string[], message: string): void {
  const upd = sqlite.prepare('UPDATE sync_outbox SET attempts = attempts + 1, last_error = ? WHERE op_id = ?');
  sqlite.transaction(() => {
    for (const id of opIds) upd.run(message, id);
  })();
}
