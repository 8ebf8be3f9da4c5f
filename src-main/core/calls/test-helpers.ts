/** Shared by the calls tests: a real SQLite store in a fresh temp dir. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore, type Store } from '../store/db';

export function tempStore(): { store: Store; dir: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesedge-calls-'));
  const store = openStore(dir);
  return {
    store,
    dir,
    cleanup: () => {
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export { DAY, enCall, ptCall } from './sample-calls';
