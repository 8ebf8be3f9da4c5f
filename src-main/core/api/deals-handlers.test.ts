import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../core';
import { createDispatcher, type Dispatch } from './dispatch';
import { handlers } from './handlers';
import { seedCall } from '../calls/seed-calls';
import { ptCall } from '../calls/sample-calls';
import { linkCall } from '../deals/link';
import { repoRoot } from '../../../test/helpers';
import type { DealsOverview } from '../../../src-shared/ipc/deals';
import { nextBatch } from '../store/outbox';
import { callFactsByDeal, listDeals } from '../store/deals';
import { expectedRevenue } from '../deals/pipeline';
import { latestModel, loadCatalogue } from '../deals/service';
import { ForecastPayload } from '../../../src-shared/sync-protocol';

let core: Core;
let dispatch: Dispatch;
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesedge-deals-api-'));
  core = createCore({ dataDir: dir });
  dispatch = createDispatcher(core, handlers);
});
afterEach(async () => {
  await core.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
const fixture = (f: string) => fs.readFileSync(path.join(repoRoot, 'test/fixtures/crm', f), 'utf8');

describe('deals.* over the contract', () => {
  it('import a file\'s text, overview before and after training (the model\'s honesty, scores, reasons in the language, linked calls)', async () => {
    // The sample's pipeline alone (no side files beside it): amounts are unknown, outcomes are there.
    let res = await dispatch('deals.import', { fileName: 'sales_pipeline.csv', content: fixture('maven/sales_pipeline.csv') });
    expect(res).toMatchObject({ ok: true, result: { format: 'maven', deals: 6711, won: 4238, lost: 2473 } });
    res = await dispatch('deals.import', { fileName: 'salesforce-pt.csv', content: fixture('exports/salesforce-pt.csv') });
    expect(res).toMatchObject({ ok: true, result: { format: 'salesforce', open: 3 } });
    const callId = seedCall(core.store, ptCall({ title: 'Rodovale', customer: 'Transportes Rodovale S.A.' }));
    linkCall(core.store, callId);

    res = await dispatch('deals.overview', { language: 'pt' });
    let o = (res as { result: DealsOverview }).result;
    expect(o).toMatchObject({ won: 4240, lost: 2474, model: null, health: null, currencies: ['BRL'] });
    expect(o.open.map((d) => [d.crmId, d.probability])).toEqual([['0065g00000AbC03', null], ['0065g00000AbC04', null], ['0065g00000AbC05', null]]);

    res = await dispatch('deals.train', {});
    expect(res).toMatchObject({ ok: true, result: { deals: 6714, informative: false } });
    // The three open deals' forecasts are queued for sync.
    const queued = () => nextBatch(core.store, 100).filter((o) => o.entity === 'forecast').map((o) => JSON.parse(o.payload!) as Record<string, unknown>);
    expect(queued()).toHaveLength(3);
    // With the amount's currency, the stall flag, no earlier model yet, and the model's card (issue 15, point 5).
    expect(queued()[0]).toMatchObject({ currency: 'BRL', stalled: expect.any(Boolean), previousProbability: null, model: 'win-rate', modelCard: { deals: 6714, informative: false, auc: expect.any(Number), baseRate: expect.any(Number) } });
    expect(ForecastPayload.safeParse(queued()[0]).success).toBe(true);
    o = ((await dispatch('deals.overview', { language: 'pt' })) as { result: DealsOverview }).result;
    expect(o.model).toMatchObject({ informative: false, deals: 6714 });
    // No outcome has come in since the training: nothing to compare.
    expect(o.drift).toBeNull();
    const rodovale = o.open.find((d) => d.crmId === '0065g00000AbC03')!;
    expect(rodovale).toMatchObject({ probability: o.model!.baseRate, reasons: [expect.stringMatching(/taxa de ganho/)], calls: [{ id: callId, title: 'Rodovale' }] });
    expect(rodovale.low!).toBeLessThan(rodovale.probability!);
    // The page's months and quarters are the close-timing forecast as of today (the method forecast backtest measures), not the CRM's expected close.
    const timed = expectedRevenue(listDeals(core.store), loadCatalogue(core.store), latestModel(core.store).model, { asOf: new Date().toISOString().slice(0, 10), calls: callFactsByDeal(core.store) });
    expect(o.health).toMatchObject({ byQuarter: timed.byQuarter, byMonth: timed.byMonth, pace: timed.pace, notEngaged: timed.notEngaged });
    expect(o.health!.byQuarter).toHaveLength(4);
    expect(o.health!.byMonth).toHaveLength(12);
    const en = ((await dispatch('deals.overview', { language: 'en' })) as { result: DealsOverview }).result;
    expect(en.open[0]!.reasons[0]).toMatch(/no better than the win rate/);
    // Trained again: each deal's forecast carries what the model before gave it.
    expect(await dispatch('deals.train', {})).toMatchObject({ ok: true });
    expect(queued().map((p) => typeof p.previousProbability)).toEqual(['number', 'number', 'number']);
  }, 90_000);

  it('the call detail page picks the deal: matches first, link and unlink, an unknown deal refused in one line', async () => {
    expect(await dispatch('deals.import', { fileName: 'salesforce-pt.csv', content: fixture('exports/salesforce-pt.csv') })).toMatchObject({ ok: true });
    const callId = seedCall(core.store, ptCall({ title: 'Rodovale', customer: 'Transportes Rodovale S.A.' }));
    const res = await dispatch('deals.forCall', { callId });
    if (!res.ok) throw new Error(res.error.message);
    const { linked, deals } = res.result as { linked: string | null; deals: { id: string; crmId: string; match: boolean }[] };
    expect(linked).toBeNull();
    expect(deals).toHaveLength(3);
    expect(deals.map((d) => d.match)).toEqual([true, false, false]);
    expect(deals[0]!.crmId).toBe('0065g00000AbC03');
    const other = deals[1]!;
    expect(await dispatch('deals.link', { callId, dealId: other.id })).toMatchObject({ ok: true, result: { dealId: other.id } });
    expect(await dispatch('deals.forCall', { callId })).toMatchObject({ ok: true, result: { linked: other.id } });
    expect(await dispatch('deals.link', { callId, dealId: null })).toEqual({ ok: true, result: { dealId: null, name: null, taskId: null } });
    expect(await dispatch('deals.forCall', { callId })).toMatchObject({ ok: true, result: { linked: null } });
    expect(await dispatch('deals.link', { callId, dealId: 'nope' })).toMatchObject({ ok: false, error: { code: 'not_found', message: 'no deal nope (salesedge deals list shows them)' } });
  });

  it('a malformed export is refused with the one-line error, nothing imported', async () => {
    const res = await dispatch('deals.import', { fileName: 'bad.csv', content: 'Record ID,Deal Name,Deal Stage,Amount,Create Date\n1,A,Closed won,lots,01/01/2025\n' });
    expect(res).toEqual({ ok: false, error: { code: 'bad_request', message: 'bad.csv: line 2, column "Amount": "lots" is not an amount; nothing was imported' } });
    expect(((await dispatch('deals.overview', { language: 'en' })) as { result: DealsOverview }).result.open).toEqual([]);
  });

  it('the import dialog: inspect an unknown CSV, preview a mapping (the one-line error for a wrong one), import with it, remembered next time', async () => {
    const file = { fileName: 'custom-en.csv', content: fixture('exports/custom-en.csv') };
    const inspected = await dispatch('deals.inspectImport', file);
    expect(inspected).toMatchObject({ ok: true, result: { format: null, importable: false, remembered: false, rows: 5, suggested: { base: 'csv' } } });
    const mapping = { base: 'csv' as const, fields: { id: 'Ref', name: 'Opportunity', stage: 'Pipeline step', amount: 'Deal value', engage: 'Opened on', close: 'Closed on' }, dateOrder: 'mdy' as const, decimalMark: '.' as const, currency: 'USD' };
    expect(await dispatch('deals.previewImport', { ...file, mapping: { ...mapping, fields: { ...mapping.fields, amount: 'Company' } } })).toEqual({
      ok: true,
      result: { deals: 0, rows: [], error: 'custom-en.csv: line 2, column "Company": "Northwind Logistics" is not an amount; nothing was imported' },
    });
    expect(await dispatch('deals.previewImport', { ...file, mapping })).toMatchObject({ ok: true, result: { deals: 5, error: null, rows: [{ id: 'Q-2001', outcome: 'won', amount: 24500, engageDate: '2025-01-15' }, {}, {}, {}, {}] } });
    expect(await dispatch('deals.import', { ...file, mapping })).toMatchObject({ ok: true, result: { format: 'csv', deals: 5, inserted: 5, open: 3 } });
    expect(await dispatch('deals.inspectImport', file)).toMatchObject({ ok: true, result: { remembered: true, suggested: mapping } });
    // A mapping naming a field the importer does not know is refused by the contract.
    expect(await dispatch('deals.previewImport', { ...file, mapping: { ...mapping, fields: { deal_id: 'Ref' } } as never })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });
});
