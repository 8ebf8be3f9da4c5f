/**
 * Sync server load: N simulated devices across M tenants on loopback, each with a live
 * socket.io connection, pushing batches of call insights at a steady pace and pulling every
 * few seconds; one manager socket per tenant measures fan-out latency (push sent → change
 * received). Runs against SQLite and PostgreSQL (a throwaway cluster, fsync on).
 *
 * Env: SYNC_BENCH_DEVICES (200), SYNC_BENCH_TENANTS (10), SYNC_BENCH_SECONDS (20),
 * SYNC_BENCH_BATCH (10 ops), SYNC_BENCH_RATE (batches per device per second, 1),
 * SYNC_BENCH_BACKENDS (sqlite,postgres), SYNC_BENCH_DELETES (share of pushes that delete an earlier call, 0),
 * SYNC_BENCH_REFRESH_RPS (token refreshes per second across the devices during the run, 5: the
 * server's writes outside the change log — on SQLite with `--sqlite-writer thread` these run on
 * the main thread's own connection and wait for the thread's group commits; their latency says how long).
 * The load generator shares the machine's cores with the server, so figures are a floor.
 *
 * SYNC_BENCH_OVERLOAD=1: offered load above capacity, each device behaving as the desktop client
 * does. Every 1/RATE s a device adds BATCH new ops to its outbox, whatever the server does; one
 * sender per device, on a connection of its own, pushes the oldest ops (at most SYNC_BENCH_PUSH_MAX,
 * 200 as in the client) and removes them only when acknowledged, with the client's 20 s timeout; after a refusal it waits
 * as the client's sync loop does (Retry-After plus full-jitter backoff, `retryDelay` in
 * src-main/core/sync/loop.ts). After SECONDS no ops are added; the outboxes drain (up to 120 s).
 * It reports every answer by kind (the errors should be 503s only, answered fast), the load
 * generator's own event-loop delay (its latencies are only as good as that), and checks the
 * server's log: every acknowledged op is stored, once. Extra server args: SYNC_BENCH_SERVER_ARGS.
 *
 * Where the tail comes from (issue 17, bench/sync-tail.ts): the ordinary mode starts the server with
 * `--stats` (SYNC_BENCH_STATS=0: without) and prints, after each run's figures, the server's
 * event-loop delay and GC pauses, its write queue (group sizes, queue wait, write and COMMIT times,
 * COMMITs that ran a WAL checkpoint, -wal size), fan-out cost and server-side request times over
 * the run's window; the load generator's own event-loop delay and GC; and every request slower
 * than SYNC_BENCH_SLOW_MS (50) put down to what overlapped it. SYNC_BENCH_TRACE=1 adds a table
 * per second of the run.
 */
import fs from 'node:fs';
import os from 'node:os';
import { io as connect, type Socket } from 'socket.io-client';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Agent, setGlobalDispatcher } from 'undici';
import { startServerProcess } from '../sync-server/test-support/server-process';
import { startPostgres, type Postgres } from '../sync-server/test-support/services';
import { openServerDb } from '../sync-server/db/database';
import { createEnrollmentToken, createTenant, createUser } from '../sync-server/admin-service';
import { LIVE_CHANGE_EVENT, type Change, type TokenResponse } from '../src-shared/sync-protocol';
import { retryDelay } from '../src-main/core/sync/loop';
import { startProcessProbe, type Blip } from '../sync-server/stats';
import { describeSeconds, describeTail, describeWindows, takeServerWindow, type Req } from './sync-tail';

const env = (k: string, d: number) => Number(process.env[k] ?? d);
const DEVICES = env('SYNC_BENCH_DEVICES', 200);
const TENANTS = env('SYNC_BENCH_TENANTS', 10);
const SECONDS = env('SYNC_BENCH_SECONDS', 20);
const BATCH = env('SYNC_BENCH_BATCH', 10);
const RATE = env('SYNC_BENCH_RATE', 1);
const BACKENDS = (process.env.SYNC_BENCH_BACKENDS ?? 'sqlite,postgres').split(',');
// Share of pushes whose last op deletes one of the device's earlier calls (the server then
// scrubs that call's earlier upserts).
const DELETES = env('SYNC_BENCH_DELETES', 0);
const OVERLOAD = Boolean(process.env.SYNC_BENCH_OVERLOAD);
const SERVER_ARGS = (process.env.SYNC_BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean);
const STATS = !OVERLOAD && process.env.SYNC_BENCH_STATS !== '0';
const SLOW_MS = env('SYNC_BENCH_SLOW_MS', 50);
const REFRESH_RPS = env('SYNC_BENCH_REFRESH_RPS', 5);

