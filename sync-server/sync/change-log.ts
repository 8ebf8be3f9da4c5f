import { SqliteAdapter, sql, type Kysely } from 'kysely';
import type { Change, PushOp } from '../../src-shared/sync-protocol';
import type { ServerDatabase } from '../db/schema';
import { DOWN_ENTITY_SQL } from '../db/migrations';
import type { Principal } from '../auth/tokens';
import { chosenPayload, payloadText, storeSqlite, type Candidate, type NewChange, type Outcome, type Phases, type Who } from './sqlite-store';
import { writerThreadOf, WriterUnavailable } from './sqlite-writer';

export type { NewChange } from './sqlite-store';
type Db = Kysely<ServerDatabase>;
export type StoredChange = Change & { tenantId: string };

export type AppendResult = { accepted: string[]; duplicates: number; seq: number; stored: StoredChange[] };
type Pending = { who: Who; ops: NewChange[]; queuedAt: number; resolve: (r: AppendResult) => void; reject: (e: unknown) => void };

/**
 * How one group commit went, for the server's `--stats` (stats.ts): its size, how long each of
 * its pushes waited in the queue before the group started, and how long the write took. On
 * SQLite the write is split into BEGIN, the statements, and COMMIT (WAL: a COMMIT is a write to
 * the -wal file, plus a checkpoint of the WAL into the database when the autocheckpoint fires).
 */
export type GroupTiming = {
  at: number; pushes: number; ops: number; waitsMs: number[]; writeMs: number; beginMs?: number; bodyMs?: number; commitMs?: number; failed: boolean;
  /**
   * Whether the write ran on this event loop (SQLite `--sqlite-writer loop`): false on PostgreSQL
   * (a wait on a socket) and with the SQLite writer thread, where BEGIN includes handing the group
   * to the thread and COMMIT its answer coming back.
   */
  onLoop: boolean;
};
const observers = new WeakMap<Db, (g: GroupTiming) => void>();
/** Calls `fn` after every group written through `db` (one observer per handle; the stats only). */
export const observeWrites = (db: Db, fn: (g: GroupTiming) => void): void => void observers.set(db, fn);

/** A push refused because the write queue already holds `queuedOps` ops (bound: `limit`). Nothing of it was stored. */
export class WriteQueueFull extends Error {
  constructor(
    readonly queuedOps: number,
    readonly limit: number,
  ) {
    super(`write queue full: ${queuedOps} ops waiting (limit ${limit})`);
    this.name = 'WriteQueueFull';
  }
}

// Group commit: pushes that arrive while a write runs are written together in the next one
// (any tenants: one round trip and one commit per group). One queue per database handle;
// measured on PostgreSQL, this beats one queue per tenant committing in parallel (the tail came
// from many backends competing for the cores, not from waiting in the queue).
// `ops` counts the ops waiting (not the group being written): the queue's length in the unit of
// its cost. Counting the group being written too starved the next group under overload: it could
// fill only once the write finished, so groups shrank and PostgreSQL committed more often per op.
type Queue = { pending: Pending[]; running: boolean; ops: number };
const queues = new WeakMap<Db, Queue>();

/**
 * Appends changes to a tenant's log exactly once and returns what happened. Concurrency:
 * the tenant's `tenant_seq` row is locked first (a no-op UPDATE takes the row lock in
 * PostgreSQL; SQLite serialises writers anyway), so pushes of one tenant commit in sequence
 * order and a puller never sees seq N+1 before N is committed. Duplicates are detected under
 * that lock, so a retry racing its original (here or in another process) cannot store an op
 * twice.
 *
 * Bounded: with `maxQueuedOps`, a push that would take the ops waiting past it is refused with
 * WriteQueueFull (stored nothing: the client keeps it and retries later), so under overload a
 * push waits for at most the group being written and the bound's worth of ops instead of until
 * the client times out. An empty queue takes any push, however large.
 */
export function appendChanges(db: Db, who: Who, ops: NewChange[], limit: { maxQueuedOps?: number } = {}): Promise<AppendResult> {
  let queue = queues.get(db);
  if (!queue) queues.set(db, (queue = { pending: [], running: false, ops: 0 }));
  const q = queue;
  if (limit.maxQueuedOps !== undefined && q.ops > 0 && q.ops + ops.length > limit.maxQueuedOps) return Promise.reject(new WriteQueueFull(q.ops, limit.maxQueuedOps));
  q.ops += ops.length;
  const done = new Promise<AppendResult>((resolve, reject) => q.pending.push({ who, ops, queuedAt: performance.now(), resolve, reject }));
  if (!q.running) void drain(db, q);
  return done;
}

/** Ops waiting in `db`'s write queue now (for refusing a push before reading its body). */
export const queuedOps = (db: Db): number => queues.get(db)?.ops ?? 0;

