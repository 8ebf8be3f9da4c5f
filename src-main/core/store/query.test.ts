import { sql } from 'kysely';
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { type Store } from './db';
import { all, first, run, STATEMENT_CACHE_SIZE, transaction } from './query';
import { freshStores } from '../../../test/stores';

describe('synchronous kysely queries', () => {
  const fresh = freshStores();

  it('run, first and all execute the compiled SQL with its parameters, typed by the schema', () => {
    const store = fresh();
    const inserted = run(store, store.db.insertInto('settings').values([{ key: 'a', value: '"x"', updated_at: 1 }, { key: "b'; DROP TABLE settings; --", value: '2', updated_at: 2 }]));
    expect(inserted).toBe(2);
    const row = first(store, store.db.selectFrom('settings').select(['key', 'value']).where('key', '=', 'a'));
    expectTypeOf(row).toEqualTypeOf<{ key: string; value: string } | undefined>();
    expect(row).toEqual({ key: 'a', value: '"x"' });
    expect(first(store, store.db.selectFrom('settings').selectAll().where('key', '=', 'none'))).toBeUndefined();
    expect(all(store, store.db.selectFrom('settings').select('key').orderBy('updated_at')).map((r) => r.key)).toEqual(['a', "b'; DROP TABLE settings; --"]);
    expect(run(store, store.db.updateTable('settings').set({ value: '3' }).where('updated_at', '>', 5))).toBe(0);
    expect(run(store, store.db.deleteFrom('settings').where('key', '=', 'a'))).toBe(1);
    // A query that is not valid for the schema does not compile.
    // @ts-expect-error no such column
    expect(() => all(store, store.db.selectFrom('settings').select('nope'))).toThrow(/no such column/);
  });

  it('runs a sql template the same way, its values bound as parameters', () => {
    const store = fresh();
    expect(run(store, sql`INSERT INTO settings (key, value, updated_at) VALUES (${"c'; --"}, '1', 0)`)).toBe(1);
    const row = first(store, sql<{ key: string }>`SELECT key FROM settings WHERE value = ${'1'}`);
    expectTypeOf(row).toEqualTypeOf<{ key: string } | undefined>();
    expect(row).toEqual({ key: "c'; --" });
    expect(all(store, sql<{ n: number }>`SELECT count(*) AS n FROM settings`)).toEqual([{ n: 1 }]);
  });

  it('a transaction commits what fn did, or nothing when fn throws (error rethrown)', () => {
    const store = fresh();
    const put = (key: string) => run(store, store.db.insertInto('settings').values({ key, value: '1', updated_at: 0 }));
    expect(transaction(store, () => put('kept') + put('also'))).toBe(2);
    expect(() =>
      transaction(store, () => {
        put('lost');
        throw new Error('boom');
      }),
    ).toThrow('boom');
    // Nested: an inner failure caught by the outer keeps the outer's writes only.
    transaction(store, () => {
      put('outer');
      try {
        transaction(store, () => {
          put('inner');
          throw new Error('inner');
        });
      } catch {
        // expected
      }
    });
    expect(all(store, store.db.selectFrom('settings').select('key').orderBy('key')).map((r) => r.key)).toEqual(['also', 'kept', 'outer']);
  });
});

describe('prepared statements', () => {
  const fresh = freshStores();
  const put = (store: Store, key: string) => run(store, store.db.insertInto('settings').values({ key, value: '1', updated_at: 0 }));

  it('a query of the same SQL text is prepared once and its statement reused with new parameters', () => {
    const store = fresh();
    const prepare = vi.spyOn(store.sqlite, 'prepare');
    for (const key of ['a', 'b', 'c']) put(store, key);
    expect(prepare).toHaveBeenCalledTimes(1);
    const one = (key: string) => first(store, store.db.selectFrom('settings').select('key').where('key', '=', key))?.key;
    expect([one('a'), one('c'), one('none')]).toEqual(['a', 'c', undefined]);
    expect(prepare).toHaveBeenCalledTimes(2);
    // Another SQL text (two keys) is a statement of its own.
    expect(all(store, store.db.selectFrom('settings').select('key').where('key', 'in', ['a', 'b']).orderBy('key')).map((r) => r.key)).toEqual(['a', 'b']);
    expect(prepare).toHaveBeenCalledTimes(3);
  });

  it('keeps at most its capacity of statements, dropping the least recently used', () => {
    const store = fresh();
    const prepare = vi.spyOn(store.sqlite, 'prepare');
    const byCount = (n: number) => all(store, store.db.selectFrom('settings').select('key').where('key', 'in', Array.from({ length: n }, (_, i) => `k${i}`)));
    for (let n = 1; n <= STATEMENT_CACHE_SIZE; n += 1) byCount(n);
    expect(prepare).toHaveBeenCalledTimes(STATEMENT_CACHE_SIZE);
    byCount(1); // used again: now the most recent
    byCount(STATEMENT_CACHE_SIZE + 1); // one too many: drops the least recently used (2 keys)
    expect(prepare).toHaveBeenCalledTimes(STATEMENT_CACHE_SIZE + 1);
    byCount(1);
    expect(prepare).toHaveBeenCalledTimes(STATEMENT_CACHE_SIZE + 1);
    byCount(2);
    expect(prepare).toHaveBeenCalledTimes(STATEMENT_CACHE_SIZE + 2);
  });

  it('each connection has its own statements', () => {
    const a = fresh();
    const b = fresh();
    put(a, 'x');
    const prepareB = vi.spyOn(b.sqlite, 'prepare');
    put(b, 'x');
    expect(prepareB).toHaveBeenCalledTimes(1);
    expect(all(b, b.db.selectFrom('settings').select('key'))).toEqual([{ key: 'x' }]);
  });
});
