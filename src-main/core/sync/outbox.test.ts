import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PushOp } from '../../../src-shared/sync-protocol';
import { openStore, type Store } from '../store/db';
import { enqueueCallInsightDelete, enqueueSimulationResult } from './insights';
import { enqueueSyncOp, toPushOp } from './outbox';
import { nextBatch, noteFailure, pendingCount } from '../store/outbox';

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

const rows = () => store.sqlite.prepare('SELECT entity, entity_id, op, payload, attempts FROM sync_outbox ORDER BY created_at, rowid').all();

describe('delete ops', () => {
  it('supersede every pending op of the entity, failed ones too, and go up as ids only', () => {
    const db = store.sqlite;
    db.prepare("INSERT INTO simulation_sessions (id, scenario, language, started_at, score) VALUES ('s-1', 'Preço com a Joana', 'pt', 1, 50)").run();
    const failed = db.transaction(() => enqueueSimulationResult(store, 's-1'))();
    noteFailure(store, [failed], 'offline');
    db.transaction(() => enqueueSimulationResult(store, 's-1'))();
    // An upsert only supersedes untried upserts: the failed one stays.
    expect(pendingCount(store)).toBe(2);

    db.transaction(() => enqueueSyncOp(store, { entity: 'simulation_result', entityId: 's-1', op: 'delete', payload: { scenario: 'ignored' } }))();

    expect(rows()).toEqual([{ entity: 'simulation_result', entity_id: 's-1', op: 'delete', payload: 'null', attempts: 0 }]);
    const op = PushOp.parse(toPushOp(nextBatch(store, 10)[0]!));
    expect(op).toMatchObject({ entity: 'simulation_result', entityId: 's-1', op: 'delete', payload: null });
    expect(Object.keys(op).sort()).toEqual(['clientTs', 'entity', 'entityId', 'op', 'opId', 'payload']);
  });

  it('refuse an id the server would refuse, with one line, rolling the caller back', () => {
    const db = store.sqlite;
    expect(() =>
      db.transaction(() => {
        db.prepare("INSERT INTO simulation_sessions (id, scenario, language, started_at, score) VALUES ('s 2', 'x', 'pt', 1, 50)").run();
        enqueueSyncOp(store, { entity: 'simulation_result', entityId: 's 2', op: 'delete' });
      })(),
    ).toThrow(/^cannot sync simulation_result with id "s 2": ids use letters, digits and \. _ : - only$/);
    expect(db.prepare('SELECT count(*) FROM simulation_sessions').pluck().get()).toBe(0);
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
