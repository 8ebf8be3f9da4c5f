import { afterEach } from 'vitest';
import { openStore, type Store } from '../src-main/core/store/db';
import { tempDir } from './helpers';

/**
 * `fresh()` opens a new store in its own temp folder (migrated, and passed through `prepare`
 * when given, e.g. seedBundledContent); every store it opened is closed and its folder removed
 * after each test. Call it in a describe body (it registers the afterEach there).
 */
export function freshStores(prepare?: (store: Store) => void): () => Store {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));
  return () => {
    const t = tempDir();
    const store = openStore(t.dir);
    cleanups.push(() => {
      store.close();
      t.cleanup();
    });
    prepare?.(store);
    return store;
  };
}
