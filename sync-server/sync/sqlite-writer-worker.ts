/**
 * The SQLite writer thread (sqlite-writer.ts): owns the write connection and runs one group
 * commit per message with the change log's own store function (sqlite-store.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely } from 'kysely';
import type { ServerDatabase } from '../db/schema';
import { ImmediateSqliteDialect, storeSqlite, type Phases, type StoreBatch } from './sqlite-store';

const config = workerData as { file: string; busyTimeoutMs: number; autocheckpointPages?: number };
const port = parentPort!;
const sqlite = new BetterSqlite3(config.file);
// The file is in WAL mode already (database.ts); these are per connection. WAL + NORMAL survives
// a killed process: a COMMIT is in the -wal before the thread answers.
sqlite.pragma('synchronous = NORMAL');
sqlite.pragma(`busy_timeout = ${config.busyTimeoutMs}`);
sqlite.pragma('foreign_keys = ON');
if (config.autocheckpointPages !== undefined) sqlite.pragma(`wal_autocheckpoint = ${config.autocheckpointPages}`);
const db = new Kysely<ServerDatabase>({ dialect: new ImmediateSqliteDialect({ database: sqlite }) });
const epoch = (t: number) => performance.timeOrigin + t;

type Message = { type: 'store'; id: number; batches: StoreBatch[]; now: number } | { type: 'stop' };

// The group being written: a stop waits for it (the thread stops after the group it is writing).
let writing: Promise<void> = Promise.resolve();
port.on('message', (m: Message) => {
  if (m.type === 'stop') {
    void writing.then(() => db.destroy()).finally(() => port.close());
    return;
  }
  const phases: Phases = {};
  writing = storeSqlite(db, m.batches, m.now, phases).then(
    (outcome) => port.postMessage({ type: 'stored', id: m.id, outcome, begin: epoch(phases.begin!), body: epoch(phases.body!) }),
    (err: Error & { code?: string }) => port.postMessage({ type: 'failed', id: m.id, error: { name: err.name, message: err.message, ...(typeof err.code === 'string' ? { code: err.code } : {}) } }),
  );
});
port.postMessage({ type: 'ready' });
