/**
 * What the forecaster may know about a deal: only what is known while it is open. `openView`
 * copies the allowed fields of a stored deal (and its account, product and owner) by name, so
 * an outcome field cannot reach a feature by accident; `FORBIDDEN` names what never may
 * (what it closed at, when, its stage — "Won"/"Lost" once closed — and anything derived from
 * the close date, such as its duration), and `encoder` refuses a feature named after one.
 */
import type { AccountRow, DealCallFacts, DealRow, OwnerRow, ProductRow } from '../store/deals';
import type { SparseRow } from './model';

/** A deal as the forecaster sees it. */
export type OpenDeal = {
  /** The deal's id in the CRM file (opportunity_id, Record ID…), for the score's output. */
  id: string;
  owner: string | null;
  product: string | null;
  account: string | null;
  amount: number | null;
  currency: string | null;
  engageDate: string | null;
  sector: string | null;
  employees: number | null;
  series: string | null;
  region: string | null;
  manager: string | null;
  /**
   * What its linked calls showed, counting only the calls held while it was open (before its
   * close date): a call after the outcome is not known while the deal is open. Null: none linked.
   * How long since the last call is left out: for a closed deal it would be the silence before
   * the CRM was told the outcome (lost deals go quiet first), a leak.
   */
  calls: { count: number; competitors: string[]; objections: number; sentiment: number | null } | null;
};

/** Fields known only once a deal has closed: never features (tests prove blanking them changes no score). */
export const FORBIDDEN = ['outcome', 'stage', 'close_date', 'close_value', 'closeDate', 'closeValue', 'duration', 'expected_close', 'won', 'lost'] as const;

export type Catalogue = { accounts: Map<string, AccountRow>; products: Map<string, ProductRow>; owners: Map<string, OwnerRow> };

export const catalogue = (accounts: AccountRow[], products: ProductRow[], owners: OwnerRow[]): Catalogue => ({
  accounts: new Map(accounts.map((a) => [a.name, a])),
  products: new Map(products.map((p) => [p.name, p])),
  owners: new Map(owners.map((o) => [o.name, o])),
});

/** The calls held before `before` (ms; undefined: all), summed: count, competitors named, objections, the latest call's sentiment. */
export function callsBefore(facts: DealCallFacts[] | undefined, before?: number): OpenDeal['calls'] {
  const held = (facts ?? []).filter((f) => before === undefined || f.started_at < before).sort((a, b) => a.started_at - b.started_at);
  if (held.length === 0) return null;
  return { count: held.length, competitors: [...new Set(held.flatMap((f) => f.competitors))].sort(), objections: held.reduce((a, f) => a + f.objections, 0), sentiment: held.at(-1)!.sentiment_avg };
}

/** The allowed fields of a deal, copied one by one (never a spread of the row). */
export function openView(d: Pick<DealRow, 'external_id' | 'id' | 'owner' | 'product' | 'account' | 'amount' | 'currency' | 'engage_date'>, c: Catalogue, calls: OpenDeal['calls'] = null): OpenDeal {
  const account = d.account ? c.accounts.get(d.account) : undefined;
  const product = d.product ? c.products.get(d.product) : undefined;
  const owner = d.owner ? c.owners.get(d.owner) : undefined;
  return {
    id: d.external_id ?? d.id,
    owner: d.owner,
    product: d.product,
    account: d.account,
    amount: d.amount,
    currency: d.currency,
    engageDate: d.engage_date,
    sector: account?.sector ?? null,
    employees: account?.employees ?? null,
    series: product?.series ?? null,
    region: owner?.regional_office ?? null,
    manager: owner?.manager ?? null,
    calls,
  };
}

/** The categorical features and how each reads off an OpenDeal. */
export const FEATURES = {
  owner: (d: OpenDeal) => d.owner,
  product: (d: OpenDeal) => d.product,
  series: (d: OpenDeal) => d.series,
  account: (d: OpenDeal) => d.account,
  sector: (d: OpenDeal) => d.sector,
  region: (d: OpenDeal) => d.region,
  manager: (d: OpenDeal) => d.manager,
  month: (d: OpenDeal) => (d.engageDate ? String(Number(d.engageDate.slice(5, 7))) : null),
  size: (d: OpenDeal) => (d.employees === null ? null : d.employees < 500 ? 'small' : d.employees < 2000 ? 'medium' : d.employees < 5000 ? 'large' : 'enterprise'),
  amount: (d: OpenDeal) => (d.amount === null ? null : d.amount < 1000 ? 'under 1k' : d.amount < 5000 ? '1k-5k' : d.amount < 20000 ? '5k-20k' : '20k+'),
  // From the linked calls (null for a deal with none: no column, the intercept speaks for it).
  callCount: (d: OpenDeal) => (d.calls === null ? null : d.calls.count === 1 ? '1' : '2+'),
  competitor: (d: OpenDeal) => (d.calls === null ? null : d.calls.competitors.length > 0 ? 'yes' : 'no'),
  objections: (d: OpenDeal) => (d.calls === null ? null : d.calls.objections === 0 ? '0' : d.calls.objections <= 2 ? '1-2' : '3+'),
  sentiment: (d: OpenDeal) => (d.calls === null || d.calls.sentiment === null ? null : d.calls.sentiment < -0.2 ? 'negative' : d.calls.sentiment > 0.2 ? 'positive' : 'neutral'),
} as const;
export type FeatureName = keyof typeof FEATURES;
export const FEATURE_NAMES = Object.keys(FEATURES) as FeatureName[];

export type Encoder = { features: FeatureName[]; index: Record<string, number>; names: { feature: FeatureName; value: string }[] };

/** One-hot columns for every (feature, value) seen at least `minCount` times in the training deals. */
export function encoder(deals: OpenDeal[], features: FeatureName[] = FEATURE_NAMES, minCount = 3): Encoder {
  for (const f of features) if ((FORBIDDEN as readonly string[]).includes(f)) throw new Error(`${f} is known only once a deal closes: it cannot be a forecast feature`);
  const counts = new Map<string, number>();
  for (const d of deals) for (const f of features) {
    const v = FEATURES[f](d);
    if (v !== null && v !== '') counts.set(`${f}=${v}`, (counts.get(`${f}=${v}`) ?? 0) + 1);
  }
  const index: Record<string, number> = {};
  const names: Encoder['names'] = [];
  for (const [key, n] of [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (n < minCount) continue;
    index[key] = names.length;
    const at = key.indexOf('=');
    names.push({ feature: key.slice(0, at) as FeatureName, value: key.slice(at + 1) });
  }
  return { features, index, names };
}

export function encode(e: Encoder, d: OpenDeal): SparseRow {
  const idx: number[] = [];
  for (const f of e.features) {
    const v = FEATURES[f](d);
    const i = v === null ? undefined : e.index[`${f}=${v}`];
    if (i !== undefined) idx.push(i);
  }
  return { idx, val: idx.map(() => 1) };
}
