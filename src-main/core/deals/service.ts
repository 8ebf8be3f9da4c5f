/**
 * The forecaster over the local store: training examples from the closed deals, the newest
 * trained model, scores for the open deals (stored, or read from a CRM file without importing
 * it). What the CLI and (later) the API call.
 */
import { randomUUID } from 'node:crypto';
import { CoreError } from '../../../src-shared/errors';
import type { Store } from '../store/db';
import { callFactsByDeal, type DealCallFacts, type DealRow, insertForecastModel, latestForecastModel, listAccounts, listDeals, listOwners, listProducts } from '../store/deals';
import { transaction } from '../store/query';
import { callsBefore, type Catalogue, catalogue, openView } from './features';
import { type ForecastModel, type Labeled, type Language, type ModelCard, type Score, scoreDeal, trainForecast } from './forecast';
import { parseDealsFile } from './import';
import type { Format } from './formats';

export const loadCatalogue = (store: Store): Catalogue => catalogue(listAccounts(store), listProducts(store), listOwners(store));

/** The calls of a deal it may know: all for an open deal; for a closed one, those held before its close date (or `before`, ms, when earlier). */
export const knownCalls = (d: DealRow, facts: Map<string, DealCallFacts[]>, before?: number) => {
  const close = d.outcome !== 'open' && d.close_date ? Date.parse(d.close_date) : undefined;
  const limit = close === undefined ? before : before === undefined ? close : Math.min(close, before);
  return callsBefore(facts.get(d.id), limit);
};

/** A closed deal row as a training example: its open view (with the calls held while it was open), whether it was won, what it closed at. */
export const labeled = (d: DealRow, c: Catalogue, facts: Map<string, DealCallFacts[]> = new Map()): Labeled => ({ deal: openView(d, c, knownCalls(d, facts)), won: d.outcome === 'won', closeValue: d.close_value, closeDate: d.close_date });

export function closedExamples(store: Store, c = loadCatalogue(store)): Labeled[] {
  const facts = callFactsByDeal(store);
  return [...listDeals(store, { outcome: 'won' }), ...listDeals(store, { outcome: 'lost' })].map((d) => labeled(d, c, facts));
}

/** Trains on every closed deal in the store and keeps the model and its card (one row). */
export function trainAndSave(store: Store, o: { now?: number; bootstraps?: number } = {}): { id: string; card: ModelCard } {
  const examples = closedExamples(store);
  if (examples.length < 30) throw new CoreError('bad_request', `a forecast needs at least 30 closed (won or lost) deals; the store has ${examples.length}: import a CRM export first (salesedge deals import FILE)`);
  const now = o.now ?? Date.now();
  const { model, card } = trainForecast(examples, { now: new Date(now), bootstraps: o.bootstraps });
  const id = randomUUID();
  transaction(store, () => insertForecastModel(store, { id, trained_at: now, informative: card.informative ? 1 : 0, deals: card.deals, model: JSON.stringify(model), card: JSON.stringify(card) }));
  return { id, card };
}

export function latestModel(store: Store): { id: string; model: ForecastModel; card: ModelCard } {
  const row = latestForecastModel(store);
  if (!row) throw new CoreError('bad_request', 'no forecast model yet: run salesedge forecast train first');
  return { id: row.id, model: JSON.parse(row.model) as ForecastModel, card: JSON.parse(row.card) as ModelCard };
}

