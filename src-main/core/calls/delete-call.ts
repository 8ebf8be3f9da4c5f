/**
 * Privacy: deleting a call removes everything derived from it, in one transaction, its words
 * overwritten rather than left in free pages or the search index (store/delete-calls.ts, which
 * finds the tables that refer to a call by introspection).
 *
 * Sync: the call's queued operations go with it, and one `delete` op for its insight is
 * queued in the same transaction, so a call whose insight was already pushed is deleted on
 * the server too (and drops out of the manager's team view). Retention uses the same path.
 */
import type { Store } from '../store/db';
import { callIdsStartedBefore } from '../store/calls';
import { deleteCallRows } from '../store/delete-calls';
import { enqueueCallInsightDelete } from '../sync/insights';

/** Deletes one call and all that derives from it; false when there was no such call. */
export function deleteCall(store: Store, id: string): boolean {
  return deleteCalls(store, [id]) > 0;
}

function deleteCalls(store: Store, ids: string[]): number {
  return deleteCallRows(store, ids, (id, endedAt) => {
    // Same rule as the upsert: an insight is queued when a call ends (hint feedback only
    // re-queues it after that), whether or not the device is enrolled yet, and waits in the
    // outbox. So an ended call gets a tombstone (harmless if its insight never got out); a
    // call that never ended (an import cancelled half-way) never had one queued.
    if (endedAt !== null) enqueueCallInsightDelete(store, id);
  });
}

/** Retention: deletes calls that started more than `days` days before `now` (0 keeps all). */
export function purgeExpiredCalls(store: Store, days: number, now = Date.now()): number {
  if (!days || days <= 0) return 0;
  return deleteCalls(store, callIdsStartedBefore(store, now - days * 86_400_000));
}
