import { afterAll, beforeAll } from 'vitest';
import { startPostgres, type Postgres } from './services';

export type Backend = 'sqlite' | 'postgres';

/**
 * One throwaway PostgreSQL cluster for a test file that runs its suite on both backends:
 * started before the file's tests (fsync off: these tests are not about durability), stopped
 * after them. `databaseFor('postgres', prefix)` makes a fresh database on it and returns its
 * URL; for 'sqlite' it returns undefined (the server then uses SQLite in its data folder).
 */
export function usePostgres(): { databaseFor(backend: Backend, prefix: string): Promise<string | undefined> } {
  let pg: Postgres | undefined;
  let n = 0;
  beforeAll(async () => {
    pg = await startPostgres({ fsync: false });
  }, 180_000); // real servers (and PostgreSQL) start here; slow on a loaded CI box
  afterAll(async () => {
    await pg?.stop();
  });
  return {
    databaseFor: async (backend, prefix) => {
      if (backend !== 'postgres') return undefined;
      if (!pg) throw new Error('usePostgres: PostgreSQL is not started (call usePostgres() at the top of the test file)');
      return pg.createDatabase(`${prefix}_${Date.now()}_${++n}`);
    },
  };
}
