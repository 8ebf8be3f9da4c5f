/**
 * The sync-load bench's tail report (issue 17): what the server saw (`--stats`, sync-server/stats.ts)
 * next to what the load generator measured, so every run says where its slow requests came from.
 * Times are wall-clock ms since epoch in both processes (same machine, same clock).
 */
import type { Blip, Dist, LoopGc } from '../sync-server/stats';

type Second = {
  t: number; loopMax: number; gcMs: number; gcMax: number; pushes: number; pushMax: number; pulls: number; pullMax: number;
  groups: number; ops: number; groupOpsMax: number; waitMax: number; writeMax: number; commitMax: number; checkpoints: number; fanoutMax: number; walBytes: number;
};
export type ServerWindow = LoopGc & {
  /** Where the server wrote the change log: SQLite on the event loop or in its writer thread, or PostgreSQL (older servers: absent). */
  writer?: 'loop' | 'thread' | 'postgres'; writerThreads?: number;
  since: number; until: number; groups: { n: number; failed: number; pushes: Dist; ops: Dist }; queueWait: Dist; write: Dist; commit: Dist; commitWithCheckpoint: Dist; checkpointThread: Dist & { busy: number; caughtUp: number; walFramesMax: number };
  walMaxBytes: number; fanout: Dist; push: Dist; pull: Dist; seconds: Second[]; blips: Blip[]; memory: { heapUsedMB: number; rssMB: number };
};
/** One request the load generator made: when it was sent (ms since epoch) and how long it took. */
export type Req = { kind: 'push' | 'pull'; at: number; ms: number };

const LINE = 'sync-stats ';

/** The server's `sync-stats` windows so far, oldest first. */
export function serverWindows(logs: string): ServerWindow[] {
  return logs.split('\n').filter((l) => l.startsWith(LINE)).map((l) => JSON.parse(l.slice(LINE.length)) as ServerWindow);
}

