/**
 * Deals imported from CRM exports and what they name (issue 15, migration 0004): deals keyed
 * by (source, external_id) so a re-import updates; accounts, products and owners keyed by
 * name; the forecaster's trained models (newest is used to score).
 */
import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { Store } from './db';
import { all, first, run } from './query';
import type { Database, Row } from './schema';

export type DealRow = Row<'deals'>;
export type AccountRow = Row<'accounts'>;
export type ProductRow = Row<'products'>;
export type OwnerRow = Row<'owners'>;
export type ForecastModelRow = Row<'forecast_models'>;

/** A deal as an import writes it: everything but the row's own id and times. */
export type DealInput = Omit<Insertable<Database['deals']>, 'id' | 'created_at' | 'updated_at'> & { source: string; external_id: string };

/** Inserts new deals and updates the ones already imported from the same source with the same id. */
export function upsertDeals(store: Store, deals: DealInput[], now: number): { inserted: number; updated: number } {
  let inserted = 0;
  let updated = 0;
  for (const d of deals) {
    const existing = first(store, store.db.selectFrom('deals').select('id').where('source', '=', d.source).where('external_id', '=', d.external_id));
    if (existing) {
      run(store, store.db.updateTable('deals').set({ ...d, updated_at: now }).where('id', '=', existing.id));
      updated++;
    } else {
      run(store, store.db.insertInto('deals').values({ ...d, id: randomUUID(), created_at: now, updated_at: now }));
      inserted++;
    }
  }
  return { inserted, updated };
}

/** The non-empty values of a row: a file that does not know a field leaves what another import stored. */
const known = <T extends object>(row: T): Partial<T> => Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null && v !== undefined)) as Partial<T>;

/** Accounts by name: a new one is added, a known one gets the fields the import knows. */
export function upsertAccounts(store: Store, rows: Insertable<Database['accounts']>[]): void {
  for (const r of rows) run(store, store.db.insertInto('accounts').values(r).onConflict((oc) => oc.column('name').doUpdateSet(known(r))));
}
export function upsertProducts(store: Store, rows: Insertable<Database['products']>[]): void {
  for (const r of rows) run(store, store.db.insertInto('products').values(r).onConflict((oc) => oc.column('name').doUpdateSet(known(r))));
}
export function upsertOwners(store: Store, rows: Insertable<Database['owners']>[]): void {
  for (const r of rows) run(store, store.db.insertInto('owners').values(r).onConflict((oc) => oc.column('name').doUpdateSet(known(r))));
}

/** Every deal (or those with one outcome), oldest engagement first, then by CRM id. */
export function listDeals(store: Store, o: { outcome?: 'open' | 'won' | 'lost'; source?: string } = {}): DealRow[] {
  let q = store.db.selectFrom('deals').selectAll().orderBy('engage_date').orderBy('source').orderBy('external_id').orderBy('id');
  if (o.outcome) q = q.where('outcome', '=', o.outcome);
  if (o.source) q = q.where('source', '=', o.source);
  return all(store, q);
}

export const countDeals = (store: Store): number => Number(first(store, store.db.selectFrom('deals').select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0);

export const listAccounts = (store: Store): AccountRow[] => all(store, store.db.selectFrom('accounts').selectAll().orderBy('name'));
export const listProducts = (store: Store): ProductRow[] => all(store, store.db.selectFrom('products').selectAll().orderBy('name'));
export const listOwners = (store: Store): OwnerRow[] => all(store, store.db.selectFrom('owners').selectAll().orderBy('name'));

export function insertForecastModel(store: Store, row: Insertable<Database['forecast_models']>): void {
  run(store, store.db.insertInto('forecast_models').values(row));
}

/** The newest trained model, or undefined before the first `forecast train`. */
export const latestForecastModel = (store: Store): ForecastModelRow | undefined =>
  first(store, store.db.selectFrom('forecast_models').selectAll().orderBy('trained_at', 'desc').orderBy('id', 'desc').limit(1));

/** The model trained before the one with this id (the drift of each deal's chance between them), or undefined. */
export const previousForecastModel = (store: Store, id: string): ForecastModelRow | undefined =>
  first(store, store.db.selectFrom('forecast_models').selectAll().where('id', '!=', id).orderBy('trained_at', 'desc').orderBy('id', 'desc').limit(1));

/** A deal by its row id or its id in the CRM (any source); several CRM matches come back in order. */
export const findDeals = (store: Store, ref: string): DealRow[] =>
  all(store, store.db.selectFrom('deals').selectAll().where((eb) => eb.or([eb('id', '=', ref), eb('external_id', '=', ref)])).orderBy('source').orderBy('id'));

export const callForLink = (store: Store, callId: string): { id: string; title: string; customer: string | null; deal_id: string | null; ended_at: number | null } | undefined =>
  first(store, store.db.selectFrom('calls').select(['id', 'title', 'customer', 'deal_id', 'ended_at']).where('id', '=', callId));

export const getDeal = (store: Store, id: string): DealRow | undefined => first(store, store.db.selectFrom('deals').selectAll().where('id', '=', id));

/** Links a call to a deal (or unlinks it with null); returns whether the call exists. */
export const setCallDeal = (store: Store, callId: string, dealId: string | null): boolean => run(store, store.db.updateTable('calls').set({ deal_id: dealId }).where('id', '=', callId)) > 0;

/** The calls linked to a deal, newest first. */
export const callsOfDeal = (store: Store, dealId: string): { id: string; title: string; started_at: number }[] =>
  all(store, store.db.selectFrom('calls').select(['id', 'title', 'started_at']).where('deal_id', '=', dealId).orderBy('started_at', 'desc'));

/** A call linked to a deal as the forecaster reads it: when, the customer's mean sentiment, what was detected. */
export type DealCallFacts = { started_at: number; sentiment_avg: number | null; competitors: string[]; objections: number };

/** Every linked call of every deal, with its competitor mentions and objection count, by deal row id. */
export function callFactsByDeal(store: Store): Map<string, DealCallFacts[]> {
  const calls = all(store, store.db.selectFrom('calls').select(['id', 'deal_id', 'started_at', 'sentiment_avg']).where('deal_id', 'is not', null));
  const out = new Map<string, DealCallFacts[]>();
  if (calls.length === 0) return out;
  const det = all(store, store.db.selectFrom('detections').innerJoin('calls', 'calls.id', 'detections.call_id').select(['detections.call_id', 'detections.kind', 'detections.value']).where('calls.deal_id', 'is not', null));
  const byCall = new Map<string, { competitors: string[]; objections: number }>();
  for (const d of det) {
    const e = byCall.get(d.call_id) ?? { competitors: [], objections: 0 };
    if (d.kind === 'competitor') e.competitors.push(d.value);
    else e.objections++;
    byCall.set(d.call_id, e);
  }
  for (const c of calls) {
    const e = byCall.get(c.id);
    const list = out.get(c.deal_id!) ?? [];
    list.push({ started_at: c.started_at, sentiment_avg: c.sentiment_avg, competitors: e?.competitors ?? [], objections: e?.objections ?? 0 });
    out.set(c.deal_id!, list);
  }
  return out;
}