async function drain(db: Db, queue: Queue): Promise<void> {
  queue.running = true;
  try {
    while (queue.pending.length > 0) {
      const group = queue.pending.splice(0, groupSize(queue.pending));
      for (const p of group) queue.ops -= p.ops.length;
      const observe = observers.get(db);
      const onLoop = db.getExecutor().adapter instanceof SqliteAdapter && !writerThreadOf(db);
      const t0 = performance.now();
      const phases: Phases = {};
      try {
        const results = await writeGroup(db, group, phases);
        if (observe) observe(groupTiming(group, t0, phases, false, onLoop));
        group.forEach((p, i) => p.resolve(results[i]!));
      } catch (err) {
        if (observe) observe(groupTiming(group, t0, phases, true, onLoop));
        // The writer thread died with the group: whether it committed is unknown, so every push
        // of it fails (nothing of it was acknowledged; a retry is exactly-once either way).
        if (group.length === 1 || err instanceof WriterUnavailable) for (const p of group) p.reject(err);
        // One bad push must not fail its neighbours: retry them one by one.
        else for (const p of group) await writeGroup(db, [p]).then(([r]) => p.resolve(r!), p.reject);
      }
    }
  } finally {
    queue.running = false;
  }
}

function groupTiming(group: Pending[], t0: number, phases: Phases, failed: boolean, onLoop: boolean): GroupTiming {
  const t1 = performance.now();
  const { begin, body, stored } = phases;
  return {
    at: Date.now(), pushes: group.length, ops: group.reduce((n, p) => n + p.ops.length, 0), waitsMs: group.map((p) => t0 - p.queuedAt), writeMs: t1 - t0, failed, onLoop,
    ...(begin !== undefined && body !== undefined && stored !== undefined ? { beginMs: begin - t0, bodyMs: body - begin, commitMs: stored - body } : {}),
  };
}

/**
 * How many pending pushes form the next group (at most 50). A tenant_settings change is written
 * alone: the transcript policy is read once per tenant per group, so a push behind a policy
 * change must be in a later group to see it.
 */
function groupSize(pending: Pending[]): number {
  const changesSettings = (p: Pending) => p.ops.some((o) => o.entity === 'tenant_settings');
  if (pending[0] && changesSettings(pending[0])) return 1;
  const next = pending.slice(0, 50).findIndex(changesSettings);
  return next === -1 ? Math.min(50, pending.length) : next;
}

/**
 * Writes a group of pushes: PostgreSQL in one `sync_append_many` call (one round trip, one
 * commit, tenants locked in a fixed order), SQLite in one transaction — on this thread, or, when
 * `db` has a writer thread (sqlite-writer.ts), in that thread as one message round trip.
 */
async function writeGroup(db: Db, group: Pending[], phases: Phases = {}): Promise<AppendResult[]> {
  const tenants = [...new Set(group.map((p) => p.who.tenantId))].sort();
  const batches = tenants.map((tenantId) => prepare(tenantId, group.flatMap((p, i) => (p.who.tenantId === tenantId ? [{ p, i }] : []))));
  const now = Date.now();
  const thread = writerThreadOf(db);
  const outcome = thread
    ? await thread.store(batches.map((b) => ({ tenantId: b.tenantId, candidates: b.candidates })), now, phases)
    : db.getExecutor().adapter instanceof SqliteAdapter
      ? await storeSqlite(db, batches, now, phases)
      : await storePostgres(db, batches, now);
  phases.stored = performance.now();
  const results: AppendResult[] = new Array(group.length);
  for (const batch of batches) {
    const { seqs, last, allowTranscripts } = outcome.get(batch.tenantId)!;
    const stored = batch.candidates.flatMap(({ o, p, who }) => {
      const seq = seqs.get(o.opId);
      if (seq === undefined) return [];
      const change: StoredChange = {
        tenantId: batch.tenantId, seq, entity: o.entity as Change['entity'], entityId: o.entityId, op: o.op,
        payload: o.op === 'delete' ? null : chosenPayload(o, allowTranscripts), userId: who.userId, createdAt: now,
      };
      return [{ change, p }];
    });
    batch.pushes.forEach(({ p, i }, k) => {
      const mine = stored.filter((s) => s.p === k).map((s) => s.change);
      results[i] = { accepted: batch.uniques[k]!.map((o) => o.opId), duplicates: p.ops.length - mine.length, seq: last, stored: mine };
    });
  }
  return results;
}

/** One tenant's pushes of a group, and the ops to try to store (each op id once: the first wins). */
type TenantBatch = { tenantId: string; pushes: { p: Pending; i: number }[]; uniques: NewChange[][]; candidates: Candidate[] };

