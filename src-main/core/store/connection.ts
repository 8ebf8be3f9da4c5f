/**
 * The query side of a store on an open better-sqlite3 connection: kysely (to build and type
 * queries) and the connection's statement cache (query.ts runs them). openStore adds the file
 * checks, pragmas and migrations around it; end-to-end tests that write into a running core's
 * database use this alone (it pulls in no migrations, which are bundled by Vite).
 */
import type BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './schema';
import { statementCache, type StatementCache } from './statements';

type Connection = { db: Kysely<Database>; sqlite: BetterSqlite3.Database; statements: StatementCache };

export function onConnection(sqlite: BetterSqlite3.Database): Connection {
  return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }), sqlite, statements: statementCache(sqlite) };
}
