/**
 * Generated deals whose outcome truly depends on some of the fields known while they are
 * open: the owner and the product carry the signal (and the account's sector a little); the
 * account, region, month and size are noise. Each deal carries its true probability, so the
 * best any model can do (the Bayes AUC: the true probabilities' AUC on the same outcomes) is
 * known. Deterministic for a seed. Seeds 1-99 are for looking at and tuning; the tests score
 * seeds from 1001 up, never used while building the forecaster.
 */
import type { OpenDeal } from './features';
import type { DealRow } from '../store/deals';
import type { Labeled } from './forecast';
import { seededRandom } from '../../../src-shared/seeded-random';

export type SyntheticDeal = Labeled & { trueProbability: number };

export const SIGNAL_FIELDS = ['owner', 'product'] as const;

/**
 * `calls`: each deal also gets linked calls (one to three); a competitor named on them lowers
 * its chance (logit −1.2), objections and sentiment are noise.
 */
export function generateDeals(seed: number, n = 4000, o: { signal?: number; calls?: boolean } = {}): SyntheticDeal[] {
  const r = seededRandom(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const signal = o.signal ?? 1;
  const owners = Array.from({ length: 12 }, (_, i) => ({ name: `Agent ${String.fromCharCode(65 + i)}`, effect: normal() * 0.9 * signal, region: ['North', 'South', 'East'][i % 3]!, manager: `Manager ${i % 4}` }));
  const products = Array.from({ length: 6 }, (_, i) => ({ name: `Product ${i + 1}`, effect: normal() * 0.8 * signal, series: i < 3 ? 'A' : 'B', price: [500, 1200, 3000, 5500, 9000, 25000][i]! }));
  const sectors = ['retail', 'software', 'finance', 'health', 'industry'].map((name) => ({ name, effect: normal() * 0.3 * signal }));
  const accounts = Array.from({ length: 60 }, (_, i) => ({ name: `Account ${i + 1}`, sector: sectors[i % sectors.length]!, employees: Math.round(50 + r() * 9000) }));
  const start = Date.UTC(2023, 0, 1);
  const out: SyntheticDeal[] = [];
  for (let i = 0; i < n; i++) {
    const owner = owners[Math.floor(r() * owners.length)]!;
    const product = products[Math.floor(r() * products.length)]!;
    const account = accounts[Math.floor(r() * accounts.length)]!;
    const engage = new Date(start + Math.floor(r() * 730) * 86_400_000).toISOString().slice(0, 10);
    const calls = o.calls ? { count: 1 + Math.floor(r() * 3), competitors: r() < 0.3 ? ['hubspot'] : [], objections: Math.floor(r() * 4), sentiment: r() * 2 - 1 } : null;
    const z = 0.3 + owner.effect + product.effect + account.sector.effect + (calls && calls.competitors.length > 0 ? -1.2 * signal : 0);
    const p = 1 / (1 + Math.exp(-z));
    const won = r() < p;
    const deal: OpenDeal = {
      id: `SYN${seed}-${String(i).padStart(5, '0')}`,
      owner: owner.name,
      product: product.name,
      account: account.name,
      amount: product.price,
      currency: 'USD',
      engageDate: engage,
      sector: account.sector.name,
      employees: account.employees,
      series: product.series,
      region: owner.region,
      manager: owner.manager,
      calls,
    };
    out.push({ deal, won, closeValue: won ? product.price : 0, trueProbability: p });
  }
  return out;
}

/**
 * Generated deals where *when* a deal closes decides the period's revenue (the revenue
 * back-test, pipeline.ts): engaged over two years (2023-2024) at a pace that grows by
 * `growth` (default 60%) over them, each won with the chance 0.6; won deals take a lognormal
 * time to close (median 75 days), lost ones less (median 35), so a long tail of old deals is
 * open at any day and a period's won value is not the win rate × its pipeline. Deals not
 * closed by 2024-12-31 are open. As store rows, in the sample's format. Seeds 1-99 for
 * looking; the tests use seeds from 1001.
 */
export function generateTimedDeals(seed: number, o: { perDay?: number; growth?: number } = {}): DealRow[] {
  const r = seededRandom(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const perDay = o.perDay ?? 6;
  const growth = o.growth ?? 0.6;
  const prices = [550, 1100, 3400, 5500, 26_700];
  const start = Date.UTC(2023, 0, 1);
  const end = '2024-12-31';
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const out: DealRow[] = [];
  for (let day = 0; day < 730; day++) {
    const rate = perDay * (1 + (growth * day) / 730);
    // Poisson(rate) by inversion.
    let n = 0;
    let p = Math.exp(-rate);
    let cum = p;
    const u = r();
    while (u > cum) {
      n++;
      p *= rate / n;
      cum += p;
    }
    for (let k = 0; k < n; k++) {
      const won = r() < 0.6;
      const duration = Math.max(1, Math.round(Math.exp(Math.log(won ? 75 : 35) + normal() * (won ? 0.7 : 0.9))));
      const engage = iso(start + day * 86_400_000);
      const close = iso(start + (day + duration) * 86_400_000);
      const closed = close <= end;
      const amount = prices[Math.floor(r() * prices.length)]!;
      const id = `TIM${seed}-${String(out.length).padStart(5, '0')}`;
      out.push({
        id,
        external_id: id,
        source: 'maven',
        name: id,
        account: null,
        product: null,
        owner: null,
        stage: closed ? (won ? 'Won' : 'Lost') : 'Engaging',
        outcome: closed ? (won ? 'won' : 'lost') : 'open',
        amount,
        currency: 'USD',
        engage_date: engage,
        close_date: closed ? close : null,
        close_value: closed ? (won ? Math.round(amount * (0.9 + r() * 0.2)) : 0) : null,
        expected_close: null,
        created_at: 0,
        updated_at: 0,
      });
    }
  }
  return out;
}
