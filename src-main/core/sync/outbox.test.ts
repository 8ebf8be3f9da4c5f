import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PushOp } from '../../../src-shared/sync-protocol';
import { openStore, type Store } from '../store/db';
import { enqueueCallInsightDelete } from './insights';
import { enqueueSyncOp, toPushOp } from './outbox';
import { nextBatch, noteFailure, pendingCount } from '../store/outbox';
import { all, first, transaction } from '../store/query';
import { insertCallRow } from '../store/calls';
import { enqueueSampleSimulationResult } from './test-support/sample-ops';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outbox-'));
  store = openStore(dir);
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const rows = () => all(store, store.db.selectFrom('sync_outbox').select(['entity', 'entity_id', 'op', 'payload', 'attempts']).orderBy('created_at').orderBy(sql`rowid`));

describe('delete ops', () => {
  it('supersede every pending op of the entity, failed ones too, and go up as ids only', () => {
    const failed = transaction(store, () => enqueueSampleSimulationResult(store, 's-1', { scenario: 'Preço com a Joana' }));
    noteFailure(store, [failed], 'offline');
    transaction(store, () => enqueueSampleSimulationResult(store, 's-1', { scenario: 'Preço com a Joana' }));
    // An upsert only supersedes untried upserts: the failed one stays.
    expect(pendingCount(store)).toBe(2);

    transaction(store, () => enqueueSyncOp(store, { entity: 'simulation_result', entityId: 's-1', op: 'delete', payload: { scenario: 'ignored' } }));

    expect(rows()).toEqual([{ entity: 'simulation_result', entity_id: 's-1', op: 'delete', payload: 'null', attempts: 0 }]);
    const op = PushOp.parse(toPushOp(nextBatch(store, 10)[0]!));
    expect(op).toMatchObject({ entity: 'simulation_result', entityId: 's-1', op: 'delete', payload: null });
    expect(Object.keys(op).sort()).toEqual(['clientTs', 'entity', 'entityId', 'op', 'opId', 'payload']);
  });

  it('refuse an id the server would refuse, with one line, rolling the caller back', () => {
    expect(() =>
      transaction(store, () => {
        insertCallRow(store, { id: 's 2', title: 'x', started_at: 1, created_at: 1 });
        enqueueSyncOp(store, { entity: 'simulation_result', entityId: 's 2', op: 'delete' });
      }),
    ).toThrow(/^cannot sync simulation_result with id "s 2": ids use letters, digits and \. _ : - only$/);
    expect(first(store, store.db.selectFrom('calls').select('id'))).toBeUndefined();
    expect(pendingCount(store)).toBe(0);
  });
});

describe('enqueueCallInsightDelete', () => {
  it('queues a tombstone for the call id, or nothing for an id that could never have been synced', () => {
    expect(enqueueCallInsightDelete(store, 'call/1')).toBeNull();
    expect(pendingCount(store)).toBe(0);
    const opId = enqueueCallInsightDelete(store, 'b7c1e0d2-1f1a-4c39-9a57-5f1c0b0a2e11');
    expect(rows()).toEqual([{ entity: 'call_insight', entity_id: 'b7c1e0d2-1f1a-4c39-9a57-5f1c0b0a2e11', op: 'delete', payload: 'null', attempts: 0 }]);
    expect(nextBatch(store, 1)[0]!.op_id).toBe(opId);
  });
});
