import path from 'node:path';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Outcome, Phases, StoreBatch } from './sqlite-store';

/**
 * The SQLite writer off the event loop (issue 17, `--sqlite-writer thread`). better-sqlite3 is
 * synchronous, so on the event loop every group commit — its statements, its COMMIT, the WAL
 * checkpoint a COMMIT sometimes runs, their fsyncs — holds every request and socket of the
 * server, and pushes that arrive meanwhile wait unread in the kernel: group commit never forms a
 * group (docs/benchmarks.md). Here a worker thread owns the write connection and runs each group
 * commit of the change log (sqlite-store.ts `storeSqlite`, the same function the loop path runs)
 * as one message round trip: the main thread keeps reading requests while a group is written, and
 * the pushes that arrive meanwhile form the next group (change-log.ts `drain`).
 *
 * The main thread keeps its own connection for reads (pulls, the team API: WAL readers and the
 * writer do not block each other) and for its few other writes (enrolment, refresh, audit,
 * admin): those wait, up to busy_timeout, for a group commit the thread is writing; every
 * transaction is BEGIN IMMEDIATE (sqlite-store.ts), so none fails on a stale snapshot.
 *
 * If the thread dies (it threw outside a transaction, ran out of memory, was terminated), the
 * group it was writing fails with WriterUnavailable: whether it committed is unknown, so nothing
 * of it was acknowledged, and the client's retry is exactly-once either way (the op ids are
 * unique per tenant and checked under the tenant's lock). SQLite rolls back a transaction whose
 * connection went away. The next group starts a new thread.
 */
export class WriterUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WriterUnavailable';
  }
}

export type SqliteWriter = {
  /** Writes one group in the thread; sets `phases.begin`/`phases.body` in this thread's clock. */
  store(batches: StoreBatch[], now: number, phases: Phases): Promise<Outcome>;
  /** Stops the thread after the group it is writing (the server is closing). */
  close(): Promise<void>;
  /** Ends the thread at once, as if it had died (tests). */
  kill(): Promise<void>;
  /** Threads started so far (1 + the restarts after a death). */
  readonly started: number;
};

type Reply =
  | { type: 'ready' }
  | { type: 'stored'; id: number; outcome: Outcome; begin: number; body: number }
  | { type: 'failed'; id: number; error: { name: string; message: string; code?: string } };
type Waiting = { resolve: (o: Outcome) => void; reject: (e: unknown) => void; phases: Phases };

// The thread runs sqlite-writer-worker.ts. From TypeScript sources (tsx, vitest) it registers
// tsx's require hook first: a worker does not inherit the parent's loader.
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
if (workerData.tsx) require(workerData.tsx).register();
require(workerData.entry);
`;

/** Starts the writer thread on `file` (a migrated WAL database) and resolves once it has opened it. */
export async function startSqliteWriter(file: string, opts: { busyTimeoutMs: number; autocheckpointPages?: number }): Promise<SqliteWriter> {
  const ext = path.extname(__filename);
  const entry = path.join(__dirname, `sqlite-writer-worker${ext}`);
  const tsx = ext === '.ts' ? createRequire(__filename).resolve('tsx/cjs/api') : undefined;
  let worker: Worker | undefined;
  let ready: Promise<Worker> | undefined;
  let closed = false;
  let started = 0;
  let nextId = 1;
  const waiting = new Map<number, Waiting>();
  // Epoch ms from the thread → this thread's performance.now().
  const local = (epochMs: number) => epochMs - performance.timeOrigin;

  const spawn = (): Promise<Worker> => {
    const generation = ++started;
    const w = new Worker(BOOTSTRAP, { eval: true, workerData: { entry, tsx, file, busyTimeoutMs: opts.busyTimeoutMs, autocheckpointPages: opts.autocheckpointPages } });
    const up = new Promise<Worker>((resolve, reject) => {
      let opened = false;
      let dead = false;
      const gone = (why: string) => {
        if (dead) return;
        dead = true;
        // The next group starts a new thread (unless a newer one is already starting).
        if (generation === started) {
          worker = undefined;
          ready = undefined;
        }
        const err = new WriterUnavailable(`the SQLite writer thread stopped (${why}); nothing it was writing was acknowledged`);
        for (const [id, x] of waiting) {
          waiting.delete(id);
          x.reject(err);
        }
        if (!opened) reject(err);
        else if (!closed) console.error(`sync server: ${err.message}; the next push starts a new one`);
      };
      w.on('message', (m: Reply) => {
        if (m.type === 'ready') {
          opened = true;
          worker = w;
          // Held (ref) only while starting and while a group is in it: an idle writer never keeps
          // the process alive. (Here, after the listeners: adding one refs the worker's port again.)
          if (waiting.size === 0) w.unref();
          return resolve(w);
        }
        const x = waiting.get(m.id);
        if (!x) return;
        waiting.delete(m.id);
        if (waiting.size === 0) w.unref();
        if (m.type === 'stored') {
          x.phases.begin = local(m.begin);
          x.phases.body = local(m.body);
          x.resolve(m.outcome);
        } else {
          x.reject(Object.assign(new Error(m.error.message), { name: m.error.name, ...(m.error.code ? { code: m.error.code } : {}) }));
        }
      });
      w.on('error', (err) => gone(err.message));
      w.on('exit', (code) => gone(`exit code ${code}`));
    });
    return up;
  };

  const current = (): Promise<Worker> => {
    if (closed) return Promise.reject(new WriterUnavailable('the SQLite writer is closed'));
    if (worker) return Promise.resolve(worker);
    return (ready ??= spawn());
  };
  ready = spawn();
  await ready;

  return {
    get started() {
      return started;
    },
    store(batches, now, phases) {
      const post = (w: Worker) =>
        new Promise<Outcome>((resolve, reject) => {
          const id = nextId++;
          waiting.set(id, { resolve, reject, phases });
          w.ref();
          w.postMessage({ type: 'store', id, batches, now });
        });
      // Posted at once when the thread is up, so a close() that follows in the same tick comes
      // after it in the thread's queue (and waits for it).
      return worker && !closed ? post(worker) : current().then(post);
    },
    async close() {
      closed = true;
      const w = worker ?? (await ready?.catch(() => undefined));
      if (!w) return;
      const exited = new Promise<void>((resolve) => w.once('exit', () => resolve()));
      w.ref();
      w.postMessage({ type: 'stop' });
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000).unref())]);
      await w.terminate();
    },
    async kill() {
      await worker?.terminate();
    },
  };
}

// Which Kysely handle's change log is written by a thread (change-log.ts asks; database.ts sets).
const threads = new WeakMap<object, SqliteWriter>();
export const attachWriterThread = (db: object, writer: SqliteWriter): void => void threads.set(db, writer);
export const writerThreadOf = (db: object): SqliteWriter | undefined => threads.get(db);
