import { SqliteAdapter, sql, type Kysely, type Transaction } from 'kysely';
import { TenantSettingsPayload, UP_ENTITIES, type Change, type PushOp } from '../../src-shared/sync-protocol';
import type { ServerDatabase } from '../db/schema';
import { DOWN_ENTITY_SQL } from '../db/migrations';
import type { Principal } from '../auth/tokens';

type Db = Kysely<ServerDatabase>;
/**
 * One op to append. `restricted` is the payload to store instead when the tenant does not allow
 * transcripts (a call insight without its transcript). The choice is made under the tenant's
 * lock, with the settings as committed then, so a push never races a policy change.
 */
export type NewChange = { opId: string; entity: string; entityId: string; op: 'upsert' | 'delete'; payload: unknown; restricted?: unknown; occurredAt: number };
export type StoredChange = Change & { tenantId: string };

type Who = { tenantId: string; userId: string | null; deviceId: string | null };
export type AppendResult = { accepted: string[]; duplicates: number; seq: number; stored: StoredChange[] };
type Pending = { who: Who; ops: NewChange[]; queuedAt: number; resolve: (r: AppendResult) => void; reject: (e: unknown) => void };

/**
 * How one group commit went, for the server's `--stats` (stats.ts): its size, how long each of
 * its pushes waited in the queue before the group started, and how long the write took. On
 * SQLite the write is split into BEGIN, the statements, and COMMIT (WAL: a COMMIT is a write to
 * the -wal file, plus a checkpoint of the WAL into the database when the autocheckpoint fires).
 */
export type GroupTiming = { at: number; pushes: number; ops: number; waitsMs: number[]; writeMs: number; beginMs?: number; bodyMs?: number; commitMs?: number; failed: boolean };
/** performance.now() when the SQLite transaction had begun, when its statements were done (COMMIT follows), and when the store returned. */
type Phases = { begin?: number; body?: number; stored?: number };
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
      const t0 = performance.now();
      const phases: Phases = {};
      try {
        const results = await writeGroup(db, group, phases);
        if (observe) observe(groupTiming(group, t0, phases, false));
        group.forEach((p, i) => p.resolve(results[i]!));
      } catch (err) {
        if (observe) observe(groupTiming(group, t0, phases, true));
        if (group.length === 1) group[0]!.reject(err);
        // One bad push must not fail its neighbours: retry them one by one.
        else for (const p of group) await writeGroup(db, [p]).then(([r]) => p.resolve(r!), p.reject);
      }
    }
  } finally {
    queue.running = false;
  }
}