function prepare(tenantId: string, pushes: { p: Pending; i: number }[]): TenantBatch {
  // A batch may name one op id twice, and two pushes of a group may share one: the first wins.
  const uniques = pushes.map(({ p }) => firstOfEach(p.ops));
  const named = new Set<string>();
  const candidates: Candidate[] = [];
  uniques.forEach((ops, k) => {
    for (const o of ops) {
      if (named.has(o.opId)) continue;
      named.add(o.opId);
      candidates.push({ o, p: k, who: pushes[k]!.p.who });
    }
  });
  return { tenantId, pushes, uniques, candidates };
}

function firstOfEach(ops: NewChange[]): NewChange[] {
  const byId = new Map<string, NewChange>();
  for (const o of ops) if (!byId.has(o.opId)) byId.set(o.opId, o);
  return [...byId.values()];
}

async function storePostgres(db: Db, batches: TenantBatch[], now: number): Promise<Outcome> {
  const arg = batches.map((b) => ({
    tenant: b.tenantId,
    ops: b.candidates.map(({ o, who }) => ({
      opId: o.opId, entity: o.entity, entityId: o.entityId, op: o.op, payload: payloadText(o, true),
      ...(o.op === 'upsert' && o.restricted !== undefined ? { restricted: payloadText(o, false) } : {}),
      userId: who.userId, deviceId: who.deviceId, occurredAt: o.occurredAt,
    })),
  }));
  const { rows } = await sql<{ tenant_id: string; op_id: string | null; seq: number; allow_transcripts: boolean | null }>`
    select tenant_id, op_id, seq, allow_transcripts from sync_append_many(${JSON.stringify(arg)}::jsonb, ${now})`.execute(db);
  const outcome: Outcome = new Map();
  for (const b of batches) {
    // Per tenant, one row (op_id null) carries its sequence and transcript policy; the others are the stored ops.
    const mine = rows.filter((r) => r.tenant_id === b.tenantId);
    const head = mine.find((r) => r.op_id === null);
    if (!head) throw new Error(`sync_append returned no sequence for tenant ${b.tenantId}`);
    const seqs = new Map(mine.flatMap((r) => (r.op_id === null ? [] : [[r.op_id, r.seq] as const])));
    outcome.set(b.tenantId, { seqs, last: head.seq, allowTranscripts: head.allow_transcripts === true });
  }
  return outcome;
}

/** When an up-entity happened (for date-range aggregates). */
export function occurredAt(op: PushOp): number {
  if (op.op === 'delete') return op.clientTs;
  switch (op.entity) {
    case 'call_insight':
      return op.payload.startedAt;
    case 'forecast':
      return op.payload.createdAt;
    case 'simulation_result':
      return op.payload.startedAt;
  }
}

/**
 * What a principal may pull: the tenant's down entities (playbooks, battlecards, settings),
 * its own pushes, and for managers and admins every rep's pushes of the tenant.
 */
export async function pullChanges(db: Db, who: Principal, since: number, limit: number): Promise<{ changes: Change[]; cursor: number; hasMore: boolean }> {
  type Row = { seq: number; entity: string; entity_id: string; op: 'upsert' | 'delete'; payload: string | null; user_id: string | null; created_at: number };
  const columns = sql.raw('seq, entity, entity_id, op, payload, user_id, created_at');
  const down = sql.raw(DOWN_ENTITY_SQL);
  // A rep sees the tenant's down entities and its own pushes: two index ranges (its own changes
  // by changes_user; the few down entities by the changes_down partial index), disjoint, merged
  // by seq in ONE statement, so both read one snapshot (two statements could return a later
  // down entity without an earlier own change, and the cursor would skip that change for good).
  // Filtering the whole tenant log instead made each rep's pull cost the tenant's size.
  const query =
    who.role === 'rep'
      ? sql<Row>`select * from (select ${columns} from changes where tenant_id = ${who.tenantId} and user_id = ${who.userId} and seq > ${since} and not (${down}) order by seq limit ${limit + 1}) as own
          union all
          select * from (select ${columns} from changes where tenant_id = ${who.tenantId} and seq > ${since} and ${down} order by seq limit ${limit + 1}) as tenant_content
          order by seq limit ${limit + 1}`
      : sql<Row>`select ${columns} from changes where tenant_id = ${who.tenantId} and seq > ${since} order by seq limit ${limit + 1}`;
  const { rows } = await query.execute(db);
  const pageRows = rows.slice(0, limit);
  const changes = pageRows.map((r) => ({
    seq: r.seq, entity: r.entity as Change['entity'], entityId: r.entity_id, op: r.op, payload: r.payload === null ? null : (JSON.parse(r.payload) as unknown),
    userId: r.user_id, createdAt: r.created_at,
  }));
  // With no rows the cursor stays: a filtered-out tail is skipped next time anyway.
  return { changes, cursor: pageRows.at(-1)?.seq ?? since, hasMore: rows.length > limit };
}
