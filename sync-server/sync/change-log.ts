import { SqliteAdapter, sql, type Kysely, type Transaction } from 'kysely';
import { DOWN_ENTITIES, TenantSettingsPayload, UP_ENTITIES, type Change, type PushOp } from '../../src-shared/sync-protocol';
import type { ServerDatabase } from '../db/schema';
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
type Pending = { who: Who; ops: NewChange[]; resolve: (r: AppendResult) => void; reject: (e: unknown) => void };

// Group commit: pushes of one tenant that arrive while its transaction runs are written
// together in the next one, so the tenant lock and the commit (an fsync in PostgreSQL) are
// paid once per group instead of once per push.
const queues = new WeakMap<Db, Map<string, { pending: Pending[]; running: boolean }>>();

/**
 * Appends changes to a tenant's log exactly once and returns what happened. Concurrency:
 * the tenant's `tenant_seq` row is locked first (a no-op UPDATE takes the row lock in
 * PostgreSQL; SQLite serialises writers anyway), so pushes of one tenant commit in sequence
 * order and a puller never sees seq N+1 before N is committed. Duplicates are detected under
 * that lock, so a retry racing its original (here or in another process) cannot store an op
 * twice.
 */
export function appendChanges(db: Db, who: Who, ops: NewChange[]): Promise<AppendResult> {
  let byTenant = queues.get(db);
  if (!byTenant) queues.set(db, (byTenant = new Map()));
  // SQLite has one writer connection: one queue for all tenants, one transaction per group.
  // PostgreSQL: one queue per tenant, so tenants commit in parallel.
  const key = db.getExecutor().adapter instanceof SqliteAdapter ? '*' : who.tenantId;
  let q = byTenant.get(key);
  if (!q) byTenant.set(key, (q = { pending: [], running: false }));
  const queue = q;
  const done = new Promise<AppendResult>((resolve, reject) => queue.pending.push({ who, ops, resolve, reject }));
  if (!queue.running) void drain(db, queue);
  return done;
}

async function drain(db: Db, queue: { pending: Pending[]; running: boolean }): Promise<void> {
  queue.running = true;
  try {
    while (queue.pending.length > 0) {
      const group = queue.pending.splice(0, 50);
      try {
        const results = await writeGroup(db, group);
        group.forEach((p, i) => p.resolve(results[i]!));
      } catch (err) {
        if (group.length === 1) group[0]!.reject(err);
        // One bad push must not fail its neighbours: retry them one by one.
        else for (const p of group) await writeGroup(db, [p]).then(([r]) => p.resolve(r!), p.reject);
      }
    }
  } finally {
    queue.running = false;
  }
}

/**
 * Writes a group of pushes. PostgreSQL: one `sync_append` call per tenant (a single round trip;
 * a lone tenant needs no explicit transaction). SQLite: one transaction for the whole group.
 */
async function writeGroup(db: Db, group: Pending[]): Promise<AppendResult[]> {
  const tenants = [...new Set(group.map((p) => p.who.tenantId))].sort();
  const postgres = !(db.getExecutor().adapter instanceof SqliteAdapter);
  const write = async (conn: Db | Transaction<ServerDatabase>) => {
    const results: AppendResult[] = new Array(group.length);
    for (const tenantId of tenants) {
      const idx = group.flatMap((p, i) => (p.who.tenantId === tenantId ? [i] : []));
      const written = await writeTenant(conn, tenantId, idx.map((i) => group[i]!), postgres ? storePostgres : storeSqlite);
      idx.forEach((i, k) => (results[i] = written[k]!));
    }
    return results;
  };
  return postgres && tenants.length === 1 ? write(db) : db.transaction().execute(write);
}

type Candidate = { o: NewChange; p: number; who: Who };
/**
 * Stores the candidates not stored before; returns their seq by op id, the tenant's last seq, and
 * whether the tenant allowed transcripts (which payload was stored). A stored tenant_settings
 * upsert also becomes the tenant's settings, in the same transaction.
 */
type Store = (
  conn: Db | Transaction<ServerDatabase>, tenantId: string, candidates: Candidate[], now: number,
) => Promise<{ seqs: Map<string, number>; last: number; allowTranscripts: boolean }>;

