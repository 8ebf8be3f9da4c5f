/** The Deals page's remembered column mappings, by the export's header signature (migration 0008). */
import type { Store } from './db';
import { first, run } from './query';

export type StoredMapping = { signature: string; headers: string[]; mapping: string; fileName: string | null; updatedAt: number };

export function rememberImportMapping(store: Store, m: { signature: string; headers: string[]; mapping: string; fileName: string | null }, now: number): void {
  run(
    store,
    store.db
      .insertInto('deal_import_mappings')
      .values({ signature: m.signature, headers: JSON.stringify(m.headers), mapping: m.mapping, file_name: m.fileName, created_at: now, updated_at: now })
      .onConflict((oc) => oc.column('signature').doUpdateSet({ headers: JSON.stringify(m.headers), mapping: m.mapping, file_name: m.fileName, updated_at: now })),
  );
}

export function importMappingFor(store: Store, signature: string): StoredMapping | undefined {
  const row = first(store, store.db.selectFrom('deal_import_mappings').selectAll().where('signature', '=', signature));
  return row && { signature: row.signature, headers: JSON.parse(row.headers) as string[], mapping: row.mapping, fileName: row.file_name, updatedAt: row.updated_at };
}
