/**
 * Deal forecasts up to the sync server (issue 15, point 5): after a training, one `forecast`
 * upsert per open deal (its win probability, amount and expected value, the model that made
 * it: `lr-l2`, or `win-rate` when the model was no better than the win rate), superseding the
 * deal's forecast still queued. The deal name and stage are redacted at push (engine.ts). With
 * each: the amount's currency (ISO 4217; none when the CRM gave none or a code that is not
 * one), whether the deal is stalled (pipeline health's rule), the probability the model trained
 * before this one gives it (the manager's drift), and the model's card. Not yet: deleting the
 * forecast of a deal that has since closed.
 */
import { CurrencyCode, MAX_AMOUNT, type ForecastPayload } from '../../../src-shared/sync-protocol';
import type { Store } from '../store/db';
import { callFactsByDeal, latestForecastModel, listDeals, previousForecastModel } from '../store/deals';
import { transaction } from '../store/query';
import { driftCheck, knownCalls, latestModel, loadCatalogue, scoreOpenDeals } from '../deals/service';
import { openView } from '../deals/features';
import { scoreDeal, type ForecastModel, type ModelCard } from '../deals/forecast';
import { pipelineHealth } from '../deals/pipeline';
import { enqueueSyncOp } from './outbox';

export type ForecastToSync = {
  dealId: string; dealName: string; stage: string; amount: number | null; probability: number; expectedValue: number | null; expectedClose: string | null; informative: boolean;
  currency?: string | null; stalled?: boolean; previousProbability?: number | null; modelCard?: ForecastPayload['modelCard'];
};

/** The CRM's currency as ISO 4217 (`brl` → `BRL`), or null when it is not a code. */
export const isoCurrency = (c: string | null | undefined): string | null => {
  const code = c?.trim().toUpperCase();
  return code && CurrencyCode.safeParse(code).success ? code : null;
};
const unit = (v: number) => Math.min(1, Math.max(0, v));
/** What the manager's view shows of a model card (the protocol bounds each figure). */
export const cardSummary = (card: ModelCard, trainedAt: number, drift?: boolean): NonNullable<ForecastPayload['modelCard']> => ({
  trainedAt, deals: Math.min(card.deals, 10_000_000), auc: unit(card.backtest.auc), brier: unit(card.backtest.brier), baseRateBrier: unit(card.backtest.baseRateBrier), baseRate: unit(card.baseRate), informative: card.informative,
  ...(drift === undefined ? {} : { drift }),
});

const money = (v: number | null): number | null => (v === null || !Number.isFinite(v) || v < 0 ? null : Math.min(v, MAX_AMOUNT));

/** Queues the forecasts in one transaction; returns how many. */
export function enqueueForecasts(store: Store, items: ForecastToSync[], now = Date.now()): number {
  transaction(store, () => {
    for (const f of items) {
      enqueueSyncOp(store, {
        entity: 'forecast',
        entityId: f.dealId,
        op: 'upsert',
        payload: { forecastId: f.dealId, dealId: f.dealId, dealName: f.dealName.slice(0, 300), stage: f.stage.slice(0, 50), amount: money(f.amount), winProbability: f.probability, expectedValue: money(f.expectedValue), closeDate: f.expectedClose, model: f.informative ? 'lr-l2' : 'win-rate', createdAt: now,
          currency: isoCurrency(f.currency), ...(f.stalled === undefined ? {} : { stalled: f.stalled }), ...(f.previousProbability === undefined ? {} : { previousProbability: f.previousProbability === null ? null : unit(f.previousProbability) }), ...(f.modelCard ? { modelCard: f.modelCard } : {}) },
      });
    }
  });
  return items.length;
}

/** Scores the store's open deals with the newest model and queues their forecasts; returns how many. */
export function queueDealForecasts(store: Store, now = Date.now()): number {
  const deals = listDeals(store);
  const open = deals.filter((d) => d.outcome === 'open');
  const byCrmId = new Map(open.map((d) => [d.external_id ?? d.id, d]));
  const { id, model, card } = latestModel(store);
  const c = loadCatalogue(store);
  const facts = callFactsByDeal(store);
  const stalled = new Set(pipelineHealth(deals, c, model, { asOf: new Date(now).toISOString().slice(0, 10), calls: facts }).stalled.deals.map((d) => d.id));
  // The model trained before this one: each deal's chance then, for the manager's drift.
  const before = previousForecastModel(store, id);
  const previous = before ? (JSON.parse(before.model) as ForecastModel) : null;
  const modelCard = cardSummary(card, Number(latestForecastModel(store)?.trained_at ?? now), driftCheck(store)?.drift);
  const items: ForecastToSync[] = [];
  for (const s of scoreOpenDeals(store)) {
    const d = byCrmId.get(s.id);
    if (!d) continue;
    const previousProbability = previous ? scoreDeal(previous, openView(d, c, knownCalls(d, facts))).probability : null;
    items.push({ dealId: d.id, dealName: d.name, stage: d.stage, amount: d.amount, probability: s.probability, expectedValue: s.expectedValue, expectedClose: d.expected_close, informative: s.informative, currency: d.currency, stalled: stalled.has(s.id), previousProbability, modelCard });
  }
  return enqueueForecasts(store, items, now);
}
