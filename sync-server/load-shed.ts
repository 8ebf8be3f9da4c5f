import type { FastifyInstance } from 'fastify';
import { overloaded } from './errors';

/**
 * Load shedding: past a bound the server answers 503 `overloaded` with a Retry-After header at
 * once, instead of letting requests wait until clients time out (20 s). Three bounds, because a
 * saturated server queues in three places:
 *
 * - `maxInFlight`: requests being handled (headers read, answer not sent). Past it, new ones are
 *   refused before their body is read. This is where requests wait on PostgreSQL (for a pool
 *   connection, for the write queue).
 * - `maxEventLoopDelayMs`: how long the current turn of the event loop has run. On SQLite a
 *   request is handled in one go once read, so nothing piles up in the process; when the CPU
 *   cannot keep up, requests wait unread in the kernel's socket buffers while long turns run,
 *   and the turn's length is the only sign of it. Past it, the turn refuses what it reads next
 *   (a 503 costs a small fraction of a push), so the backlog drains.
 * - `maxQueuedOps` (change-log.ts): ops waiting in the write queue (behind the group being
 *   written); a push past it gets 503, before its body is read once the queue is full.
 *
 * `/healthz` is never shed. The defaults sit far above what the sync-load bench's 2,000 ops/s
 * from 200 devices needs (at most 200 requests in flight, 2,000 queued ops, turns under 100 ms on
 * the quiet 2-core machine) and keep what an admitted request waits to a few seconds, well under
 * the client's 20 s timeout (docs/benchmarks.md: 2,000 ms rather than 1,000 ms, which already
 * shed pushes at 2,000 ops/s on the noisy machine).
 */
export type LoadShedOptions = { maxInFlight: number; maxEventLoopDelayMs: number; retryAfterSeconds: number };
export const LOAD_SHED_DEFAULTS = { maxInFlight: 1000, maxEventLoopDelayMs: 2000, maxQueuedOps: 10_000, retryAfterSeconds: 2 } as const;

const TICK_MS = 50;

export type LoadShedder = {
  inFlight(): number;
  /** Counts a 503 sent (any bound); one warning per 10 s says how many. */
  noteShed(reason: string): void;
  close(): void;
};

export function startLoadShedding(app: FastifyInstance, opts: LoadShedOptions): LoadShedder {
  let inFlight = 0;
  let shed = 0;
  let lastReason = '';
  let warnedAt = 0;
  // A timer due every TICK_MS runs at the start of a turn of the loop once it is due, so the
  // time since it last ran, less TICK_MS, is how long the current turn has been running past
  // due. A turn admits requests until it has run past the bound, then refuses the rest cheaply;
  // the next turn starts afresh. Turns stay about the bound long, so a request waits (unread,
  // in the kernel) about one or two turns. Only the current turn counts: a request read after
  // a long turn that shed (or after the process was paused) is served, since the server has
  // time for it now; counting past turns made shedding feed on itself (a turn that refused a
  // thousand requests was long, so the next one refused everything too).
  let lastTick = performance.now();
  const timer = setInterval(() => void (lastTick = performance.now()), TICK_MS);
  timer.unref();
  const delay = () => performance.now() - lastTick - TICK_MS;

  app.addHook('onRequest', async (req, reply) => {
    if (req.url === '/healthz' || req.url.startsWith('/healthz?')) return;
    if (inFlight >= opts.maxInFlight) throw overloaded(`${inFlight} requests in progress`, opts.retryAfterSeconds);
    const behind = delay();
    if (behind > opts.maxEventLoopDelayMs) throw overloaded(`${Math.round(behind)} ms behind`, opts.retryAfterSeconds);
    inFlight += 1;
    // 'close' comes once per response, sent or aborted by the client.
    reply.raw.once('close', () => void (inFlight -= 1));
  });
  const report = () => {
    if (shed === 0) return;
    app.log.warn({ shed, lastReason }, `overloaded: ${shed} requests answered 503 (last: ${lastReason})`);
    shed = 0;
    warnedAt = performance.now();
  };
  return {
    inFlight: () => inFlight,
    noteShed(reason) {
      shed += 1;
      lastReason = reason;
      if (performance.now() - warnedAt >= 10_000) report();
    },
    close() {
      clearInterval(timer);
      report();
    },
  };
}
