/**
 * A sync client in its own process, so tests can SIGKILL it mid-sync. It opens the store file
 * directly (already migrated by the test) and runs rounds with small batches, printing a line
 * per acknowledged batch.
 */
import path from 'node:path';
import type { Store } from '../../store/db';
import { openBeside } from '../../store/open-beside';
import { syncOnce } from '../engine';

// Not openStore: its migrations are bundled by Vite, and this runs under plain tsx.
const store: Store = openBeside(path.join(process.argv[2]!, 'salesedge.db'));
void syncOnce(store, { batchSize: Number(process.argv[3] ?? 20), onPushed: (n) => process.stdout.write(`pushed ${n}\n`) }).then(
  (r) => process.stdout.write(`done ${JSON.stringify(r)}\n`),
  (err: unknown) => {
    process.stderr.write(`sync failed: ${String(err)}\n`);
    process.exitCode = 1;
  },
);
