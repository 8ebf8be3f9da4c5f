/**
 * Runs kysely queries synchronously. kysely builds and types every query against `Database`
 * (generated from the migrations); its SqliteDialect would run them asynchronously, which the
 * live path (a hint stored the moment it fires) and better-sqlite3's synchronous transactions
 * cannot afford. So the query is compiled by kysely (`compile()` is synchronous and needs no
 * connection) and its SQL and parameters run here on the better-sqlite3 connection: typed like
 * kysely, synchronous like better-sqlite3. Each SQL text is prepared once per connection and its
 * statement reused (statements.ts), so a query run again costs kysely's build and compile (a few
 * microseconds) and better-sqlite3's bind and step, not SQLite's parse and plan. A `sql`
 * template (kysely's RawBuilder: FTS, DDL a test sets a scene with) runs here the same way,
 * compiled against the store's kysely instance. The core's own queries live in store/; tests
 * run theirs through these too (lint forbids them the raw connection).
 */
import type { Compilable, RawBuilder } from 'kysely';
import type { Store } from './db';

export { STATEMENT_CACHE_SIZE } from './statements';

/** What a query needs of the store: kysely (to compile `sql` templates), the raw connection and its prepared statements. */
type Queryable = Pick<Store, 'db' | 'sqlite' | 'statements'>;
/** A kysely query builder, or a `sql` template. */
type Query<O> = Compilable<O> | RawBuilder<O>;

const isRaw = <O>(query: Query<O>): query is RawBuilder<O> => 'isRawBuilder' in query && query.isRawBuilder === true;

const statement = (store: Queryable, query: Query<unknown>) => {
  const compiled = isRaw(query) ? query.compile(store.db) : query.compile();
  return { stmt: store.statements.get(compiled.sql), params: compiled.parameters as unknown[] };
};

/** Every row the query returns. */
export function all<O>(store: Queryable, query: Query<O>): O[] {
  const { stmt, params } = statement(store, query);
  return stmt.all(...params) as O[];
}

/** The first row the query returns, or undefined. */
export function first<O>(store: Queryable, query: Query<O>): O | undefined {
  const { stmt, params } = statement(store, query);
  return stmt.get(...params) as O | undefined;
}

/** Runs an INSERT, UPDATE or DELETE; returns how many rows it changed. */
export function run(store: Queryable, query: Query<unknown>): number {
  const { stmt, params } = statement(store, query);
  return stmt.run(...params).changes;
}

/**
 * Runs `fn` in one better-sqlite3 transaction (a savepoint when already inside one): it
 * commits when `fn` returns and rolls back when it throws, rethrowing the error.
 */
export function transaction<T>(store: Queryable, fn: () => T): T {
  return store.sqlite.transaction(fn)();
}
