/**
 * A Store on a connection opened elsewhere, for processes that run under plain tsx, where
 * openStore's migrations (bundled by Vite) cannot load: the SIGKILL sync test's child and the
 * calls-search bench. No file checks, pragmas or migrations: the caller did those. The secrets
 * are the data folder's, protected by the file's mode only.
 */
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { onConnection } from './connection';
import type { Store } from './db';
import { openSecrets } from './secrets';

export function attachStore(sqlite: BetterSqlite3.Database, file: string): Store {
  return {
    ...onConnection(sqlite),
    file,
    schemaVersion: sqlite.pragma('user_version', { simple: true }) as number,
    secrets: openSecrets(path.dirname(file), 'file'),
    close: () => void (sqlite.open && sqlite.close()),
  };
}