/** Asks the server (started with `--stats`) to close its window, and returns that window. */
export async function takeServerWindow(child: { kill(sig: NodeJS.Signals): boolean }, logs: () => string): Promise<ServerWindow> {
  const before = serverWindows(logs()).length;
  child.kill('SIGUSR2');
  const deadline = Date.now() + 10_000;
  for (;;) {
    // A window is one line; wait until it has arrived whole.
    const text = logs();
    const ws = text.endsWith('\n') ? serverWindows(text) : serverWindows(text.slice(0, text.lastIndexOf('\n') + 1));
    if (ws.length > before) return ws.at(-1)!;
    if (Date.now() > deadline) throw new Error('the server wrote no sync-stats line within 10 s of SIGUSR2');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const f1 = (x: number) => x.toFixed(1);
const d = (x: Dist) => `p50 ${f1(x.p50)} p99 ${f1(x.p99)} max ${f1(x.max)}`;
const gcLine = (g: LoopGc['gc']) =>
  `GC ${g.count} pauses, ${f1(g.totalMs)} ms total, longest ${f1(g.maxMs)} ms (${Object.entries(g.byKind).map(([k, v]) => `${k} ${v.count}/${f1(v.maxMs)}`).join(', ')})`;

/** The lines every run prints: the server's and the load generator's loop and GC, the write path. */
export function describeWindows(server: ServerWindow | undefined, bench: LoopGc): string[] {
  const out: string[] = [];
  if (server) {
    out.push(`         server: event-loop delay ${d(server.loop)} ms; ${gcLine(server.gc)}; heap ${server.memory.heapUsedMB} MB`);
    const g = server.groups;
    const sqlite = server.commit.n + server.commitWithCheckpoint.n > 0;
    out.push(
      `         server write queue${server.writer === 'thread' ? ` (SQLite writer thread${(server.writerThreads ?? 1) > 1 ? `, ${server.writerThreads} started` : ''}: writes off the event loop)` : ''}: ${g.n} group commits (${g.failed} failed), pushes/group ${d(g.pushes)}, ops/group ${d(g.ops)}; queue wait ${d(server.queueWait)} ms; write ${d(server.write)} ms` +
        (sqlite ? `; COMMIT ${d(server.commit)} ms, ${server.commitWithCheckpoint.n} COMMITs ran a WAL checkpoint (${d(server.commitWithCheckpoint)} ms), -wal up to ${Math.round(server.walMaxBytes / 1024)} KiB` : '') +
        (server.checkpointThread.n ? `; checkpoint thread: ${server.checkpointThread.n} checkpoints ${d(server.checkpointThread)} ms (${server.checkpointThread.caughtUp} caught up with the writer, ${server.checkpointThread.busy} busy; -wal held up to ${server.checkpointThread.walFramesMax} frames)` : ''),
    );
    out.push(`         server per request: push ${d(server.push)} ms, pull ${d(server.pull)} ms (received → answered); fan-out emit per push ${d(server.fanout)} ms`);
  }
  out.push(`         load generator: event-loop delay ${d(bench.loop)} ms; ${gcLine(bench.gc)}`);
  return out;
}

/** What filled a late server turn, by the largest share of its time. */
type Filler = 'WAL checkpoints in COMMITs' | 'other SQLite writes' | 'GC' | 'other work or waiting for a core';
type Turn = { blip: Blip; from: number; to: number; shares: Record<Filler, number> };

/**
 * The server's late turns (its 10 ms timer ran ≥ 20 ms late), each split into what ran in it:
 * group commits (`turn.writeMs`; of which the COMMITs that ran a WAL checkpoint), GC pauses,
 * and the rest (request parsing, fan-out, HTTP — or the thread waiting for a core). A slow request
 * is put down to the longest server turn it overlaps, by that turn's largest share; if none, to a
 * wait inside the server (it answered ≥ 50 ms after receiving: the write queue, the database), a
 * load-generator stall, else 'none seen' (queued in the kernel, or a core busy elsewhere).
 */
function serverTurns(sb: Blip[], sqlite: boolean): Turn[] {
  const within = (b: Blip, from: number, to: number) => b.at > from && b.at - b.ms < to;
  return sb
    .filter((b) => b.kind === 'loop')
    .map((blip) => {
      // The turn ran from the timer's previous run (due TICK earlier) to this one.
      const from = blip.at - blip.ms - 10;
      const to = blip.at;
      // A writer thread's COMMITs (offLoop) run beside the loop, not in its turns.
      const checkpointMs = sb.filter((b) => b.kind === 'group' && b.checkpoint && !b.offLoop && within(b, from, to)).reduce((n, b) => n + (b.commitMs ?? 0), 0);
      const gcMs = sb.filter((b) => b.kind === 'gc' && within(b, from, to)).reduce((n, b) => n + b.ms, 0);
      // On PostgreSQL a group commit's time is a wait on a socket, not time on the loop.
      const writeMs = sqlite ? Math.max(blip.turn?.writeMs ?? 0, checkpointMs) : 0;
      const shares: Record<Filler, number> = {
        'WAL checkpoints in COMMITs': checkpointMs,
        'other SQLite writes': writeMs - checkpointMs,
        GC: gcMs,
        'other work or waiting for a core': Math.max(0, blip.ms + 10 - writeMs - gcMs),
      };
      return { blip, from, to, shares };
    });
}
const largest = (t: Turn) => (Object.entries(t.shares) as [Filler, number][]).sort((a, b) => b[1] - a[1])[0]![0];

export function describeTail(reqs: Req[], server: ServerWindow | undefined, benchBlips: Blip[], started: number, slowMs: number): string[] {
  const sb = server?.blips ?? [];
  const turns = serverTurns(sb, server !== undefined && server.commit.n + server.commitWithCheckpoint.n > 0);
  // A request the server itself took ≥ 50 ms over (its push/pull blip lies inside the request)
  // without a late turn: it waited asynchronously inside — for the write queue or the database.
  const inside = (r: Req) => sb.some((b) => (b.kind === 'push' || b.kind === 'pull') && b.at <= r.at + r.ms + 5 && b.at - b.ms >= r.at - 5);
  const slow = reqs.filter((r) => r.ms >= slowMs);
  const byCause = new Map<string, Req[]>();
  for (const r of slow) {
    const mine = turns.filter((t) => t.from <= r.at + r.ms && t.to >= r.at).sort((a, b) => b.blip.ms - a.blip.ms)[0];
    const bench = benchBlips.some((b) => (b.kind === 'loop' || b.kind === 'gc') && b.at - b.ms <= r.at + r.ms && b.at >= r.at);
    const cause = mine ? `server turn, mostly ${largest(mine)}` : inside(r) ? 'server-side wait (write queue, database)' : bench ? 'load-generator stall' : 'none seen';
    byCause.set(cause, [...(byCause.get(cause) ?? []), r]);
  }
  const f0 = (x: number) => Math.round(x).toString();
  const out = [
    `         tail: ${slow.length} of ${reqs.length} requests took ≥ ${slowMs} ms (push ${slow.filter((r) => r.kind === 'push').length}, pull ${slow.filter((r) => r.kind === 'pull').length})` +
      (slow.length ? `; put down to: ${[...byCause].sort((a, b) => b[1].length - a[1].length).map(([c, rs]) => `${c} ${rs.length} (max ${f0(Math.max(...rs.map((r) => r.ms)))} ms)`).join(', ')}` : ''),
  ];
  const long = turns.filter((t) => t.blip.ms >= 50);
  if (long.length) {
    const sum = (k: Filler) => f0(long.reduce((n, t) => n + t.shares[k], 0));
    const total = f0(long.reduce((n, t) => n + t.blip.ms + 10, 0));
    out.push(
      `         server turns ≥ 50 ms late: ${long.length}, ${total} ms in all: SQLite writes ${f0(long.reduce((n, t) => n + t.shares['other SQLite writes'] + t.shares['WAL checkpoints in COMMITs'], 0))} ms (of which COMMITs that ran a checkpoint ${sum('WAL checkpoints in COMMITs')} ms), GC ${sum('GC')} ms, other ${sum('other work or waiting for a core')} ms; ` +
        `they answered ${long.reduce((n, t) => n + (t.blip.turn?.requests ?? 0), 0)} requests with ${long.reduce((n, t) => n + (t.blip.turn?.groups ?? 0), 0)} group commits`,
    );
  }
  const t = (at: number) => `${f1((at - started) / 1000)} s`;
  for (const turn of [...turns].sort((a, b) => b.blip.ms - a.blip.ms).slice(0, 4)) {
    const { blip: b, shares } = turn;
    const caught = slow.filter((r) => r.at <= turn.to && r.at + r.ms >= turn.from).length;
    out.push(
      `           server turn ${f1(b.ms)} ms late at ${t(b.at)}: ${b.turn?.requests ?? 0} requests, ${b.turn?.groups ?? 0} group commits; ` +
        `${(Object.entries(shares) as [Filler, number][]).map(([k, v]) => `${k} ${f1(v)} ms`).join(', ')}; ${caught} slow requests overlap it`,
    );
  }
  return out;
}

/** Per second of the run: the load generator's push latencies next to the server's maxima (SYNC_BENCH_TRACE). */
export function describeSeconds(reqs: Req[], server: ServerWindow | undefined, benchLoopMax: Map<number, number>, started: number): string[] {
  const bySec = new Map<number, number[]>();
  for (const r of reqs) if (r.kind === 'push') bySec.set(Math.floor(r.at / 1000), [...(bySec.get(Math.floor(r.at / 1000)) ?? []), r.ms]);
  const srv = new Map((server?.seconds ?? []).map((s) => [s.t, s]));
  const out = ['  second  pushes  p99/max ms | server: loop max  GC max  groups  ops/group max  wait max  write max  COMMIT max  ckpts  fan-out max  -wal KiB | generator loop max'];
  for (const [sec, ls] of [...bySec].sort((a, b) => a[0] - b[0])) {
    const s = [...ls].sort((a, b) => a - b);
    const v = srv.get(sec);
    const cols = v
      ? `${f1(v.loopMax).padStart(8)} ${f1(v.gcMax).padStart(7)} ${String(v.groups).padStart(7)} ${String(v.groupOpsMax).padStart(14)} ${f1(v.waitMax).padStart(9)} ${f1(v.writeMax).padStart(10)} ${f1(v.commitMax).padStart(11)} ${String(v.checkpoints).padStart(6)} ${f1(v.fanoutMax).padStart(12)} ${String(Math.round(v.walBytes / 1024)).padStart(9)}`
      : ' (no server figures)';
    out.push(`  ${f1((sec * 1000 - started) / 1000).padStart(6)}  ${String(s.length).padStart(6)}  ${f1(s[Math.floor(0.99 * (s.length - 1))]!)}/${f1(s.at(-1)!)}`.padEnd(38) + `|${cols} | ${f1(benchLoopMax.get(sec) ?? 0)}`);
  }
  return out;
}
