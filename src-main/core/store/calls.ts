/**
 * The calls table family, call rows side: a call as the live path, imports and the demo write it
 * (created, its language once known, ended), and the calls history's filtered and searched list
 * (with the call's deal name, calls/call-queries.ts turns rows into the contract's items).
 *
 * The transcript search is FTS5 over `segments_fts` (0002-calls.sql), which kysely has no builder
 * for: the MATCH is a `sql` template, the rest is kysely's query builder. A search matches once
 * per query, in a MATERIALIZED `hits` CTE, and one pass gives the page and (a window count) the
 * total: this is what keeps a search over 10,000 calls under 50 ms (bench/calls-search.bench.ts).
 */
import { sql, type Insertable, type QueryCreator } from 'kysely';
import type { Store } from './db';
import { all, first, run } from './query';
import type { Database } from './schema';

export function insertCallRow(store: Store, row: Insertable<Database['calls']>): void {
  run(store, store.db.insertInto('calls').values(row));
}

/** The call's spoken language, once the first utterance tells it. */
export function setCallLanguage(store: Store, id: string, language: string): void {
  run(store, store.db.updateTable('calls').set({ language }).where('id', '=', id));
}

/** The call ended: its end, length and average customer sentiment; its language unless it has one. */
export function endCallRow(store: Store, id: string, end: { endedAt: number; durationMs: number; sentimentAvg: number | null; language: string | null }): void {
  run(
    store,
    store.db
      .updateTable('calls')
      .set((eb) => ({ ended_at: end.endedAt, duration_ms: end.durationMs, sentiment_avg: end.sentimentAvg, language: eb.fn.coalesce('language', eb.val(end.language)) }))
      .where('id', '=', id),
  );
}

/** The ids of the calls that started before `cutoff` (retention). */
export const callIdsStartedBefore = (store: Store, cutoff: number): string[] =>
  all(store, store.db.selectFrom('calls').select('id').where('started_at', '<', cutoff)).map((r) => r.id);

/** A call as the history lists it. */
export type CallListRow = {
  id: string;
  title: string;
  started_at: number;
  source: string;
  language: string | null;
  customer: string | null;
  deal_id: string | null;
  deal_name: string | null;
  /** Its length; for a call still open (or written by older code), its last segment's end. */
  duration_ms: number | null;
  /** Its average customer sentiment; for a call still open, the mean of its scored utterances. */
  sentiment: number | null;
};

/** Which calls the history shows. Every field narrows; none set lists every call. */
export type CallWhere = {
  /** An FTS5 query (calls/fts-query.ts makes it from what the rep typed): calls with a matching segment. */
  fts?: string | null;
  /** Started at or after (ms). */
  from?: number;
  /** Started at or before (ms). */
  to?: number;
  /** With a detected objection of this type. */
  objection?: string;
  /** With a detected competitor whose id is one of these, in any case. */
  competitorIds?: string[];
  /** Average sentiment at most `-threshold` (negative), at least `threshold` (positive), or strictly between (neutral). */
  sentiment?: { tag: 'negative' | 'neutral' | 'positive'; threshold: number };
};

type Hits = { hits: { id: string } };
type SearchDb = Database & Hits;

/** The query creator with `hits` typed, for the queries and subqueries under the one that holds the CTE. */
const typed = (store: Store) => store.db.withTables<Hits>();

/** The calls with a segment matching `fts`, found once per query (see the module comment), as `hits`. */
function withHits(store: Store, fts: string | null | undefined): QueryCreator<SearchDb> {
  // Without a search nothing refers to `hits`.
  if (!fts) return typed(store);
  const fts5 = store.db.withTables<{ segments_fts: { call_id: string; text: string } }>();
  return store.db.with(
    (cte) => cte('hits').materialized(),
    () => fts5.selectFrom('segments_fts').select('call_id as id').distinct().where(sql<boolean>`segments_fts MATCH ${fts}`),
  );
}

