/**
 * Diagnostics for the sync server's tail (issue 17), off unless the server is started with
 * `--stats`. Nothing here is served over HTTP: on SIGUSR2 (and once more when the server stops)
 * the process writes ONE line to stdout, `sync-stats {json}`, covering the time since the
 * previous one, then starts a new window. The bench (bench/sync-load.bench.ts) signals at the
 * start and at the end of its clock and prints what the server saw next to its own latencies.
 *
 * What a window holds (times in ms): the event-loop delay histogram (monitorEventLoopDelay), GC
 * pauses (PerformanceObserver 'gc': count, total, longest, by kind), the write queue (per group
 * commit: pushes, ops, each push's wait before its group started, the write, and on SQLite BEGIN /
 * statements / COMMIT; a COMMIT during which the database file was written is one that ran a WAL
 * checkpoint — in WAL mode nothing else writes that file while the server runs), the -wal file's
 * size, the socket.io fan-out per push (the synchronous emit to the rooms), the server-side time
 * of each push and pull (request received → response sent), per-second buckets of the maxima,
 * and "blips": every event past a threshold with its wall-clock time, to line up with the slow
 * pushes a client saw.
 */
import fs from 'node:fs';
import { constants, createHistogram, monitorEventLoopDelay, PerformanceObserver, type IntervalHistogram, type PerformanceEntry, type RecordableHistogram } from 'node:perf_hooks';
import type { ServerDb } from './db/database';
import { observeWrites, type GroupTiming } from './sync/change-log';

/** p50 / p99 / max of a histogram recorded in microseconds, in ms. */
export type Dist = { n: number; p50: number; p99: number; max: number };
/** A notable event: what, when it ended (ms since epoch), how long; `detail` says more. */
export type Blip = {
  kind: 'loop' | 'gc' | 'group' | 'fanout' | 'push' | 'pull' | 'checkpoint'; at: number; ms: number; detail?: string;
  /** A group commit's COMMIT, and whether it ran a WAL checkpoint; `offLoop`: written by the SQLite writer thread, not on the event loop. */
  commitMs?: number; checkpoint?: boolean; offLoop?: boolean;
  /** A late turn ('loop'): what the server did since the timer's previous run. */
  turn?: { requests: number; groups: number; writeMs: number };
};
/** Event loop and GC of one process over a window. */
export type LoopGc = { loop: Dist; gc: { count: number; totalMs: number; maxMs: number; byKind: Record<string, { count: number; totalMs: number; maxMs: number }> } };

const ms3 = (x: number) => Math.round(x * 1000) / 1000;
const dist = (h: RecordableHistogram | IntervalHistogram, scale: number): Dist =>
  h.count === 0 ? { n: 0, p50: 0, p99: 0, max: 0 } : { n: h.count, p50: ms3(h.percentile(50) / scale), p99: ms3(h.percentile(99) / scale), max: ms3(h.max / scale) };
const us = (h: RecordableHistogram, ms: number) => h.record(Math.max(1, Math.round(ms * 1000)));

const GC_KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};

const LOOP_RESOLUTION_MS = 10;

/**
 * This process's event loop and GC, for the server and the load generator alike. `take()` returns
 * the window since the previous take and starts the next. A 10 ms timer also reports every turn
 * that ran `stallMs` or more past due as a 'loop' blip (the histogram has no timestamps).
 */
export function startProcessProbe(onBlip: (b: Blip) => void, opts: { stallMs?: number; gcBlipMs?: number; turn?: () => Blip['turn'] } = {}) {
  const stallMs = opts.stallMs ?? 20;
  const gcBlipMs = opts.gcBlipMs ?? 5;
  const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  loop.enable();
  let gc: LoopGc['gc'] = { count: 0, totalMs: 0, maxMs: 0, byKind: {} };
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = GC_KINDS[((e as PerformanceEntry & { detail?: { kind?: number } }).detail)?.kind ?? -1] ?? 'other';
      const k = (gc.byKind[kind] ??= { count: 0, totalMs: 0, maxMs: 0 });
      for (const acc of [gc, k]) {
        acc.count += 1;
        acc.totalMs += e.duration;
        acc.maxMs = Math.max(acc.maxMs, e.duration);
      }
      if (e.duration >= gcBlipMs) onBlip({ kind: 'gc', at: performance.timeOrigin + e.startTime + e.duration, ms: ms3(e.duration), detail: kind });
    }
  });
  obs.observe({ entryTypes: ['gc'] });
  const TICK = 10;
  let last = performance.now();
  const tick = setInterval(() => {
    const now = performance.now();
    const late = now - last - TICK;
    // Called every tick, so that what it counts covers the time since the previous one.
    const turn = opts.turn?.();
    if (late >= stallMs) onBlip({ kind: 'loop', at: Date.now(), ms: ms3(late), ...(turn ? { turn } : {}) });
    last = now;
  }, TICK);
  tick.unref();
  return {
    take(): LoopGc {
      // The histogram records the time between its timer's runs, i.e. the resolution plus the delay.
      const raw = dist(loop, 1e6);
      const past = (x: number) => ms3(Math.max(0, x - LOOP_RESOLUTION_MS));
      const out: LoopGc = { loop: { n: raw.n, p50: past(raw.p50), p99: past(raw.p99), max: past(raw.max) }, gc: { ...gc, totalMs: ms3(gc.totalMs), maxMs: ms3(gc.maxMs) } };
      loop.reset();
      gc = { count: 0, totalMs: 0, maxMs: 0, byKind: {} };
      return out;
    },
    stop() {
      clearInterval(tick);
      loop.disable();
      obs.disconnect();
    },
  };
}

