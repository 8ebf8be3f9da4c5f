/**
 * The settings table: one row per top-level setting, its value as JSON. settings/settings-store.ts
 * validates and merges them; this module only reads and writes the rows.
 */
import type { Store } from './db';
import { all, run, transaction } from './query';

/** Every stored setting, its value as the JSON text it was written as. */
export const readSettingRows = (store: Store): { key: string; value: string }[] => all(store, store.db.selectFrom('settings').select(['key', 'value']));

/** Writes each `[key, JSON text]` (insert or replace) in one transaction. */
export function writeSettingRows(store: Store, rows: [key: string, json: string][], now: number): void {
  transaction(store, () => {
    for (const [key, value] of rows) {
      run(
        store,
        store.db
          .insertInto('settings')
          .values({ key, value, updated_at: now })
          .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), updated_at: eb.ref('excluded.updated_at') }))),
      );
    }
  });
}
