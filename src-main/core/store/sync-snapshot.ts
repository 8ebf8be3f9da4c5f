/**
 * The sync tables as one snapshot: the client's sync state (cursor, last error), its credentials
 * (the secrets file) and its outbox, read before something borrows the data folder's sync and written back after it.
 * `salesedge demo` enrolls the folder with its own embedded server for the demo only and puts
 * the folder's sync back this way when it ends.
 */
import type { Store } from './db';
import { all, run, transaction } from './query';
import type { Row } from './schema';

/** `credentials`: the secrets file's (store/secrets.ts), undefined when not enrolled. */
export type SyncSnapshotRows = { state: Row<'sync_state'>[]; outbox: Row<'sync_outbox'>[]; credentials?: unknown };

/** Every sync_state and sync_outbox row as it is now, and the credentials. */
export const readSyncSnapshot = (store: Store): SyncSnapshotRows => ({
  state: all(store, store.db.selectFrom('sync_state').select(['key', 'value'])),
  outbox: all(store, store.db.selectFrom('sync_outbox').selectAll()),
  credentials: store.secrets.read('credentials'),
});

/**
 * In one transaction: sync_state becomes exactly the snapshot's rows, and the snapshot's outbox
 * rows are queued again (an op still queued, by its op id, is left as it is).
 */
export function restoreSyncSnapshot(store: Store, snapshot: SyncSnapshotRows): void {
  transaction(store, () => {
    run(store, store.db.deleteFrom('sync_state'));
    for (const row of snapshot.state) run(store, store.db.insertInto('sync_state').values({ key: row.key, value: row.value }));
    for (const row of snapshot.outbox) run(store, store.db.insertInto('sync_outbox').values(row).orIgnore());
  });
  store.secrets.write('credentials', snapshot.credentials);
}
