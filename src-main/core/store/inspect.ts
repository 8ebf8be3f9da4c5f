/**
 * Looking inside the database file, for tests: what kysely's builder cannot say (the schema
 * catalogue, `PRAGMA table_info`, FTS5's vocabulary, a WAL checkpoint). Tests use these instead
 * of raw SQL on the connection (lint forbids it them); the core does not need them.
 */
import type { Store } from './db';
import { all, first } from './query';
import { sql } from 'kysely';

/** Every table of the file, FTS shadow tables included, SQLite's own left out. */
export const tableNames = (store: Store): string[] =>
  all(store, sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).map((r) => r.name);

/** The columns of `table` (PRAGMA table_info), in order; none for a virtual table's. */
export const columnNames = (store: Store, table: string): string[] => all(store, sql<{ name: string }>`SELECT name FROM pragma_table_info(${table})`).map((r) => r.name);

/**
 * Every table (FTS shadow tables included) with a row whose value in any column, read as
 * text, contains `needle`: `table: count` for each, in the catalogue's order. Says whether
 * anything of a deleted call is left anywhere, whatever tables a later feature adds.
 */
export function tablesMentioning(store: Store, needle: string): string[] {
  const hits: string[] = [];
  for (const table of tableNames(store)) {
    const cols = columnNames(store, table);
    if (cols.length === 0) continue;
    const cond = sql.join(cols.map((c) => sql`instr(CAST(${sql.ref(c)} AS TEXT), ${needle}) > 0`), sql` OR `);
    const n = first(store, sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)} WHERE ${cond}`)!.n;
    if (n > 0) hits.push(`${table}: ${n}`);
  }
  return hits;
}

/** How many rows of the transcript index (segments_fts, 0002-calls.sql) hold `term` (fts5vocab). */
export function ftsTermRows(store: Store, term: string): number {
  store.sqlite.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_vocab USING fts5vocab(main, segments_fts, 'row')`);
  return first(store, sql<{ n: number }>`SELECT count(*) AS n FROM temp.fts_vocab WHERE term = ${term}`)!.n;
}

/** Moves everything in the -wal into the database file and empties the -wal (wal_checkpoint(TRUNCATE)). */
export function checkpointWal(store: Store): void {
  store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
}
