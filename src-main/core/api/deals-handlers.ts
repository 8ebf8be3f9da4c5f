import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Handlers } from './dispatch';
import { importDeals } from '../deals/import';
import { importWithMapping, inspectDealsFile, previewDealsFile } from '../deals/mapping';
import { pipelineHealth } from '../deals/pipeline';
import { driftCheck, latestModel, loadCatalogue, scoreOpenDeals, trainAndSave } from '../deals/service';
import { callFactsByDeal, callForLink, callsOfDeal, latestForecastModel, listDeals } from '../store/deals';
import type { ModelCard } from '../deals/forecast';
import { queueDealForecasts } from '../sync/forecasts';
import { linkCall, matchDeals, unlinkCall } from '../deals/link';
import { followUpOnCallEnd } from '../calls/follow-up-tasks';
import { CoreError } from '../../../src-shared/errors';

/** The page sends a file's text; it is read from a private temp copy with the same name, removed after. */
function withExportFile<T>(p: { fileName: string; content: string }, fn: (file: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesedge-deals-'));
  try {
    const file = path.join(dir, path.basename(p.fileName));
    fs.writeFileSync(file, p.content, { mode: 0o600 });
    return fn(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const modelView = (trainedAt: number, card: ModelCard) => ({ trainedAt, deals: card.deals, informative: card.informative, baseRate: card.baseRate, auc: card.backtest.auc, brier: card.backtest.brier, baseRateBrier: card.backtest.baseRateBrier });

export const dealsHandlers = {
  'deals.overview': (p, core) => {
    const store = core.store;
    const deals = listDeals(store);
    const open = deals.filter((d) => d.outcome === 'open');
    const row = latestForecastModel(store);
    const scores = row ? new Map(scoreOpenDeals(store, { lang: p.language }).map((s) => [s.id, s])) : new Map();
    const health = row ? pipelineHealth(deals, loadCatalogue(store), latestModel(store).model, { asOf: new Date().toISOString().slice(0, 10), calls: callFactsByDeal(store) }) : null;
    const stalled = new Set(health?.stalled.deals.map((d) => d.id) ?? []);
    return {
      open: open.map((d) => {
        const s = scores.get(d.external_id ?? d.id);
        return {
          id: d.id,
          crmId: d.external_id,
          source: d.source,
          name: d.name,
          account: d.account,
          owner: d.owner,
          stage: d.stage,
          amount: d.amount,
          currency: d.currency,
          engageDate: d.engage_date,
          expectedClose: d.expected_close,
          probability: s?.probability ?? null,
          low: s?.low ?? null,
          high: s?.high ?? null,
          reasons: s?.reasons ?? [],
          stalled: stalled.has(d.external_id ?? d.id),
          calls: callsOfDeal(store, d.id).map((c) => ({ id: c.id, title: c.title, startedAt: c.started_at })),
        };
      }),
      won: deals.filter((d) => d.outcome === 'won').length,
      lost: deals.filter((d) => d.outcome === 'lost').length,
      currencies: [...new Set(open.map((d) => d.currency).filter((c): c is string => !!c))].sort(),
      model: row ? modelView(row.trained_at, JSON.parse(row.card) as ModelCard) : null,
      drift: (() => {
        const d = driftCheck(store);
        return d && { since: d.since, deals: d.deals, predicted: d.predicted, observed: d.observed, drift: d.drift };
      })(),
      health: health && { byQuarter: health.expected.byQuarter, byMonth: health.expected.byMonth, pace: health.expected.pace, notEngaged: health.expected.notEngaged, stalledDays: health.stalled.days, stalledShare: health.stalled.share, winRateByProduct: health.winRate.byProduct.slice(0, 10) },
    };
  },
  'deals.import': (p, core) =>
    withExportFile(p, (file) => {
      const r = p.mapping ? importWithMapping(core.store, file, p.fileName, p.mapping) : importDeals(core.store, file, { format: p.format });
      return { format: r.format, deals: r.deals, inserted: r.inserted, updated: r.updated, open: r.open, won: r.won, lost: r.lost };
    }),
  'deals.inspectImport': (p, core) => withExportFile(p, (file) => inspectDealsFile(core.store, file)),
  'deals.previewImport': (p) =>
    withExportFile(p, (file) => {
      try {
        return { ...previewDealsFile(file, p.mapping), error: null };
      } catch (err) {
        if (err instanceof CoreError && err.code === 'bad_request') return { deals: 0, rows: [], error: err.message };
        throw err;
      }
    }),
  'deals.train': (_p, core) => {
    const now = Date.now();
    const { card } = trainAndSave(core.store, { now });
    queueDealForecasts(core.store, now);
    return modelView(now, card);
  },
  'deals.forCall': (p, core) => {
    const call = callForLink(core.store, p.callId);
    if (!call) throw new CoreError('not_found', `no call ${p.callId}`);
    const matched = new Set(matchDeals(core.store, p.callId).map((d) => d.id));
    const open = listDeals(core.store, { outcome: 'open' });
    // The linked deal stays listed even when it has closed since.
    const linked = call.deal_id ? listDeals(core.store).find((d) => d.id === call.deal_id) : undefined;
    const all = linked && !open.some((d) => d.id === linked.id) ? [linked, ...open] : open;
    const deals = all.map((d) => ({ id: d.id, crmId: d.external_id, name: d.name, account: d.account, match: matched.has(d.id) }));
    deals.sort((a, b) => Number(b.match) - Number(a.match) || a.name.localeCompare(b.name));
    return { linked: call.deal_id, deals };
  },
  'deals.link': async (p, core) => {
    if (p.dealId === null) {
      unlinkCall(core.store, p.callId);
      return { dealId: null, name: null, taskId: null };
    }
    const d = linkCall(core.store, p.callId, p.dealId);
    // An ended call linked now gets its follow-up task (and its push), as at call end and as `deals link` does.
    const task = await followUpOnCallEnd(core, p.callId, core.tasks.connectorFor);
    return { dealId: d.id, name: d.name, taskId: task?.id ?? null };
  },
} satisfies Pick<Handlers, `deals.${string}` & keyof Handlers>;
