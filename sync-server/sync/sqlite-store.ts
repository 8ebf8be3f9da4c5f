import { CompiledQuery, SqliteDialect, sql, type DatabaseConnection, type Driver, type Kysely, type Transaction } from 'kysely';
import { TenantSettingsPayload, UP_ENTITIES } from '../../src-shared/sync-protocol';
import type { ServerDatabase } from '../db/schema';

/**
 * The SQLite half of the change log's write path (issue 17): one group commit's store step, the
 * same function whether it runs on the event loop (`--sqlite-writer loop`) or in the writer thread
 * that owns the write connection (`--sqlite-writer thread`, sqlite-writer.ts). Everything that
 * makes a push exactly-once, gap-free and tenant-isolated happens here, inside one transaction:
 * each tenant's sequence row is locked in the order given (change-log.ts sorts by tenant id), the
 * duplicate check is made under that lock, the transcript policy is read under it, and the
 * settings, entity state and delete scrubbing are written in the same transaction.
 *
 * Its arguments and result are plain data (structured-clone safe: they cross a thread boundary).
 */

type Db = Kysely<ServerDatabase>;
/**
 * One op to append. `restricted` is the payload to store instead when the tenant does not allow
 * transcripts (a call insight without its transcript). The choice is made under the tenant's
 * lock, with the settings as committed then, so a push never races a policy change.
 */
export type NewChange = { opId: string; entity: string; entityId: string; op: 'upsert' | 'delete'; payload: unknown; restricted?: unknown; occurredAt: number };
export type Who = { tenantId: string; userId: string | null; deviceId: string | null };
/** An op to try to store: `p` is the index of its push within the tenant's pushes of the group. */
export type Candidate = { o: NewChange; p: number; who: Who };
/** One tenant's ops of a group (each op id once), in the order they get sequence numbers. */
export type StoreBatch = { tenantId: string; candidates: Candidate[] };
/** Per tenant: the seq of each op stored now, the tenant's last seq, and its transcript policy then. */
export type Outcome = Map<string, { seqs: Map<string, number>; last: number; allowTranscripts: boolean }>;
/** performance.now() when the SQLite transaction had begun and when its statements were done (COMMIT follows). */
export type Phases = { begin?: number; body?: number; stored?: number };

export const chosenPayload = (o: NewChange, allowTranscripts: boolean) => (!allowTranscripts && o.restricted !== undefined ? o.restricted : o.payload);
export const payloadText = (o: NewChange, allowTranscripts: boolean) => (o.op === 'delete' || o.payload === null ? null : JSON.stringify(chosenPayload(o, allowTranscripts)));

/**
 * SQLite through kysely, with every transaction `BEGIN IMMEDIATE`: it takes the write lock at
 * once (waiting up to busy_timeout for another connection's transaction), instead of at its first
 * write. With two connections writing one file (the writer thread and the main thread's), a
 * deferred transaction that read first and wrote after the other connection committed would fail
 * with SQLITE_BUSY at once (its snapshot is stale), where an immediate one just waits its turn.
 */
export class ImmediateSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    const driver = super.createDriver();
    driver.beginTransaction = async (connection: DatabaseConnection) => void (await connection.executeQuery(CompiledQuery.raw('begin immediate')));
    return driver;
  }
}

export async function storeSqlite(db: Db, batches: StoreBatch[], now: number, phases: Phases = {}): Promise<Outcome> {
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

