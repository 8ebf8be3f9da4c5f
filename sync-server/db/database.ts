import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { ServerDatabase } from './schema';
import { migrateToLatest } from './migrations';
import { startCheckpointer, type Checkpointer } from './checkpointer';
import { ImmediateSqliteDialect } from '../sync/sqlite-store';
import { attachWriterThread, startSqliteWriter, type SqliteWriter } from '../sync/sqlite-writer';

/**
 * `db` serves every query; `writer` is where the change log is appended. On PostgreSQL the
 * writer has its own small pool, so a burst of pulls queued in the main pool never delays a
 * push (measured: 200 pulls arriving together held pushes up to 250 ms behind them). On SQLite
 * both are the same handle: with `sqliteWriter: 'loop'` one connection on the event loop does
 * everything; with 'thread' the change log's group commits go to a writer thread with a write
 * connection of its own (sync/sqlite-writer.ts) and the handle's connection does the rest.
 */
export type ServerDb = {
  db: Kysely<ServerDatabase>; writer: Kysely<ServerDatabase>; dialect: 'sqlite' | 'postgres';
  /** The SQLite database file (its WAL is this + `-wal`); undefined on PostgreSQL. */
  sqliteFile?: string;
  /** SQLite with `checkpoint: 'worker'`: the thread that checkpoints the WAL (checkpointer.ts). */
  checkpointer?: Checkpointer;
  /** SQLite with `sqliteWriter: 'thread'`: the thread that writes the change log (sync/sqlite-writer.ts). */
  writerThread?: SqliteWriter;
  close(): Promise<void>;
};

// Counts and bigint columns (times in ms) fit in a double; read them as numbers, not strings.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/**
 * SQLite in `dataDir` by default (zero set-up); PostgreSQL when a postgres:// URL is given.
 * Migrations run before the function returns.
 */
/**
 * Where SQLite checkpoints its WAL: 'commit' (SQLite's default: inside the COMMIT that takes the
 * -wal past 1,000 pages, on the event loop) or 'worker' (a thread of its own, checkpointer.ts).
 */
export type SqliteCheckpoint = 'commit' | 'worker';
/** With 'worker': how often the thread checkpoints, and the write connection's fallback autocheckpoint (pages). */
const CHECKPOINT_INTERVAL_MS = 100;
const FALLBACK_CHECKPOINT_PAGES = 10_000;
/**
 * Where SQLite writes the change log: 'loop' (on the event loop, one connection for everything)
 * or 'thread' (a writer thread owning a write connection, sync/sqlite-writer.ts).
 */
export type SqliteWriterMode = 'loop' | 'thread';
const BUSY_TIMEOUT_MS = 5000;

/** Mode 0600 on the SQLite database and the -wal and -shm beside it (those that exist). */
export function secureSqliteFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      fs.chmodSync(f, 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
}

export async function openServerDb(options: { dataDir: string; databaseUrl?: string; poolSize?: number; onPoolError?: (err: Error) => void; sqliteCheckpoint?: SqliteCheckpoint; sqliteWriter?: SqliteWriterMode }): Promise<ServerDb> {
  let db: Kysely<ServerDatabase>;
  let writer: Kysely<ServerDatabase>;
  let dialect: ServerDb['dialect'];
  let sqliteFile: string | undefined;
  let checkpointer: Checkpointer | undefined;
  let writerThread: SqliteWriter | undefined;
  const thread = !options.databaseUrl && options.sqliteWriter === 'thread';
  if (options.databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(options.databaseUrl)) throw new Error('DATABASE_URL must be a postgres:// URL');
    // An idle connection that drops (PostgreSQL restarted, backend terminated) is an 'error' on
    // its pool; unhandled, it would end the process. The pool replaces it on the next query.
    const onError = options.onPoolError ?? ((err: Error) => console.error(`sync server: PostgreSQL connection lost: ${err.message}`));
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 }).on('error', onError);
    db = new Kysely<ServerDatabase>({ dialect: new PostgresDialect({ pool }) });
    // One group of pushes is written at a time (change-log.ts), so two connections are plenty.
    const writerPool = new pg.Pool({ connectionString: options.databaseUrl, max: 2 }).on('error', onError);
    writer = new Kysely<ServerDatabase>({ dialect: new PostgresDialect({ pool: writerPool }) });
    dialect = 'postgres';
  } else {
    sqliteFile = path.join(options.dataDir, 'sync-server.db');
    // The folder 0700, the database 0600 before SQLite opens it (its -wal and -shm take the
    // database's mode when SQLite creates them), and all of them again on every start.
    fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    fs.chmodSync(options.dataDir, 0o700);
    fs.closeSync(fs.openSync(sqliteFile, 'a', 0o600));
    secureSqliteFiles(sqliteFile);
    const sqlite = new BetterSqlite3(sqliteFile);
    sqlite.pragma('journal_mode = WAL');
    // WAL + NORMAL survives a killed process (committed pages are in the WAL already).
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    sqlite.pragma('foreign_keys = ON');
    // With the writer thread, its COMMITs checkpoint the WAL (off the event loop); this
    // connection's few writes keep only the fallback, so a checkpoint never lands on the loop.
    if (options.sqliteCheckpoint === 'worker' || thread) sqlite.pragma(`wal_autocheckpoint = ${FALLBACK_CHECKPOINT_PAGES}`);
    db = new Kysely<ServerDatabase>({ dialect: new ImmediateSqliteDialect({ database: sqlite }) });
    writer = db;
    dialect = 'sqlite';
  }
  const applied = await migrateToLatest(db as unknown as Kysely<unknown>);
  if (sqliteFile) {
    // What a migration deleted (the signing key, 0004) is zeroed in its page, but older frames of
    // that page may still be in the WAL: copy the WAL into the database and empty it.
    if (applied.length > 0) await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
    secureSqliteFiles(sqliteFile);
  }
  if (sqliteFile && options.sqliteCheckpoint === 'worker') checkpointer = startCheckpointer(sqliteFile, { intervalMs: CHECKPOINT_INTERVAL_MS, fallbackPages: FALLBACK_CHECKPOINT_PAGES });
  if (sqliteFile && thread) {
    try {
      writerThread = await startSqliteWriter(sqliteFile, { busyTimeoutMs: BUSY_TIMEOUT_MS, ...(options.sqliteCheckpoint === 'worker' ? { autocheckpointPages: FALLBACK_CHECKPOINT_PAGES } : {}) });
    } catch (err) {
      await checkpointer?.close();
      await db.destroy();
      throw err;
    }
    attachWriterThread(writer, writerThread);
  }
  return {
    db, writer, dialect, sqliteFile, checkpointer, writerThread,
    async close() {
      await writerThread?.close();
      await checkpointer?.close();
      await Promise.all(writer === db ? [db.destroy()] : [db.destroy(), writer.destroy()]);
    },
  };
}