// One keep-alive connection pool per device would be closer to reality; a shared unlimited pool is close enough.
setGlobalDispatcher(new Agent({ keepAliveTimeout: 30_000 }));

const post = async (url: string, path: string, body: unknown, token?: string) => {
  const res = await fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  const json = (await res.json()) as unknown;
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
};
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};
/** Linux pressure stall totals (µs some task waited): [cpu, io]; NaN elsewhere. */
const pressure = () =>
  ['cpu', 'io'].map((r) => {
    try {
      return Number(/^some .*total=(\d+)/m.exec(fs.readFileSync(`/proc/pressure/${r}`, 'utf8'))?.[1] ?? NaN);
    } catch {
      return NaN;
    }
  });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const socketFor = (url: string, token: string) =>
  new Promise<Socket>((resolve, reject) => {
    const s = connect(url, { auth: { token }, transports: ['websocket'], reconnection: false });
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });

async function run(backend: string, pg: Postgres | null) {
  const databaseUrl = pg ? await pg.createDatabase(`bench_${Date.now()}`) : undefined;
  const srv = await startServerProcess({ databaseUrl, dataDir: process.env.SYNC_BENCH_DATA_DIR ? fs.mkdtempSync(`${process.env.SYNC_BENCH_DATA_DIR}/sync-bench-`) : undefined, args: ['--device-rps', '1000', '--auth-per-minute', '100000', '--log-level', 'warn', ...(STATS ? ['--stats'] : []), ...SERVER_ARGS] });
  const { db, close } = await openServerDb({ dataDir: srv.dataDir, databaseUrl });
  const devices: TokenResponse[] = [];
  const managers: TokenResponse[] = [];
  const perTenant = Math.ceil(DEVICES / TENANTS);
  for (let t = 0; t < TENANTS; t++) {
    const slug = `bench-${t}`;
    await createTenant(db, { slug, name: slug });
    await createUser(db, { tenant: slug, email: `mgr@${slug}.test`, role: 'manager' });
    const { token: mgrToken } = await createEnrollmentToken(db, { tenant: slug, user: `mgr@${slug}.test` });
    managers.push((await post(srv.url, '/v1/auth/enroll', { enrollmentToken: mgrToken, deviceName: 'mgr' })) as TokenResponse);
    const { token } = await createEnrollmentToken(db, { tenant: slug, uses: perTenant });
    for (let d = 0; d < perTenant && devices.length < DEVICES; d++) {
      await createUser(db, { tenant: slug, email: `rep${d}@${slug}.test`, role: 'rep' });
      devices.push((await post(srv.url, '/v1/auth/enroll', { enrollmentToken: token, deviceName: `dev-${d}`, email: `rep${d}@${slug}.test` })) as TokenResponse);
    }
  }
  await close();
  const sockets = await Promise.all([...(process.env.SYNC_BENCH_NO_DEVICE_SOCKETS ? [] : devices), ...managers].map((d) => socketFor(srv.url, d.accessToken)));
  const sentAt = new Map<string, number>();
  const fanout: number[] = [];
  for (const s of sockets.slice(sockets.length - managers.length)) {
    s.on(LIVE_CHANGE_EVENT, (cs: Change[]) => {
      const now = performance.now();
      for (const c of cs) {
        const t0 = sentAt.get(c.entityId);
        if (t0 !== undefined) fanout.push(now - t0);
      }
    });
  }
  const pushLatency: number[] = [];
  const reqs: Req[] = [];
  const pullLatency: number[] = [];
  let ops = 0;
  let errors = 0;
  let seqNo = 0;
  const serverCpu = () => {
    // utime + stime of the server process, in seconds (Linux /proc; NaN elsewhere).
    try {
      const f = fs.readFileSync(`/proc/${srv.child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(f[11]) + Number(f[12])) / 100;
    } catch {
      return NaN;
    }
  };
  // Warm-up: every device opens its keep-alive connection with one pull before the clock starts.
  await Promise.all(devices.map((d) => fetch(`${srv.url}/v1/sync/pull?protocol=1&since=0&limit=1`, { headers: { authorization: `Bearer ${d.accessToken}` } }).then((r) => r.arrayBuffer())));
  if (OVERLOAD) {
    await overload(backend, srv, devices, databaseUrl, serverCpu);
    for (const s of sockets) s.close();
    await srv.kill();
    // The server's own count of what it shed, by bound (one warning per 10 s).
    const reasons = new Map<string, number>();
    for (const line of srv.logs().split('\n')) {
      const m = /"shed":(\d+),"lastReason":"the sync server is busy \(([^)]*?)(\d+)? ?(requests in progress|ms behind|ops waiting to be written)/.exec(line);
      if (m) reasons.set(m[4]!, (reasons.get(m[4]!) ?? 0) + Number(m[1]));
    }
    console.log(`         server log: 503s by the bound of the last one in each 10 s: ${[...reasons].map(([r, n]) => `${r}: ${n}`).join(', ') || 'none'}`);
    return;
  }
  // Both processes' windows start with the clock.
  const benchBlips: Blip[] = [];
  const probe = startProcessProbe((b) => benchBlips.push(b));
  if (STATS) await takeServerWindow(srv.child, srv.logs);
  probe.take();
  benchBlips.length = 0;
  const pressure0 = pressure();
  const cpu0 = { server: serverCpu(), bench: process.cpuUsage() };
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  const interval = 1000 / RATE;
  const device = async (d: TokenResponse, idx: number) => {
    // Spread devices over the first interval so they do not fire in lockstep.
    await sleep((idx / devices.length) * interval);
    let next = performance.now();
    let cursor = 0;
    let round = 0;
    const mine: string[] = [];
    while (performance.now() < deadline) {
      const batch: { opId: string; entity: string; entityId: string; op: string; clientTs: number; payload: unknown }[] = Array.from({ length: BATCH }, () => {
        const id = `c${idx}-${seqNo++}`;
        mine.push(id);
        return {
          opId: `op-bench-${id}`, entity: 'call_insight', entityId: id, op: 'upsert', clientTs: Date.now(),
          payload: { callId: id, startedAt: Date.now(), objections: [{ type: 'price', count: 1 }], competitors: [{ id: 'acme', count: 1 }], hints: { shown: 2, used: 1, dismissed: 0 }, summary: 'Price came up twice.' },
        };
      });
      if (DELETES > 0 && Math.random() < DELETES && mine.length > BATCH) {
        const gone = mine.splice(Math.floor(Math.random() * (mine.length - BATCH)), 1)[0]!;
        batch[BATCH - 1] = { opId: `op-bench-del-${gone}`, entity: 'call_insight', entityId: gone, op: 'delete', clientTs: Date.now(), payload: null };
      }
      const t0 = performance.now();
      for (const op of batch) sentAt.set(op.entityId, t0);
      try {
        await post(srv.url, '/v1/sync/push', { protocol: 1, ops: batch }, d.accessToken);
        pushLatency.push(performance.now() - t0);
        reqs.push({ kind: 'push', at: performance.timeOrigin + t0, ms: performance.now() - t0 });
        ops += BATCH;
      } catch (err) {
        if (errors++ === 0) console.error(`first push error: ${String(err)}`);
      }
      if (++round % 5 === 0) {
        const p0 = performance.now();
        const res = await fetch(`${srv.url}/v1/sync/pull?protocol=1&since=${cursor}&limit=500`, { headers: { authorization: `Bearer ${d.accessToken}` } });
        if (res.ok) cursor = ((await res.json()) as { cursor: number }).cursor;
        else errors += 1;
        pullLatency.push(performance.now() - p0);
        reqs.push({ kind: 'pull', at: performance.timeOrigin + p0, ms: performance.now() - p0 });
      }
      next += interval;
      await sleep(Math.max(0, next - performance.now()));
    }
  };
  // Token refreshes (a transaction on the server's main connection: mark used, insert the next), round-robin over the devices.
  const refreshLatency: number[] = [];
  const refresher = async () => {
    if (REFRESH_RPS <= 0) return;
    let next = performance.now();
    for (let i = 0; performance.now() < deadline; i++) {
      const d = devices[i % devices.length]!;
      const t0 = performance.now();
      try {
        d.refreshToken = ((await post(srv.url, '/v1/auth/refresh', { refreshToken: d.refreshToken })) as TokenResponse).refreshToken;
        refreshLatency.push(performance.now() - t0);
      } catch (err) {
        if (errors++ === 0) console.error(`first refresh error: ${String(err)}`);
      }
      next += 1000 / REFRESH_RPS;
      await sleep(Math.max(0, next - performance.now()));
    }
  };
  await Promise.all([...devices.map(device), refresher()]);
  const elapsed = (performance.now() - started) / 1000;
  const benchCpu = process.cpuUsage(cpu0.bench);
  const cores = { server: (serverCpu() - cpu0.server) / elapsed, bench: (benchCpu.user + benchCpu.system) / 1e6 / elapsed };
  const stalled = pressure().map((x, i) => (x - pressure0[i]!) / 1e6 / elapsed);
  const serverWindow = STATS ? await takeServerWindow(srv.child, srv.logs) : undefined;
  const benchWindow = probe.take();
  probe.stop();
  await sleep(500);
  const startedAt = performance.timeOrigin + started;
  if (process.env.SYNC_BENCH_TRACE) {
    const benchLoopMax = new Map<number, number>();
    for (const b of benchBlips) if (b.kind === 'loop') benchLoopMax.set(Math.floor(b.at / 1000), Math.max(b.ms, benchLoopMax.get(Math.floor(b.at / 1000)) ?? 0));
    for (const l of describeSeconds(reqs, serverWindow, benchLoopMax, startedAt)) console.log(l);
  }
  for (const s of sockets) s.close();
  await srv.kill();
  const f = (x: number) => x.toFixed(1);
  console.log(
    `${backend.padEnd(8)} devices=${devices.length} tenants=${TENANTS} batch=${BATCH}  ops/s=${Math.round(ops / elapsed)}  push p50=${f(pct(pushLatency, 50))} ms p99=${f(pct(pushLatency, 99))} ms  ` +
      `pull p50=${f(pct(pullLatency, 50))} ms p99=${f(pct(pullLatency, 99))} ms  fan-out p50=${f(pct(fanout, 50))} ms p99=${f(pct(fanout, 99))} ms (${fanout.length} events)  errors=${errors}  cpu: server ${cores.server.toFixed(2)} cores (${Math.round(ops / elapsed / cores.server)} ops per server CPU-second), load generator ${cores.bench.toFixed(2)} cores, loadavg ${os.loadavg()[0]!.toFixed(1)}`,
  );
  if (refreshLatency.length) console.log(`         token refreshes (main-connection writes): ${refreshLatency.length}, p50=${f(pct(refreshLatency, 50))} ms p99=${f(pct(refreshLatency, 99))} ms max=${f(Math.max(...refreshLatency))} ms`);
  if (stalled.every(Number.isFinite)) console.log(`         machine: share of the run some task waited for a CPU ${(stalled[0]! * 100).toFixed(1)} %, for I/O ${(stalled[1]! * 100).toFixed(1)} % (/proc/pressure)`);
  for (const l of [...describeWindows(serverWindow, benchWindow), ...describeTail(reqs, serverWindow, benchBlips, startedAt, SLOW_MS)]) console.log(l);
}

type Answer = { kind: 'ok' | '503' | 'timeout' | 'network' | `http ${number}`; ms: number; retryAfter: number | null; at?: number };

const networkCauses = new Set<string>();
/** One push with the desktop client's 20 s timeout, classified. */
async function pushOnce(url: string, token: string, ops: unknown[], dispatcher: Agent): Promise<Answer> {
  const t0 = performance.now();
  try {
    const res = await fetch(`${url}/v1/sync/push`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ protocol: 1, ops }), signal: AbortSignal.timeout(20_000), dispatcher,
    } as RequestInit);
    await res.arrayBuffer();
    const ms = performance.now() - t0;
    const ra = res.headers.get('retry-after');
    if (res.ok) return { kind: 'ok', ms, retryAfter: null };
    return { kind: res.status === 503 ? '503' : `http ${res.status}`, ms, retryAfter: ra === null ? null : Number(ra) };
  } catch (err) {
    const timeout = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    if (!timeout) networkCauses.add(String((err as { cause?: { code?: string; message?: string } }).cause?.code ?? (err as { cause?: { message?: string } }).cause?.message ?? err));
    return { kind: timeout ? 'timeout' : 'network', ms: performance.now() - t0, retryAfter: null };
  }
}

/** The overload mode (SYNC_BENCH_OVERLOAD): see the header. */
async function overload(backend: string, srv: { url: string; dataDir: string }, devices: TokenResponse[], databaseUrl: string | undefined, serverCpu: () => number) {
  const PUSH_MAX = env('SYNC_BENCH_PUSH_MAX', 200);
  networkCauses.clear();
  // One connection per device, as each laptop has its own, opened before the clock starts (100 at
  // a time: a thousand connects at once overflow the listen backlog, and a dropped SYN is resent
  // only after 1, 3, 7 s — with a shared pool, new connections opened mid-run measured that).
  const agents = devices.map(() => new Agent({ connections: 1, keepAliveTimeout: 120_000, keepAliveMaxTimeout: 120_000 }));
  for (let i = 0; i < agents.length; i += 100) {
    await Promise.all(agents.slice(i, i + 100).map((a) => fetch(`${srv.url}/healthz`, { dispatcher: a } as RequestInit).then((r) => r.arrayBuffer())));
  }
  const answers: Answer[] = [];
  const acked = new Set<string>();
  let generated = 0;
  let noRetryAfter = 0;
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const cpu0 = { server: serverCpu(), bench: process.cpuUsage() };
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  const drainDeadline = deadline + 120_000;
  const interval = 1000 / RATE;
  let seqNo = 0;
  const device = async (d: TokenResponse, idx: number) => {
    const outbox: { opId: string }[] = [];
    let producing = true;
    // The user's work: BATCH new ops every interval, whether or not the server keeps up.
    const produce = (async () => {
      await sleep((idx / devices.length) * interval);
      let next = performance.now();
      while (performance.now() < deadline) {
        for (let k = 0; k < BATCH; k++) {
          const id = `o${idx}-${seqNo++}`;
          outbox.push({
            opId: `op-bench-${id}`, entity: 'call_insight', entityId: id, op: 'upsert', clientTs: Date.now(),
            payload: { callId: id, startedAt: Date.now(), objections: [{ type: 'price', count: 1 }], competitors: [{ id: 'acme', count: 1 }], hints: { shown: 2, used: 1, dismissed: 0 }, summary: 'Price came up twice.' },
          } as { opId: string });
        }
        generated += BATCH;
        next += interval;
        await sleep(Math.max(0, next - performance.now()));
      }
      producing = false;
    })();
    // The sync loop: one push at a time, oldest ops first, removed only once acknowledged.
    let failures = 0;
    while (performance.now() < drainDeadline && (producing || outbox.length > 0)) {
      if (outbox.length === 0) {
        await sleep(20);
        continue;
      }
      const ops = outbox.slice(0, PUSH_MAX);
      const t0 = performance.now();
      const a = await pushOnce(srv.url, d.accessToken, ops, agents[idx]!);
      a.at = t0 - started;
      answers.push(a);
      if (a.kind === 'ok') {
        for (const o of ops) acked.add(o.opId);
        outbox.splice(0, ops.length);
        failures = 0;
        continue;
      }
      if (a.kind === '503' && !(a.retryAfter! > 0)) noRetryAfter += 1;
      failures += 1;
      await sleep(retryDelay(failures, a.retryAfter! > 0 ? a.retryAfter! * 1000 : undefined));
    }
    await produce;
  };
  let ackedInWindow = 0;
  const window = sleep(SECONDS * 1000).then(() => (ackedInWindow = acked.size));
  await Promise.all(devices.map(device));
  await window;
  loopDelay.disable();
  await Promise.all(agents.map((a) => a.close()));
  const drained = (performance.now() - started) / 1000;
  const benchCpu = process.cpuUsage(cpu0.bench);
  const cores = { server: (serverCpu() - cpu0.server) / drained, bench: (benchCpu.user + benchCpu.system) / 1e6 / drained };
  // What the server holds: every acknowledged op id must be there, once.
  const { db, close } = await openServerDb({ dataDir: srv.dataDir, databaseUrl });
  const stored = new Map<string, number>();
  try {
    const rows = await db.selectFrom('changes').select('op_id').where('op_id', 'like', 'op-bench-o%').execute();
    for (const r of rows) stored.set(r.op_id, (stored.get(r.op_id) ?? 0) + 1);
  } finally {
    await close();
  }
  const lost = [...acked].filter((id) => !stored.has(id)).length;
  const twice = [...stored.values()].filter((n) => n > 1).length;
  const kinds = new Map<string, Answer[]>();
  for (const a of answers) {
    if (!kinds.has(a.kind)) kinds.set(a.kind, []);
    kinds.get(a.kind)!.push(a);
  }
  const f = (x: number) => x.toFixed(1);
  const byKind = [...kinds].map(([k, as]) => `${k}=${as.length} (p50 ${f(pct(as.map((a) => a.ms), 50))} ms, p99 ${f(pct(as.map((a) => a.ms), 99))} ms, max ${f(as.reduce((m, a) => Math.max(m, a.ms), 0))} ms)`).join('  ');
  const slow = new Map<number, number>();
  for (const a of answers) if (a.ms >= 10_000) slow.set(Math.floor(a.at! / 5000) * 5, (slow.get(Math.floor(a.at! / 5000) * 5) ?? 0) + 1);
  if (slow.size) console.log(`         answers that took ≥ 10 s, by when they were sent: ${[...slow].sort((x, y) => x[0] - y[0]).map(([t, n]) => `${t}–${t + 5} s: ${n}`).join(', ')}`);
  console.log(
    `${backend.padEnd(8)} OVERLOAD devices=${devices.length} +${BATCH} ops/${f(interval)} ms each, offered=${Math.round(devices.length * BATCH * RATE)} ops/s for ${SECONDS} s  acknowledged in the window=${Math.round(ackedInWindow / SECONDS)} ops/s  ` +
      `answers: ${byKind}  503 without Retry-After=${noRetryAfter}${networkCauses.size ? ` (network errors: ${[...networkCauses].join(', ')})` : ''}  ` +
      `generated=${generated} acknowledged=${acked.size} (all by ${f(drained)} s) never acknowledged=${generated - acked.size} stored=${stored.size} acknowledged-but-lost=${lost} stored-twice=${twice}  ` +
      `cpu: server ${cores.server.toFixed(2)} cores, load generator ${cores.bench.toFixed(2)} cores (its event-loop delay p99 ${f(loopDelay.percentile(99) / 1e6)} ms, max ${f(loopDelay.max / 1e6)} ms), loadavg ${os.loadavg()[0]!.toFixed(1)}`,
  );
}

async function main() {
  console.log(`sync-load${OVERLOAD ? ' (overload)' : ''}: ${os.cpus().length} cores (${os.cpus()[0]?.model}), ${DEVICES} devices / ${TENANTS} tenants, ${BATCH} ops per push, ${RATE} push/s per device, ${SECONDS} s`);
  for (const backend of BACKENDS) {
    const pg = backend === 'postgres' ? await startPostgres() : null;
    try {
      await run(backend, pg);
    } finally {
      await pg?.stop();
    }
  }
}

void main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
