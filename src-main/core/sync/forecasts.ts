/**
 * Deal forecasts up to the sync server (issue 15, point 5): after a training, one `forecast`
 * upsert per open deal (its win probability, amount and expected value, the model that made
 * it: `lr-l2`, or `win-rate` when the model was no better than the win rate), superseding the
 * deal's forecast still queued. The deal name and stage are redacted at push (engine.ts). Not
 * yet: deleting the forecast of a deal that has since closed; the amount's currency (the wire
 * payload has none).
 */
import { MAX_AMOUNT } from '../../../src-shared/sync-protocol';
import type { Store } from '../store/db';
import { listDeals } from '../store/deals';
import { transaction } from '../store/query';
import { scoreOpenDeals } from '../deals/service';
import { enqueueSyncOp } from './outbox';

export type ForecastToSync = { dealId: string; dealName: string; stage: string; amount: number | null; probability: number; expectedValue: number | null; expectedClose: string | null; informative: boolean };

const money = (v: number | null): number | null => (v === null || !Number.isFinite(v) || v < 0 ? null : Math.min(v, MAX_AMOUNT));

/** Queues the forecasts in one transaction; returns how many. */
export function enqueueForecasts(store: Store, items: ForecastToSync[], now = Date.now()): number {
  transaction(store, () => {
    for (const f of items) {
      enqueueSyncOp(store, {
        entity: 'forecast',
        entityId: f.dealId,
        op: 'upsert',
        payload: { forecastId: f.dealId, dealId: f.dealId, dealName: f.dealName.slice(0, 300), stage: f.stage.slice(0, 50), amount: money(f.amount), winProbability: f.probability, expectedValue: money(f.expectedValue), closeDate: f.expectedClose, model: f.informative ? 'lr-l2' : 'win-rate', createdAt: now },
      });
    }
  });
  return items.length;
}

/** Scores the store's open deals with the newest model and queues their forecasts; returns how many. */
export function queueDealForecasts(store: Store, now = Date.now()): number {
  const byCrmId = new Map(listDeals(store, { outcome: 'open' }).map((d) => [d.external_id ?? d.id, d]));
  const items: ForecastToSync[] = [];
  for (const s of scoreOpenDeals(store)) {
    const d = byCrmId.get(s.id);
    if (!d) continue;
    items.push({ dealId: d.id, dealName: d.name, stage: d.stage, amount: d.amount, probability: s.probability, expectedValue: s.expectedValue, expectedClose: d.expected_close, informative: s.informative });
  }
  return enqueueForecasts(store, items, now);
}
