import { describe, expect, it } from 'vitest';
import { callsBefore, encode, encoder, FEATURES } from './features';
import { reasonText, scoreDeal, trainForecast } from './forecast';
import { auc } from './model';
import { generateDeals } from './synthetic';
import { importDeals } from './import';
import { closedExamples, knownCalls } from './service';
import { callFactsByDeal, findDeals, setCallDeal } from '../store/deals';
import { seedCall } from '../calls/seed-calls';
import { enCall } from '../calls/sample-calls';
import { freshStores } from '../../../test/stores';
import { repoRoot } from '../../../test/helpers';
import path from 'node:path';

const fresh = freshStores();

describe('features from a deal\'s linked calls', () => {
  it('only the calls held while the deal was open count; none linked is no feature at all', () => {
    const facts = [
      { started_at: Date.UTC(2025, 0, 10), sentiment_avg: -0.5, competitors: ['gong'], objections: 2 },
      { started_at: Date.UTC(2025, 1, 10), sentiment_avg: 0.6, competitors: [], objections: 0 },
      { started_at: Date.UTC(2025, 3, 10), sentiment_avg: 0.9, competitors: ['hubspot'], objections: 5 },
    ];
    expect(callsBefore(facts, Date.UTC(2025, 2, 1))).toEqual({ count: 2, competitors: ['gong'], objections: 2, sentiment: 0.6 });
    expect(callsBefore(facts)).toEqual({ count: 3, competitors: ['gong', 'hubspot'], objections: 7, sentiment: 0.9 });
    expect(callsBefore(facts, Date.UTC(2024, 11, 1))).toBeNull();
    expect(callsBefore(undefined)).toBeNull();
    const none = { id: 'x', owner: null, product: null, account: null, amount: null, currency: null, engageDate: null, sector: null, employees: null, series: null, region: null, manager: null, calls: null };
    for (const f of ['callCount', 'competitor', 'objections', 'sentiment'] as const) expect(FEATURES[f](none)).toBeNull();
    expect(encode(encoder([none, none, none]), none).idx).toEqual([]);
  });

  it('a call after a deal closed is not known to it (the outcome was known by then)', () => {
    const store = fresh();
    importDeals(store, path.join(repoRoot, 'test/fixtures/crm/exports/hubspot-en.csv'));
    // 9845120331 closed won on 2025-03-28: one call before, one after.
    const deal = findDeals(store, '9845120331')[0]!;
    const before = seedCall(store, enCall({ startedAt: Date.UTC(2025, 2, 1, 15) }));
    const after = seedCall(store, enCall({ startedAt: Date.UTC(2025, 3, 2, 15) }));
    setCallDeal(store, before, deal.id);
    setCallDeal(store, after, deal.id);
    const facts = callFactsByDeal(store);
    expect(facts.get(deal.id)).toHaveLength(2);
    expect(knownCalls(deal, facts)!.count).toBe(1);
    expect(closedExamples(store).find((e) => e.deal.id === '9845120331')!.deal.calls!.count).toBe(1);
  });

  it('learns a competitor named on the calls (generated deals, seed 1011): AUC within 0.03 of the optimum, the reason says so', () => {
    const deals = generateDeals(1011, 4000, { calls: true });
    const { model, card } = trainForecast(deals);
    const test = [...deals].sort((a, b) => (a.deal.engageDate ?? '').localeCompare(b.deal.engageDate ?? '') || a.deal.id.localeCompare(b.deal.id)).slice(card.backtest.trainDeals);
    const bayes = auc(test.map((d) => d.trueProbability), test.map((d) => (d.won ? 1 : 0)));
    expect(card.informative).toBe(true);
    expect(Math.abs(card.backtest.auc - bayes)).toBeLessThanOrEqual(0.03);
    const withCompetitor = test.find((d) => d.deal.calls!.competitors.length > 0)!;
    const s = scoreDeal(model, withCompetitor.deal, 'pt', 10);
    const c = s.contributions.find((x) => x.feature === 'competitor')!;
    expect(c).toMatchObject({ value: 'yes', detail: 'hubspot' });
    expect(c.points).toBeLessThan(-5);
    expect(reasonText(c, 'pt')).toMatch(/^Concorrente mencionado nas ligações: sim \(hubspot\) reduz a chance \(−\d+ p\.p\.\)$/);
    expect(reasonText(c, 'en')).toMatch(/^Competitor mentioned on its calls: yes \(hubspot\) lowers the chance \(−\d+ pts\)$/);
  }, 60_000);
});
