import { Worker } from 'node:worker_threads';

/**
 * SQLite WAL checkpoints off the event loop (issue 17). By default SQLite checkpoints inside the
 * COMMIT that takes the -wal past 1,000 pages: it copies those pages into the database file and
 * fsyncs both files, and better-sqlite3 is synchronous, so the whole server (every request, every
 * socket) waits for that I/O. Here a worker thread with a connection of its own runs a PASSIVE
 * checkpoint every `intervalMs` instead; in WAL mode a checkpointer and the writer do not block
 * each other, and the writer restarts the -wal from its start once a checkpoint has copied it all.
 *
 * The write connection keeps an automatic checkpoint at `fallbackPages` (far above what the
 * worker lets build up), so if the worker falls behind or is gone the -wal is still bounded: the
 * old behaviour, later. Durability is unchanged: COMMIT writes the -wal exactly as before
 * (synchronous=NORMAL), and a checkpoint fsyncs the -wal before it copies anything.
 */
/** One round of the thread: the -wal's frames and those copied at its last pass, and whether it caught up with the writer. */
export type CheckpointReport = { at: number; ms: number; walFrames: number; copied: number; busy: boolean; passes: number; caughtUp: boolean };
export type Checkpointer = { onReport(fn: (r: CheckpointReport) => void): void; close(): Promise<void> };

// Plain JS, evaluated in the worker (no TypeScript loader there). `busy` = the checkpoint could not
// take its lock (another checkpoint running); PASSIVE never waits for readers or the writer.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 0');
let stopped = false;
// The writer restarts the -wal from its start only if, when it begins, every frame has been copied.
// A checkpoint copies the frames there were when it began; under a steady stream of commits a few
// more have usually come by the time it ends, so it goes again at once (a few frames cost little)
// until a pass finds none new (caught up: the next COMMIT restarts the -wal) or gives up.
const tick = () => {
  if (stopped) return;
  const t0 = performance.now();
  let r = { busy: 0, log: 0, checkpointed: 0 };
  let passes = 0;
  let caughtUp = false;
  try {
    for (let prev = -1; passes < workerData.maxPasses; prev = r.log) {
      [r] = db.pragma('wal_checkpoint(PASSIVE)');
      passes += 1;
      caughtUp = r.busy === 0 && r.checkpointed === r.log && (r.log === prev || r.log < prev || r.log === 0);
      if (caughtUp || r.busy !== 0) break;
    }
    if (passes > 1 || r.log > 0) parentPort.postMessage({ at: Date.now(), ms: performance.now() - t0, walFrames: r.log, copied: r.checkpointed, busy: r.busy === 1, passes, caughtUp });
  } catch (err) {
    parentPort.postMessage({ at: Date.now(), ms: performance.now() - t0, walFrames: 0, copied: 0, busy: true, passes, caughtUp: false, error: String(err) });
  }
  setTimeout(tick, workerData.intervalMs);
};
setTimeout(tick, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  stopped = true;
  db.close();
  parentPort.close();
});
`;

export function startCheckpointer(file: string, opts: { intervalMs: number; fallbackPages: number; maxPasses?: number }): Checkpointer {
  const worker = new Worker(WORKER, { eval: true, workerData: { file, intervalMs: opts.intervalMs, maxPasses: opts.maxPasses ?? 8, driver: require.resolve('better-sqlite3') } });
  // The server must not wait on this thread to exit, nor die with it: the fallback checkpoint remains.
  worker.unref();
  let listener: ((r: CheckpointReport) => void) | undefined;
  worker.on('message', (r: CheckpointReport & { error?: string }) => {
    if (r.error) console.error(`sync server: WAL checkpoint failed: ${r.error}`);
    listener?.(r);
  });
  worker.on('error', (err) => console.error(`sync server: the WAL checkpoint thread stopped (the write connection's own checkpoint, at ${opts.fallbackPages} pages, remains): ${err.message}`));
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    onReport: (fn) => void (listener = fn),
    async close() {
      worker.postMessage('stop');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000).unref())]);
      await worker.terminate();
    },
  };
}
