import { describe, expect, it } from 'vitest';
import type { Store } from './db';
import { all, run } from './query';
import { readSyncSnapshot, restoreSyncSnapshot } from './sync-snapshot';
import { freshStores } from '../../../test/stores';

describe('store: sync snapshot', () => {
  const fresh = freshStores();
  const state = (store: Store) => all(store, store.db.selectFrom('sync_state').selectAll().orderBy('key'));
  const outbox = (store: Store) => all(store, store.db.selectFrom('sync_outbox').selectAll().orderBy('op_id'));
  const op = (opId: string, attempts: number, lastError: string | null) =>
    ({ op_id: opId, entity: 'call_insight', entity_id: `call-${opId}`, op: 'upsert', payload: '{"n":1}', created_at: 5, attempts, last_error: lastError }) as const;

  it('puts sync_state back exactly and queues the outbox again, leaving an op still queued as it is', () => {
    const store = fresh();
    run(store, store.db.insertInto('sync_state').values([{ key: 'cursor', value: '7' }, { key: 'lastError', value: 'null' }]));
    run(store, store.db.insertInto('sync_outbox').values([op('a', 2, 'offline'), op('b', 0, null)]));
    const snapshot = readSyncSnapshot(store);
    expect(snapshot).toEqual({ state: [{ key: 'cursor', value: '7' }, { key: 'lastError', value: 'null' }], outbox: [op('a', 2, 'offline'), op('b', 0, null)] });

    // What borrowing the sync did meanwhile: new state, a's op pushed, b's retried, another queued.
    run(store, store.db.deleteFrom('sync_state'));
    run(store, store.db.insertInto('sync_state').values([{ key: 'credentials', value: '{}' }, { key: 'cursor', value: '99' }]));
    run(store, store.db.deleteFrom('sync_outbox').where('op_id', '=', 'a'));
    run(store, store.db.updateTable('sync_outbox').set({ attempts: 3 }).where('op_id', '=', 'b'));
    run(store, store.db.insertInto('sync_outbox').values(op('c', 0, null)));

    restoreSyncSnapshot(store, snapshot);
    expect(state(store)).toEqual([{ key: 'cursor', value: '7' }, { key: 'lastError', value: 'null' }]);
    expect(outbox(store)).toEqual([op('a', 2, 'offline'), op('b', 3, null), op('c', 0, null)]);
  });

  it('a snapshot that cannot be written changes nothing', () => {
    const store = fresh();
    run(store, store.db.insertInto('sync_state').values({ key: 'cursor', value: '1' }));
    const bad = { state: [{ key: 'lastSyncAt', value: '2' }, { key: 'lastSyncAt', value: '3' }], outbox: [op('x', 0, null)] };
    expect(() => restoreSyncSnapshot(store, bad)).toThrow(/UNIQUE constraint/);
    expect(state(store)).toEqual([{ key: 'cursor', value: '1' }]);
    expect(outbox(store)).toEqual([]);
  });
});