/** One second's maxima and counts, keyed by the second (ms since epoch / 1000, floored). */
type Second = {
  t: number; loopMax: number; gcMs: number; gcMax: number; pushes: number; pushMax: number; pulls: number; pullMax: number;
  groups: number; ops: number; groupOpsMax: number; waitMax: number; writeMax: number; commitMax: number; checkpoints: number; fanoutMax: number; walBytes: number;
};

export type ServerStats = { push(ms: number): void; pull(ms: number): void; fanout(ms: number): void; response(): void; close(): void };

/** Starts the `--stats` collection for a server on `db` (see the header); `write` gets each line. */
export function startServerStats(db: ServerDb, write: (line: string) => void = (l) => void process.stdout.write(l)): ServerStats {
  const blips: Blip[] = [];
  const blip = (b: Blip) => {
    if (blips.length < 5000) blips.push(b);
  };
  // What the server did between two runs of the probe's timer: a late timer with many requests
  // and group commits behind it is a turn that served a backlog, one after the other.
  const sinceTick = { requests: 0, groups: 0, groupMs: 0 };
  const probe = startProcessProbe(blip, {
    turn: () => {
      const { requests, groups, groupMs } = sinceTick;
      sinceTick.requests = sinceTick.groups = sinceTick.groupMs = 0;
      return { requests, groups, writeMs: ms3(groupMs) };
    },
  });
  const h = () => createHistogram();
  const newWindow = (since: number) => ({
    since, push: h(), pull: h(), fanout: h(), wait: h(), write: h(), commit: h(), commitCheckpoint: h(), groupOps: h(), groupPushes: h(), checkpointThread: h(), failed: 0, walMax: 0, checkpointBusy: 0, checkpointCaughtUp: 0, walFramesMax: 0,
  });
  let w = newWindow(Date.now());
  const seconds = new Map<number, Second>();
  const second = (at = Date.now()): Second => {
    const t = Math.floor(at / 1000);
    let s = seconds.get(t);
    if (!s) {
      s = { t, loopMax: 0, gcMs: 0, gcMax: 0, pushes: 0, pushMax: 0, pulls: 0, pullMax: 0, groups: 0, ops: 0, groupOpsMax: 0, waitMax: 0, writeMax: 0, commitMax: 0, checkpoints: 0, fanoutMax: 0, walBytes: 0 };
      seconds.set(t, s);
      if (seconds.size > 3600) seconds.delete(seconds.keys().next().value!);
    }
    return s;
  };
  // The per-second loop and GC figures: a second probe, taken on each wall-clock second.
  const perSecond = startProcessProbe(() => undefined);
  const closeSecond = () => {
    const s = second(Date.now() - 500);
    const lg = perSecond.take();
    s.loopMax = lg.loop.max;
    s.gcMs = lg.gc.totalMs;
    s.gcMax = lg.gc.maxMs;
    if (file) s.walBytes = walBytes();
    w.walMax = Math.max(w.walMax, s.walBytes);
  };
  let secondTimer: NodeJS.Timeout | undefined;
  const align = setTimeout(() => {
    perSecond.take();
    secondTimer = setInterval(closeSecond, 1000);
    secondTimer.unref();
  }, 1000 - (Date.now() % 1000));
  align.unref();

  const file = db.sqliteFile;
  const mtime = () => (file ? fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0 : 0);
  const walBytes = () => (file ? fs.statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0 : 0);
  let dbWrittenAt = db.checkpointer ? 0 : mtime();
  // With a checkpoint thread the database file is written outside COMMITs: the thread reports instead.
  db.checkpointer?.onReport((r) => {
    us(w.checkpointThread, r.ms);
    if (r.busy) w.checkpointBusy += 1;
    if (r.caughtUp) w.checkpointCaughtUp += 1;
    w.walFramesMax = Math.max(w.walFramesMax, r.walFrames);
    if (r.ms >= 20) blip({ kind: 'checkpoint', at: r.at, ms: ms3(r.ms), detail: `${r.copied}/${r.walFrames} frames copied in ${r.passes} passes${r.busy ? ' busy' : ''}` });
  });
  observeWrites(db.writer, (g: GroupTiming) => {
    const m = db.checkpointer ? 0 : mtime();
    const checkpoint = m !== dbWrittenAt;
    dbWrittenAt = m;
    sinceTick.groups += 1;
    // Only a write on the loop fills a turn (not a writer thread's, nor PostgreSQL's wait on a socket).
    if (g.onLoop) sinceTick.groupMs += g.writeMs;
    const s = second(g.at);
    s.groups += 1;
    s.ops += g.ops;
    s.groupOpsMax = Math.max(s.groupOpsMax, g.ops);
    s.writeMax = Math.max(s.writeMax, g.writeMs);
    if (checkpoint) s.checkpoints += 1;
    w.groupOps.record(Math.max(1, g.ops));
    w.groupPushes.record(g.pushes);
    us(w.write, g.writeMs);
    if (g.failed) w.failed += 1;
    for (const wait of g.waitsMs) {
      us(w.wait, wait);
      s.waitMax = Math.max(s.waitMax, wait);
    }
    if (g.commitMs !== undefined) {
      us(checkpoint ? w.commitCheckpoint : w.commit, g.commitMs);
      s.commitMax = Math.max(s.commitMax, g.commitMs);
    }
    if (g.writeMs >= 20 || checkpoint) {
      const phases = g.commitMs !== undefined ? ` begin ${g.beginMs!.toFixed(1)} statements ${g.bodyMs!.toFixed(1)} commit ${g.commitMs.toFixed(1)}` : '';
      blip({
        kind: 'group', at: g.at, ms: ms3(g.writeMs), checkpoint, ...(g.commitMs !== undefined ? { commitMs: ms3(g.commitMs) } : {}), ...(db.writerThread ? { offLoop: true } : {}),
        detail: `${g.pushes} pushes ${g.ops} ops${phases}${checkpoint ? ' CHECKPOINT' : ''} wait max ${Math.max(0, ...g.waitsMs).toFixed(1)}`,
      });
    }
  });

  const flush = () => {
    const until = Date.now();
    const lg = probe.take();
    const line = {
      since: w.since, until, ...lg, writer: db.dialect === 'postgres' ? 'postgres' : db.writerThread ? 'thread' : 'loop', writerThreads: db.writerThread?.started ?? 0,
      groups: { n: w.write.count, failed: w.failed, pushes: dist(w.groupPushes, 1), ops: dist(w.groupOps, 1) },
      queueWait: dist(w.wait, 1000), write: dist(w.write, 1000), commit: dist(w.commit, 1000), commitWithCheckpoint: dist(w.commitCheckpoint, 1000),
      checkpointThread: { ...dist(w.checkpointThread, 1000), busy: w.checkpointBusy, caughtUp: w.checkpointCaughtUp, walFramesMax: w.walFramesMax },
      walMaxBytes: w.walMax, fanout: dist(w.fanout, 1000), push: dist(w.push, 1000), pull: dist(w.pull, 1000),
      seconds: [...seconds.values()].filter((s) => s.t * 1000 >= w.since - 1000 && s.t * 1000 < until).map((s) => ({ ...s, waitMax: ms3(s.waitMax), writeMax: ms3(s.writeMax), commitMax: ms3(s.commitMax), pushMax: ms3(s.pushMax), pullMax: ms3(s.pullMax), fanoutMax: ms3(s.fanoutMax) })),
      blips: blips.splice(0),
      memory: { heapUsedMB: Math.round(process.memoryUsage().heapUsed / 2 ** 20), rssMB: Math.round(process.memoryUsage().rss / 2 ** 20) },
    };
    write(`sync-stats ${JSON.stringify(line)}\n`);
    w = newWindow(until);
  };
  process.on('SIGUSR2', flush);
  return {
    response() {
      sinceTick.requests += 1;
    },
    push(ms) {
      us(w.push, ms);
      const s = second();
      s.pushes += 1;
      s.pushMax = Math.max(s.pushMax, ms);
      if (ms >= 50) blip({ kind: 'push', at: Date.now(), ms: ms3(ms) });
    },
    pull(ms) {
      us(w.pull, ms);
      const s = second();
      s.pulls += 1;
      s.pullMax = Math.max(s.pullMax, ms);
      if (ms >= 50) blip({ kind: 'pull', at: Date.now(), ms: ms3(ms) });
    },
    fanout(ms) {
      us(w.fanout, ms);
      const s = second();
      s.fanoutMax = Math.max(s.fanoutMax, ms);
      if (ms >= 10) blip({ kind: 'fanout', at: Date.now(), ms: ms3(ms) });
    },
    close() {
      process.off('SIGUSR2', flush);
      clearTimeout(align);
      clearInterval(secondTimer);
      flush();
      probe.stop();
      perSecond.stop();
    },
  };
}
