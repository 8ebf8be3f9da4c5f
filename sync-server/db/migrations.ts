import { DOWN_ENTITIES, UP_ENTITIES } from '../../src-shared/sync-protocol';
import { Migrator, PostgresAdapter, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { oneLine } from '../../src-shared/errors';

/**
 * Server migrations, numbered and applied in order by kysely's Migrator (which records them
 * and takes a lock, so two server processes starting on one PostgreSQL do not race). The
 * column types are the portable subset of SQLite and PostgreSQL; JSON is stored as text.
 */
/** `entity in (<down entities>)` as literal SQL: the predicate of the changes_down partial index, which a query must repeat word for word to use it. */
export const DOWN_ENTITY_SQL = `entity in (${DOWN_ENTITIES.map((e) => `'${e}'`).join(', ')})`;

const migrations: Record<string, Migration> = {
  '0001-init': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('tenants')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('settings', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('users_tenant_email', ['tenant_id', 'email'])
        .execute();
      await db.schema
        .createTable('devices')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('secret_hash', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('last_seen_at', 'bigint')
        .addColumn('revoked_at', 'bigint')
        .execute();
      await db.schema
        .createTable('enrollment_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('user_id', 'text', (c) => c.references('users.id'))
        .addColumn('uses_left', 'integer', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('refresh_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('family_id', 'text', (c) => c.notNull())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('used_at', 'bigint')
        .addColumn('revoked_at', 'bigint')
        .execute();
      await db.schema.createIndex('refresh_tokens_family').on('refresh_tokens').column('family_id').execute();
      await db.schema
        .createTable('tenant_seq')
        .addColumn('tenant_id', 'text', (c) => c.primaryKey())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('changes')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('op_id', 'text', (c) => c.notNull())
        .addColumn('entity', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text', (c) => c.notNull())
        .addColumn('op', 'text', (c) => c.notNull())
        .addColumn('payload', 'text')
        .addColumn('user_id', 'text')
        .addColumn('device_id', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('changes_pk', ['tenant_id', 'seq'])
        // Exactly-once: a client op id is stored once per tenant, whatever the retries.
        .addUniqueConstraint('changes_op', ['tenant_id', 'op_id'])
        .execute();
      await db.schema
        .createTable('entities')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('entity', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('payload', 'text')
        .addColumn('occurred_at', 'bigint', (c) => c.notNull())
        .addColumn('deleted', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('entities_pk', ['tenant_id', 'user_id', 'entity', 'entity_id'])
        .execute();
      await db.schema.createIndex('entities_range').on('entities').columns(['tenant_id', 'entity', 'occurred_at']).execute();
      await db.schema
        .createTable('audit_log')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text')
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .addColumn('ip', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_log_tenant').on('audit_log').columns(['tenant_id', 'created_at']).execute();
      await db.schema
        .createTable('server_meta')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0002-append-function': {
    async up(db: Kysely<unknown>) {
      // A rep's pull reads its own changes by seq (see pullChanges)...
      await db.schema.createIndex('changes_user').on('changes').columns(['tenant_id', 'user_id', 'seq']).execute();
      // ...a delete finds the earlier upserts of its entity (not by scanning its user's history)...
      await db.schema.createIndex('changes_entity').on('changes').columns(['tenant_id', 'entity', 'entity_id']).execute();
      // ...and the tenant's down entities (few) by seq: a partial index, so pushes never pay for it.
      await sql.raw(`create index changes_down on changes (tenant_id, seq) where ${DOWN_ENTITY_SQL}`).execute(db);
      // PostgreSQL only (SQLite has no stored functions; it writes in-process, see change-log.ts).
      if (db.getExecutor().adapter instanceof PostgresAdapter) {
        await sql.raw(PG_APPEND_FUNCTION).execute(db);
        await sql.raw(PG_APPEND_MANY_FUNCTION).execute(db);
      }
    },
  },
  '0003-refresh-successor': {
    async up(db: Kysely<unknown>) {
      // The token_hash of the token a refresh exchanged this one for: a duplicate of this token
      // inside the grace window is refused without an alarm only while that successor is unused.
      await db.schema.alterTable('refresh_tokens').addColumn('successor_hash', 'text').execute();
    },
  },
  '0004-signing-key-out-of-db': {
    async up(db: Kysely<unknown>) {
      // Servers before this one kept the token-signing key here, in plain text: anyone with a copy
      // of the database could sign an admin token for any tenant. The key now lives in a 0600 file
      // or SYNC_SIGNING_KEYS (auth/signing-keys.ts), and this one is not carried over: a copy of
      // the database may have leaked, so the upgrade rotates. Tokens it signed (access tokens, 15
      // minutes) are refused from here on; clients refresh (refresh tokens are hashes, unaffected).
      // On SQLite secure_delete zeroes the row's bytes in its page (the WAL is truncated after
      // migrating, database.ts); on PostgreSQL the dead row remains on disk until vacuumed, and
      // the key it holds verifies nothing any more.
      const sqlite = !(db.getExecutor().adapter instanceof PostgresAdapter);
      if (sqlite) await sql`pragma secure_delete = on`.execute(db);
      await sql`delete from server_meta where key = 'token_secret'`.execute(db);
      if (sqlite) await sql`pragma secure_delete = off`.execute(db);
    },
  },
  '0005-update-releases': {
    async up(db: Kysely<unknown>) {
      // The desktop app's update feed (updates/feed.ts): one row per published artifact.
      await db.schema
        .createTable('update_releases')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('sha512', 'text', (c) => c.notNull())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('rollout', 'integer', (c) => c.notNull())
        .addColumn('published_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('update_releases_feed').on('update_releases').columns(['channel', 'platform', 'published_at']).execute();
    },
  },
  '0006-down-simulations': {
    async up(db: Kysely<unknown>) {
      // Role-play personas and scenarios became down entities (issue 14): the partial index of
      // the tenant's down entities is made again with the predicate that names them, the one a
      // pull repeats word for word (an index made by 0002 on an older server names fewer).
      await sql.raw('drop index if exists changes_down').execute(db);
      await sql.raw(`create index changes_down on changes (tenant_id, seq) where ${DOWN_ENTITY_SQL}`).execute(db);
    },
  },
};

/**
 * `sync_append(tenant, ops, now)`: the whole exactly-once append of one tenant's pushes in one
 * round trip (lock the tenant's sequence row, drop op ids already stored, number the rest,
 * insert them, upsert the latest state per entity). Seven client/server round trips per group
 * became one, which is what kept PostgreSQL's push tail over 100 ms under load (see
 * docs/benchmarks.md). Each statement of a VOLATILE plpgsql function takes a fresh snapshot, so
 * the duplicate check after the row lock sees every push committed before the lock was
 * granted. `ops` is a JSON array of {opId, entity, entityId, op, payload (JSON text or null),
 * restricted? (JSON text stored instead when the tenant does not allow transcripts), userId,
 * deviceId, occurredAt}, already free of duplicate op ids. A delete of an up-entity scrubs its
 * earlier upserts (see the last statement); a tenant_settings upsert becomes the tenant's settings. Returns one row per stored op
 * and one row (op_id null) with the tenant's sequence after the append and its transcript policy.
 */
export const PG_APPEND_FUNCTION = `
create or replace function sync_append(p_tenant text, p_ops jsonb, p_now bigint)
returns table(op_id text, seq integer, allow_transcripts boolean)
language plpgsql volatile
-- Plan each statement with its real arguments: measured, a generic plan cached while the log was
-- small grew from 2 ms to 50+ ms per call as the log grew; custom plans stay flat at ~2 ms.
set plan_cache_mode = force_custom_plan
as $fn$
declare
  d record;
  v_allow boolean;
begin
  -- Statement 1 takes the tenant's row lock; statement 2's snapshot starts after it is granted.
  update tenant_seq s set seq = s.seq where s.tenant_id = p_tenant;
  if not found then
    raise exception 'tenant % has no sequence row', p_tenant;
  end if;
  -- The transcript policy as committed when the lock was granted (settings change under it too).
  select coalesce(t.settings::jsonb->>'allowTranscripts' = 'true', false) into v_allow from tenants t where t.id = p_tenant;
  return query
  with fresh as materialized (
    select t.o, (row_number() over (order by t.ord))::integer as rn
    from jsonb_array_elements(p_ops) with ordinality as t(o, ord)
    -- A correlated LATERAL probe per op id (the unique (tenant_id, op_id) index), never a
    -- hash of the tenant's whole log, whatever the planner believes about the tenant's size.
    left join lateral (select 1 as hit from changes c where c.tenant_id = p_tenant and c.op_id = t.o->>'opId' limit 1) dup on true
    where dup.hit is null
  ), n as (
    select count(*)::integer as k from fresh
  ), bump as (
    update tenant_seq s set seq = s.seq + (select k from n) where s.tenant_id = p_tenant returning s.seq as last
  ), numbered as (
    select f.o, f.rn, (select last from bump) - (select k from n) + f.rn as seq,
           case when not v_allow and f.o ? 'restricted' then f.o->>'restricted' else f.o->>'payload' end as payload
    from fresh f
  ), settings as (
    update tenants t set settings = (select x.payload from numbered x where x.o->>'entity' = 'tenant_settings' and x.o->>'op' = 'upsert' order by x.rn desc limit 1)
    where t.id = p_tenant and exists (select 1 from numbered x where x.o->>'entity' = 'tenant_settings' and x.o->>'op' = 'upsert')
  ), ins as (
    insert into changes (tenant_id, seq, op_id, entity, entity_id, op, payload, user_id, device_id, created_at)
    select p_tenant, x.seq, x.o->>'opId', x.o->>'entity', x.o->>'entityId', x.o->>'op',
           x.payload, x.o->>'userId', x.o->>'deviceId', p_now
    from numbered x
    returning changes.op_id, changes.seq
  ), ent as (
    insert into entities as e (tenant_id, user_id, entity, entity_id, seq, payload, occurred_at, deleted)
    select distinct on (coalesce(x.o->>'userId', ''), x.o->>'entity', x.o->>'entityId')
           p_tenant, coalesce(x.o->>'userId', ''), x.o->>'entity', x.o->>'entityId', x.seq,
           x.payload, (x.o->>'occurredAt')::bigint, case when x.o->>'op' = 'delete' then 1 else 0 end
    from numbered x
    order by coalesce(x.o->>'userId', ''), x.o->>'entity', x.o->>'entityId', x.rn desc
    on conflict (tenant_id, user_id, entity, entity_id) do update set
      seq = excluded.seq,
      payload = excluded.payload,
      occurred_at = case when excluded.deleted = 1 then e.occurred_at else excluded.occurred_at end,
      deleted = excluded.deleted
  )
  select null::text, (select last from bump), v_allow
  union all
  select ins.op_id, ins.seq, null::boolean from ins;
  -- A delete of an up-entity (an insight, forecast or simulation a user pushed) scrubs that
  -- user's earlier upserts of it: the change rows stay (their op ids keep retries exactly-once)
  -- but become payload-free deletes. A separate statement, so it sees the rows just inserted.
  if not exists (select 1 from jsonb_array_elements(p_ops) as t(o) where t.o->>'op' = 'delete') then
    return;
  end if;
  for d in
    select c.entity, c.entity_id, c.user_id, c.seq
    from jsonb_array_elements(p_ops) as t(o)
    cross join lateral (select * from changes x where x.tenant_id = p_tenant and x.op_id = t.o->>'opId' limit 1) c
    where t.o->>'op' = 'delete' and c.op = 'delete' and c.entity in (${UP_ENTITIES.map((e) => `'${e}'`).join(', ')})
  loop
    update changes c set op = 'delete', payload = null
    where c.tenant_id = p_tenant and c.user_id = d.user_id and c.seq < d.seq
      and c.entity = d.entity and c.entity_id = d.entity_id and c.op = 'upsert';
  end loop;
end
$fn$;
`;

/**
 * `sync_append_many(batches, now)`: a group of pushes of several tenants in one round trip and one
 * commit. `batches` is a JSON array of {tenant, ops}; tenants are locked in tenant-id order, the
 * same order in every server process, so two processes cannot deadlock. Returns the rows of
 * `sync_append` for each tenant, with the tenant id.
 */
export const PG_APPEND_MANY_FUNCTION = `
create or replace function sync_append_many(p_batches jsonb, p_now bigint)
returns table(tenant_id text, op_id text, seq integer, allow_transcripts boolean)
language plpgsql volatile as $fn$
declare
  b jsonb;
begin
  for b in select t.b from jsonb_array_elements(p_batches) as t(b) order by t.b->>'tenant' collate "C" loop
    return query select b->>'tenant', a.op_id, a.seq, a.allow_transcripts from sync_append(b->>'tenant', b->'ops', p_now) as a;
  end loop;
end
$fn$;
`;

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Tests of an upgrade: a database as an older server left it (migrations up to and including `name`). */
export async function migrateUpTo(db: Kysely<unknown>, name: string): Promise<void> {
  const { error } = await new Migrator({ db, provider }).migrateTo(name);
  if (error) throw new Error(`server migration to ${name} failed: ${oneLine(error)}`);
}

/** Applies what is missing; returns the names of the migrations applied now. */
export async function migrateToLatest(db: Kysely<unknown>): Promise<string[]> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) throw new Error(`server migration ${failed?.migrationName ?? ''} failed: ${oneLine(error)}`);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
