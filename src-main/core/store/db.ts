import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { CoreError } from '../../../src-shared/errors';
import { latestSchemaVersion, migrations } from './migrations';
import type { Database } from './schema';
import { betterSqliteBinding } from '../../../native/native-module';

export type Store = {
  db: Kysely<Database>;
  /** The raw connection, for pragmas, FTS and synchronous transactions. */
  sqlite: BetterSqlite3.Database;
  file: string;
  schemaVersion: number;
  close(): void;
};

export const DB_FILE_NAME = 'salesedge.db';

/**
 * Opens (creating if absent) the local store in `dataDir` and applies pending migrations.
 * A corrupt file or one written by a newer version is refused with a one-line CoreError and
 * left byte-for-byte untouched: nothing is written before both checks pass.
 */
export function openStore(dataDir: string, options: { readonly?: boolean } = {}): Store {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, DB_FILE_NAME);
  const existed = fs.existsSync(file) && fs.statSync(file).size > 0;
  let sqlite: BetterSqlite3.Database;
  try {
    // Open read-only first when the file exists, so a bad file cannot be modified by checks.
    sqlite = new BetterSqlite3(file, { readonly: existed || options.readonly === true, fileMustExist: existed, nativeBinding: betterSqliteBinding() });
  } catch (err) {
    throw new CoreError('unavailable', `cannot open database ${file}: ${oneLine(err)}`);
  }
  let version: number;
  try {
    version = sqlite.pragma('user_version', { simple: true }) as number;
    if (existed) {
      const check = sqlite.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new Error(String(check));
    }
  } catch (err) {
    sqlite.close();
    throw new CoreError('unavailable', `database ${file} is corrupt or not a SalesEdge database (${oneLine(err)}); it was left untouched — move it aside to start fresh`);
  }
  const latest = latestSchemaVersion();
  if (version > latest) {
    sqlite.close();
    throw new CoreError('unavailable', `database ${file} is from a newer SalesEdge (schema ${version}, this version knows ${latest}); update the app — the file was left untouched`);
  }
  if (existed && !options.readonly) {
    sqlite.close();
    sqlite = new BetterSqlite3(file, { nativeBinding: betterSqliteBinding() });
  }
  if (!options.readonly) {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // Deleted text is overwritten with zeros, so a deleted call does not linger in the file.
    sqlite.pragma('secure_delete = ON');
    version = migrate(sqlite, version);
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    db,
    sqlite,
    file,
    schemaVersion: version,
    close: () => {
      // Kysely's destroy closes the underlying connection asynchronously; close it directly.
      if (sqlite.open) sqlite.close();
    },
  };
}

function migrate(sqlite: BetterSqlite3.Database, from: number): number {
  let version = from;
  for (const m of migrations) {
    if (m.version <= version) continue;
    // Each migration and its version bump commit together or not at all.
    sqlite.transaction(() => {
      sqlite.exec(m.sql);
      sqlite.pragma(`user_version = ${m.version}`);
    })();
    version = m.version;
  }
  return version;
}

const oneLine = (err: unknown): string => (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
