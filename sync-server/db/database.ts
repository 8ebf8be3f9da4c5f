import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type { ServerDatabase } from './schema';
import { migrateToLatest } from './migrations';

export type ServerDb = { db: Kysely<ServerDatabase>; dialect: 'sqlite' | 'postgres'; close(): Promise<void> };

// Counts and bigint columns (times in ms) fit in a double; read them as numbers, not strings.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/**
 * SQLite in `dataDir` by default (zero set-up); PostgreSQL when a postgres:// URL is given.
 * Migrations run before the function returns.
 */
export async function openServerDb(options: { dataDir: string; databaseUrl?: string; poolSize?: number }): Promise<ServerDb> {
  let db: Kysely<ServerDatabase>;
  let dialect: ServerDb['dialect'];
  if (options.databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(options.databaseUrl)) throw new Error('DATABASE_URL must be a postgres:// URL');
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    db = new Kysely<ServerDatabase>({ dialect: new PostgresDialect({ pool }) });
    dialect = 'postgres';
  } else {
    fs.mkdirSync(options.dataDir, { recursive: true });
    const sqlite = new BetterSqlite3(path.join(options.dataDir, 'sync-server.db'));
    sqlite.pragma('journal_mode = WAL');
    // WAL + NORMAL survives a killed process (committed pages are in the WAL already).
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    db = new Kysely<ServerDatabase>({ dialect: new SqliteDialect({ database: sqlite }) });
    dialect = 'sqlite';
  }
  await migrateToLatest(db as unknown as Kysely<unknown>);
  return { db, dialect, close: () => db.destroy() };
}
