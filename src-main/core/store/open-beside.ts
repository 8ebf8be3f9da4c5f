/**
 * A store on a database file that another process (a running core, a test) has already
 * migrated: for test processes that read or write it beside that process (WAL makes that
 * safe), such as the end-to-end specs and the sync child a test SIGKILLs. Not openStore: its
 * migrations are bundled by Vite, and these run under plain tsx or Playwright; nothing here
 * checks, migrates or tightens the file (attach.ts makes the Store, secrets included). Queries
 * go through query.ts like anywhere else.
 */
import BetterSqlite3 from 'better-sqlite3';
import { attachStore } from './attach';
import type { Store } from './db';

/** Opens `file` (a data folder's salesedge.db, which must exist). */
export function openBeside(file: string, options: { readonly?: boolean } = {}): Store {
  const readonly = options.readonly === true;
  const sqlite = new BetterSqlite3(file, { readonly, fileMustExist: true });
  if (!readonly) sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  return { ...attachStore(sqlite, file), readonly };
}