async function writeTenant(conn: Db | Transaction<ServerDatabase>, tenantId: string, group: Pending[], store: Store): Promise<AppendResult[]> {
  // A batch may name one op id twice, and two pushes of a group may share one: the first wins.
  const uniques = group.map((p) => firstOfEach(p.ops));
  const named = new Set<string>();
  const candidates: Candidate[] = [];
  uniques.forEach((ops, p) => {
    for (const o of ops) {
      if (named.has(o.opId)) continue;
      named.add(o.opId);
      candidates.push({ o, p, who: group[p]!.who });
    }
  });
  const now = Date.now();
  const { seqs, last, allowTranscripts } = await store(conn, tenantId, candidates, now);
  const stored = candidates.flatMap(({ o, p, who }) => {
    const seq = seqs.get(o.opId);
    if (seq === undefined) return [];
    const change: StoredChange = {
      tenantId, seq, entity: o.entity as Change['entity'], entityId: o.entityId, op: o.op,
      payload: o.op === 'delete' ? null : chosenPayload(o, allowTranscripts), userId: who.userId, createdAt: now,
    };
    return [{ change, p }];
  });
  return group.map((p, i) => {
    const mine = stored.filter((s) => s.p === i).map((s) => s.change);
    return { accepted: uniques[i]!.map((o) => o.opId), duplicates: p.ops.length - mine.length, seq: last, stored: mine };
  });
}

function firstOfEach(ops: NewChange[]): NewChange[] {
  const byId = new Map<string, NewChange>();
  for (const o of ops) if (!byId.has(o.opId)) byId.set(o.opId, o);
  return [...byId.values()];
}

const chosenPayload = (o: NewChange, allowTranscripts: boolean) => (!allowTranscripts && o.restricted !== undefined ? o.restricted : o.payload);
const payloadText = (o: NewChange, allowTranscripts: boolean) => (o.op === 'delete' || o.payload === null ? null : JSON.stringify(chosenPayload(o, allowTranscripts)));

const storePostgres: Store = async (conn, tenantId, candidates, now) => {
  const ops = candidates.map(({ o, who }) => ({
    opId: o.opId, entity: o.entity, entityId: o.entityId, op: o.op, payload: payloadText(o, true),
    ...(o.op === 'upsert' && o.restricted !== undefined ? { restricted: payloadText(o, false) } : {}),
    userId: who.userId, deviceId: who.deviceId, occurredAt: o.occurredAt,
  }));
  const { rows } = await sql<{ op_id: string | null; seq: number; allow_transcripts: boolean | null }>`
    select op_id, seq, allow_transcripts from sync_append(${tenantId}, ${JSON.stringify(ops)}::jsonb, ${now})`.execute(conn);
  // One row (op_id null) carries the tenant's sequence and transcript policy; the others are the stored ops.
  const head = rows.find((r) => r.op_id === null);
  if (!head) throw new Error('sync_append returned no sequence');
  return { seqs: new Map(rows.flatMap((r) => (r.op_id === null ? [] : [[r.op_id, r.seq] as const]))), last: head.seq, allowTranscripts: head.allow_transcripts === true };
};

const storeSqlite: Store = async (trx, tenantId, candidates, now) => {
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
    if (o.op !== 'delete' || !(UP_ENTITIES as readonly string[]).includes(o.entity)) continue;
    await trx
      .updateTable('changes')
      .set({ op: 'delete', payload: null })
      .where('tenant_id', '=', tenantId)
      .where('entity', '=', o.entity)
      .where('entity_id', '=', o.entityId)
      .where((eb) => (who.userId === null ? eb('user_id', 'is', null) : eb('user_id', '=', who.userId)))
      .where('op', '=', 'upsert')
      .where('seq', '<', seq)
      .execute();
  }
  const settings = rows.filter((r) => r.o.entity === 'tenant_settings' && r.o.op === 'upsert').at(-1);
  if (settings) await trx.updateTable('tenants').set({ settings: payloadText(settings.o, true)! }).where('id', '=', tenantId).execute();
  return { seqs: new Map(rows.map((r) => [r.o.opId, r.seq])), last, allowTranscripts };
};

/** The tenant's transcript policy from its stored settings (unreadable: not allowed). */
function transcriptsAllowed(settings: string | undefined): boolean {
  try {
    return TenantSettingsPayload.parse(JSON.parse(settings ?? '{}')).allowTranscripts;
  } catch {
    return false;
  }
}

async function lockTenant(trx: Db | Transaction<ServerDatabase>, tenantId: string): Promise<void> {
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
  const rows = await db
    .selectFrom('changes')
    .select(['seq', 'entity', 'entity_id', 'op', 'payload', 'user_id', 'created_at'])
    .where('tenant_id', '=', who.tenantId)
    .where('seq', '>', since)
    .$if(who.role === 'rep', (qb) => qb.where((eb) => eb.or([eb('entity', 'in', [...DOWN_ENTITIES]), eb('user_id', '=', who.userId)])))
    .orderBy('seq')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const changes = page.map((r) => ({
    seq: r.seq, entity: r.entity as Change['entity'], entityId: r.entity_id, op: r.op, payload: r.payload === null ? null : (JSON.parse(r.payload) as unknown),
    userId: r.user_id, createdAt: r.created_at,
  }));
  // With no rows the cursor stays: a filtered-out tail is skipped next time anyway.
  return { changes, cursor: page.at(-1)?.seq ?? since, hasMore: rows.length > limit };
}
