import crypto from 'node:crypto';
import { EntityId, OpId, upPayloadSchemas, UpEntity, type PushOpInput } from '../../../src-shared/sync-protocol';
import { CoreError } from '../../../src-shared/errors';
import type { Store } from '../store/db';
import { dropQueuedOps, insertOutboxRow, type OutboxRow } from '../store/outbox';

/** What a local write hands to the outbox; the op id is generated here. */
type SyncOpInput = { entity: UpEntity; entityId: string; op: 'upsert' | 'delete'; payload?: unknown };

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
export function enqueueSyncOp(store: Store, input: SyncOpInput): string {
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
  dropQueuedOps(store, entity.data, input.entityId, input.op === 'delete' ? 'all' : 'unsent-upserts');
  insertOutboxRow(store, { op_id: opId, entity: entity.data, entity_id: input.entityId, op: input.op, payload: JSON.stringify(payload), created_at: Date.now() });
  return opId;
}

export function toPushOp(row: OutboxRow): PushOpInput {
  OpId.parse(row.op_id);
  const base = { opId: row.op_id, entity: row.entity as UpEntity, entityId: row.entity_id, clientTs: row.created_at };
  if (row.op === 'delete') return { ...base, op: 'delete', payload: null };
  return { ...base, op: 'upsert', payload: JSON.parse(row.payload) } as PushOpInput;
}