/** The list's rows before the sentiment filter: calls (with their deal's name) narrowed by `where`. */
function callRows(qc: QueryCreator<SearchDb>, where: CallWhere) {
  let q = qc
    .selectFrom('calls as c')
    .leftJoin('deals as d', 'd.id', 'c.deal_id')
    .select((eb) => [
      'c.id', 'c.title', 'c.started_at', 'c.source', 'c.language', 'c.customer', 'c.deal_id', 'd.name as deal_name',
      eb.fn
        .coalesce('c.duration_ms', eb('c.ended_at', '-', eb.ref('c.started_at')), eb.selectFrom('segments as s').select((s) => s.fn.max('s.end_ms').as('m')).whereRef('s.call_id', '=', 'c.id'))
        .as('duration_ms'),
      eb.fn.coalesce('c.sentiment_avg', eb.selectFrom('sentiment as s').select((s) => s.fn.avg<number>('s.score').as('a')).whereRef('s.call_id', '=', 'c.id')).as('sentiment'),
    ]);
  const detected = (kind: 'objection' | 'competitor') => qc.selectFrom('detections').select('call_id').where('kind', '=', kind);
  if (where.fts) q = q.where('c.id', 'in', qc.selectFrom('hits').select('id'));
  if (where.from !== undefined) q = q.where('c.started_at', '>=', where.from);
  if (where.to !== undefined) q = q.where('c.started_at', '<=', where.to);
  if (where.objection) q = q.where('c.id', 'in', detected('objection').where('value', '=', where.objection));
  const ids = where.competitorIds;
  if (ids) q = q.where('c.id', 'in', detected('competitor').where((eb) => eb(eb.fn('lower', ['value']), 'in', ids.map((id) => eb.fn('lower', [eb.val(id)])))));
  return q;
}

/** The rows of `callRows`, narrowed by sentiment. */
function filtered(store: Store, where: CallWhere) {
  // The CTE goes on the outermost query only: a subquery made from it would repeat it.
  const q = withHits(store, where.fts).selectFrom(callRows(typed(store), where).as('c'));
  const tag = where.sentiment;
  if (!tag) return q;
  if (tag.tag === 'negative') return q.where('c.sentiment', '<=', -tag.threshold);
  if (tag.tag === 'positive') return q.where('c.sentiment', '>=', tag.threshold);
  return q.where('c.sentiment', '>', -tag.threshold).where('c.sentiment', '<', tag.threshold);
}

const countRows = (store: Store, where: CallWhere): number => first(store, filtered(store, where).select((eb) => eb.fn.countAll<number>().as('n')))!.n;

/**
 * One page of the calls matching `where`, newest first, and how many match in all. A search
 * counts in the same pass as its page (the match runs once); a list without one counts apart,
 * straight off the started_at index.
 */
export function listCallRows(store: Store, where: CallWhere, page: { limit: number; offset: number }): { rows: CallListRow[]; total: number } {
  if (where.fts) {
    const rows = all(
      store,
      filtered(store, where)
        .selectAll('c')
        .select((eb) => eb.fn.countAll<number>().over().as('total'))
        .orderBy('c.started_at', 'desc')
        .orderBy('c.id')
        .limit(page.limit)
        .offset(page.offset),
    );
    // An empty page past the end still has a total.
    const total = rows[0]?.total ?? (page.offset > 0 ? countRows(store, where) : 0);
    return { rows: rows.map(({ total: _, ...row }) => row), total };
  }
  const rows = all(store, filtered(store, where).selectAll('c').orderBy('c.started_at', 'desc').orderBy('c.id').limit(page.limit).offset(page.offset));
  return { rows, total: countRows(store, where) };
}

/** The ids of every call matching `where` (exports), newest first. */
export const listCallIds = (store: Store, where: CallWhere): string[] =>
  all(store, filtered(store, where).select('c.id').orderBy('c.started_at', 'desc').orderBy('c.id')).map((r) => r.id);

/** One call as the history lists it, or undefined. */
export const getCallListRow = (store: Store, id: string): CallListRow | undefined => first(store, callRows(typed(store), {}).where('c.id', '=', id));
