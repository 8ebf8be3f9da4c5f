/**
 * The prepared statements of one connection, by SQL text. kysely compiles a query to the same
 * text each time its shape is the same (values travel as parameters), so the live path's inserts
 * (a segment, its sentiment, its detections per utterance) are prepared once and then only bound
 * and stepped. Bounded, least recently used first out: texts that vary with the length of an
 * `IN` list would otherwise grow it without end. openStore makes one per connection.
 */
import type BetterSqlite3 from 'better-sqlite3';

/** How many statements a connection keeps prepared. */
export const STATEMENT_CACHE_SIZE = 128;

export type StatementCache = {
  /** The statement for `sql`, prepared on first use. */
  get(sql: string): BetterSqlite3.Statement;
};

export function statementCache(sqlite: BetterSqlite3.Database, capacity = STATEMENT_CACHE_SIZE): StatementCache {
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    get(sql) {
      const cached = statements.get(sql);
      if (cached) {
        statements.delete(sql);
        statements.set(sql, cached);
        return cached;
      }
      const stmt = sqlite.prepare(sql);
      statements.set(sql, stmt);
      if (statements.size > capacity) statements.delete(statements.keys().next().value!);
      return stmt;
    },
  };
}