/** Scores the store's open deals, or the open deals of a CRM file (read, not imported; its accounts/products/owners as the file gives them, else the store's). */
export function scoreOpenDeals(store: Store, o: { lang?: Language; file?: string; format?: Format } = {}): (Score & { expectedValue: number | null; currency: string | null })[] {
  const { model } = latestModel(store);
  let deals: DealRow[];
  let c = loadCatalogue(store);
  if (o.file) {
    const parsed = parseDealsFile(o.file, o.format);
    const fromFile = catalogue(
      parsed.accounts.map((a) => ({ sector: null, year_established: null, revenue: null, employees: null, office_location: null, subsidiary_of: null, ...a, updated_at: 0 })),
      parsed.products.map((p) => ({ series: null, sales_price: null, ...p, updated_at: 0 })),
      parsed.owners.map((w) => ({ manager: null, regional_office: null, ...w, updated_at: 0 })),
    );
    // The file's side data (the sample's accounts.csv…) where it says more than a bare name; else the store's.
    const overlay = <T extends { name: string }>(base: Map<string, T>, extra: Map<string, T>, says: (v: T) => boolean): Map<string, T> => {
      const out = new Map(base);
      for (const [k, v] of extra) if (!out.has(k) || says(v)) out.set(k, v);
      return out;
    };
    c = {
      accounts: overlay(c.accounts, fromFile.accounts, (a) => a.sector !== null || a.employees !== null),
      products: overlay(c.products, fromFile.products, (p) => p.series !== null),
      owners: overlay(c.owners, fromFile.owners, (w) => w.regional_office !== null || w.manager !== null),
    };
    deals = parsed.deals.filter((d) => d.outcome === 'open').map((d, i) => ({ id: `file-${i}`, name: d.name ?? d.external_id, account: d.account ?? null, product: d.product ?? null, stage: d.stage ?? 'open', amount: d.amount ?? null, engage_date: d.engage_date ?? null, close_date: null, owner: d.owner ?? null, created_at: 0, updated_at: 0, source: d.source, external_id: d.external_id, outcome: 'open', currency: d.currency ?? null, close_value: null, expected_close: d.expected_close ?? null }));
  } else deals = listDeals(store, { outcome: 'open' });
  const facts = o.file ? new Map<string, DealCallFacts[]>() : callFactsByDeal(store);
  return deals.map((d) => {
    const s = scoreDeal(model, openView(d, c, knownCalls(d, facts)), o.lang ?? 'en');
    return { ...s, expectedValue: d.amount === null ? null : Math.round(s.probability * d.amount * model.valueRatio * 100) / 100, currency: d.currency };
  });
}

export type Drift = { since: string; deals: number; predicted: number; observed: number; low: number; high: number; drift: boolean };

/**
 * Do the outcomes that came in after the newest model was trained agree with it? The deals
 * closed after its last training outcome: their mean predicted chance against their observed
 * win rate; drift when the observed rate falls outside the 95% range chance allows around the
 * prediction (normal approximation). Null before 20 such deals, or with no model.
 */
export function driftCheck(store: Store, minDeals = 20): Drift | null {
  const row = latestForecastModel(store);
  if (!row) return null;
  const { model, card } = { model: JSON.parse(row.model) as ForecastModel, card: JSON.parse(row.card) as ModelCard };
  if (!card.trainedThrough) return null;
  const c = loadCatalogue(store);
  const fresh = [...listDeals(store, { outcome: 'won' }), ...listDeals(store, { outcome: 'lost' })].filter((d) => d.close_date && d.close_date > card.trainedThrough!);
  if (fresh.length < minDeals) return null;
  const facts = callFactsByDeal(store);
  const ps = fresh.map((d) => scoreDeal(model, openView(d, c, knownCalls(d, facts))).probability);
  const predicted = ps.reduce((a, p) => a + p, 0) / ps.length;
  const observed = fresh.filter((d) => d.outcome === 'won').length / fresh.length;
  const sd = Math.sqrt(ps.reduce((a, p) => a + p * (1 - p), 0)) / ps.length;
  const low = Math.max(0, predicted - 1.96 * sd);
  const high = Math.min(1, predicted + 1.96 * sd);
  const r = (v: number) => Math.round(v * 10_000) / 10_000;
  return { since: card.trainedThrough, deals: fresh.length, predicted: r(predicted), observed: r(observed), low: r(low), high: r(high), drift: observed < low || observed > high };
}
