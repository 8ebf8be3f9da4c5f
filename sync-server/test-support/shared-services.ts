import { afterAll, beforeAll } from 'vitest';
import { startPostgres, startRedis, type Postgres, type Redis } from './services';

/**
 * One throwaway PostgreSQL cluster (fsync off) and one Redis server for a test file: started
 * before its tests, stopped after. Read `services.pg` / `services.redis` inside tests.
 */
export function usePostgresAndRedis(): { readonly pg: Postgres; readonly redis: Redis } {
  let pg: Postgres | undefined;
  let redis: Redis | undefined;
  beforeAll(async () => {
    [pg, redis] = await Promise.all([startPostgres({ fsync: false }), startRedis()]);
  }, 180_000); // real servers (and PostgreSQL) start here; slow on a loaded CI box
  afterAll(async () => {
    await Promise.all([pg?.stop(), redis?.stop()]);
  });
  const started = <T>(x: T | undefined, name: string): T => {
    if (!x) throw new Error(`${name} is not started (use it inside a test)`);
    return x;
  };
  return {
    get pg() {
      return started(pg, 'PostgreSQL');
    },
    get redis() {
      return started(redis, 'Redis');
    },
  };
}
