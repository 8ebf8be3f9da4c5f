import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { openStore, type Store } from './db';
import { all, first, run, transaction } from './query';
import { tempDir } from '../../../test/helpers';

describe('synchronous kysely queries', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));
  const fresh = (): Store => {
    const t = tempDir();
    const store = openStore(t.dir);
    cleanups.push(() => {
      store.close();
      t.cleanup();
    });
    return store;
  };

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