function groupTiming(group: Pending[], t0: number, phases: Phases, failed: boolean): GroupTiming {
  const t1 = performance.now();
  const { begin, body, stored } = phases;
  return {
    at: Date.now(), pushes: group.length, ops: group.reduce((n, p) => n + p.ops.length, 0), waitsMs: group.map((p) => t0 - p.queuedAt), writeMs: t1 - t0, failed,
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
 * commit, tenants locked in a fixed order), SQLite in one transaction.
 */
async function writeGroup(db: Db, group: Pending[], phases: Phases = {}): Promise<AppendResult[]> {
  const tenants = [...new Set(group.map((p) => p.who.tenantId))].sort();
  const batches = tenants.map((tenantId) => prepare(tenantId, group.flatMap((p, i) => (p.who.tenantId === tenantId ? [{ p, i }] : []))));
  const now = Date.now();
  const outcome = db.getExecutor().adapter instanceof SqliteAdapter ? await storeSqlite(db, batches, now, phases) : await storePostgres(db, batches, now);
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

type Candidate = { o: NewChange; p: number; who: Who };
/** One tenant's pushes of a group, and the ops to try to store (each op id once: the first wins). */
type TenantBatch = { tenantId: string; pushes: { p: Pending; i: number }[]; uniques: NewChange[][]; candidates: Candidate[] };
/** Per tenant: the seq of each op stored now, the tenant's last seq, and its transcript policy then. */
type Outcome = Map<string, { seqs: Map<string, number>; last: number; allowTranscripts: boolean }>;

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

const chosenPayload = (o: NewChange, allowTranscripts: boolean) => (!allowTranscripts && o.restricted !== undefined ? o.restricted : o.payload);
const payloadText = (o: NewChange, allowTranscripts: boolean) => (o.op === 'delete' || o.payload === null ? null : JSON.stringify(chosenPayload(o, allowTranscripts)));

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

async function storeSqlite(db: Db, batches: TenantBatch[], now: number, phases: Phases): Promise<Outcome> {
  return db.transaction().execute(async (trx) => {
    phases.begin = performance.now();
    const outcome: Outcome = new Map();
    for (const b of batches) outcome.set(b.tenantId, await storeSqliteTenant(trx, b.tenantId, b.candidates, now));
    phases.body = performance.now();
    return outcome;
  });
}

async function storeSqliteTenant(trx: Transaction<ServerDatabase>, tenantId: string, candidates: Candidate[], now: number) {
  await lockTenant(trx, tenantId);
  const tenant = await trx.selectFrom('tenants').select('settings').where('id', '=', tenantId).executeTakeFirst();
  const allowTranscripts = transcriptsAllowed(tenant?.settings);
  const seen = new Set<string>();
  const ids = candidates.map((c) => c.o.opId);
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await trx.selectFrom('changes').select('op_id').where('tenant_id', '=', tenantId).where('op_id', 'in', ids.slice(i, i + 500)).execute();
    for (const r of rows) seen.add(r.op_id);
  }
  const fresh = candidates.filter((c) => !seen.has(c.o.opId));
  const { seq: last } = await trx
    .updateTable('tenant_seq')
    .set((eb) => ({ seq: eb('seq', '+', fresh.length) }))
    .where('tenant_id', '=', tenantId)
    .returning('seq')
    .executeTakeFirstOrThrow();
  const rows = fresh.map(({ o, who }, i) => ({ o, who, seq: last - fresh.length + 1 + i }));
  for (let i = 0; i < rows.length; i += 200) {
    await trx
      .insertInto('changes')
      .values(rows.slice(i, i + 200).map(({ o, who, seq }) => ({
        tenant_id: tenantId, seq, op_id: o.opId, entity: o.entity, entity_id: o.entityId, op: o.op,
        payload: payloadText(o, allowTranscripts), user_id: who.userId, device_id: who.deviceId, created_at: now,
      })))
      .execute();
  }
  // Latest state per entity, for the team API. Conflict rule: the higher server seq wins.
  // One multi-row upsert; a key may appear once per statement, so keep the last.
  const latest = [...new Map(rows.map((r) => [`${r.who.userId}\u0000${r.o.entity}\u0000${r.o.entityId}`, r])).values()];
  for (let i = 0; i < latest.length; i += 200) {
    await trx
      .insertInto('entities')
      .values(latest.slice(i, i + 200).map(({ o, who, seq }) => ({
        tenant_id: tenantId, user_id: who.userId ?? '', entity: o.entity, entity_id: o.entityId, seq,
        payload: payloadText(o, allowTranscripts), occurred_at: o.occurredAt, deleted: o.op === 'delete' ? 1 : 0,
      })))
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'user_id', 'entity', 'entity_id']).doUpdateSet((eb) => ({
          seq: eb.ref('excluded.seq'),
          payload: eb.ref('excluded.payload'),
          // A delete keeps the date of what it deletes.
          occurred_at: sql<number>`case when excluded.deleted = 1 then entities.occurred_at else excluded.occurred_at end`,
          deleted: eb.ref('excluded.deleted'),
        })),
      )
      .execute();
  }
  // A delete of an up-entity scrubs that user's earlier upserts of it (the PostgreSQL function
  // does the same): the rows stay, so their op ids keep retries exactly-once, but no payload does.
  for (const { o, who, seq } of rows) {
    if (o.op !== 'delete' || who.userId === null || !(UP_ENTITIES as readonly string[]).includes(o.entity)) continue;
    // INDEXED BY: without statistics SQLite would pick changes_user and scan the user's history.
    await sql`update changes indexed by changes_entity set op = 'delete', payload = null
      where tenant_id = ${tenantId} and entity = ${o.entity} and entity_id = ${o.entityId}
        and user_id = ${who.userId} and seq < ${seq} and op = 'upsert'`.execute(trx);
  }
  const settings = rows.filter((r) => r.o.entity === 'tenant_settings' && r.o.op === 'upsert').at(-1);
  if (settings) await trx.updateTable('tenants').set({ settings: payloadText(settings.o, true)! }).where('id', '=', tenantId).execute();
  return { seqs: new Map(rows.map((r) => [r.o.opId, r.seq])), last, allowTranscripts };
}

/** The tenant's transcript policy from its stored settings (unreadable: not allowed). */
function transcriptsAllowed(settings: string | undefined): boolean {
  try {
    return TenantSettingsPayload.parse(JSON.parse(settings ?? '{}')).allowTranscripts;
  } catch {
    return false;
  }
}

async function lockTenant(trx: Transaction<ServerDatabase>, tenantId: string): Promise<void> {
  const res = await trx.updateTable('tenant_seq').set((eb) => ({ seq: eb.ref('seq') })).where('tenant_id', '=', tenantId).executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw new Error(`tenant ${tenantId} has no sequence row`);
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
