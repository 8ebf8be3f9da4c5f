import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { runCliCaptured } from '../../../test/cli-capture';
import { dealsCommand, forecastCommand } from './deals';
import { repoRoot } from '../../../test/helpers';
import { openStore } from '../../core/store/db';
import { seedCall } from '../../core/calls/seed-calls';
import { getCallListRow } from '../../core/store/calls';
import { nextBatch } from '../../core/store/outbox';
import { callFactsByDeal, listDeals } from '../../core/store/deals';
import { expectedRevenue } from '../../core/deals/pipeline';
import { latestModel, loadCatalogue } from '../../core/deals/service';
import { importWithMapping } from '../../core/deals/mapping';
import type { ColumnMapping } from '../../core/deals/formats';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesedge-deals-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());
const fixtures = path.join(repoRoot, 'test/fixtures/crm');

const cli = (dataDir: string, args: string[]) => runCliCaptured(['--data-dir', path.join(dir, dataDir), ...args], [dealsCommand, forecastCommand]);

describe('salesedge deals and forecast', () => {
  it('import the sample, train (prints the card), score a file of open deals, back-test, health', async () => {
    const imp = await cli('sample', ['--json', 'deals', 'import', path.join(fixtures, 'maven/sales_pipeline.csv'), '--format', 'maven']);
    expect(imp.code).toBe(0);
    expect(imp.lines()).toEqual([expect.objectContaining({ type: 'import', format: 'maven', deals: 6711, inserted: 6711, won: 4238, lost: 2473 })]);
    const again = await cli('sample', ['--json', 'deals', 'import', path.join(fixtures, 'maven/sales_pipeline.csv')]);
    expect(again.lines()[0]).toMatchObject({ inserted: 0, updated: 6711, totalDeals: 6711 });

    const train = await cli('sample', ['--json', 'forecast', 'train']);
    expect(train.code).toBe(0);
    const card = train.lines()[0]!;
    expect(card).toMatchObject({ type: 'card', deals: 6711, informative: false, queuedForecasts: 0, backtest: { split: 'engage_date', testDeals: 2014 } });
    const bt = card.backtest as { auc: number; brier: number; baseRateBrier: number; calibration: unknown[] };
    expect(bt.auc).toBeLessThan(0.6);
    expect(bt.calibration.length).toBeGreaterThan(0);

    const score = await cli('sample', ['--json', 'forecast', 'score', '--deals', path.join(fixtures, 'maven-open/sales_pipeline.csv'), '--language', 'pt']);
    expect(score.code).toBe(0);
    const lines = score.lines();
    expect(lines.map((l) => l.id)).toEqual(['OPEN0001', 'OPEN0002', 'OPEN0003', 'OPEN0004', 'OPEN0005']);
    for (const l of lines) {
      expect(l).toMatchObject({ probability: card.baseRate, informative: false, reasons: [expect.stringMatching(/taxa de ganho/)] });
      expect(l.low as number).toBeLessThan(l.probability as number);
      expect(l.high as number).toBeGreaterThan(l.probability as number);
    }
    // No open deals in the store itself: nothing to score; then the open ones imported.
    expect((await cli('sample', ['--json', 'forecast', 'score'])).stdout).toBe('');
    expect((await cli('sample', ['--json', 'deals', 'import', path.join(fixtures, 'maven-open/sales_pipeline.csv')])).lines()[0]).toMatchObject({ inserted: 5, open: 5, totalDeals: 6716 });
    expect((await cli('sample', ['--json', 'forecast', 'score'])).lines().map((l) => l.id)).toEqual(['OPEN0003', 'OPEN0001', 'OPEN0002', 'OPEN0004', 'OPEN0005']);
    // Retrained with open deals in the store: each open deal's forecast is queued for sync, once.
    expect((await cli('sample', ['--json', 'forecast', 'train'])).lines()[0]).toMatchObject({ queuedForecasts: 5 });
    expect((await cli('sample', ['--json', 'forecast', 'train'])).lines()[0]).toMatchObject({ queuedForecasts: 5 });
    const store = openStore(path.join(dir, 'sample'));
    const ops = nextBatch(store, 100);
    store.close();
    expect(ops.map((o) => o.entity)).toEqual(['forecast', 'forecast', 'forecast', 'forecast', 'forecast']);
    const payload = JSON.parse(ops.find((o) => JSON.parse(o.payload).dealName.includes('GTK 500'))!.payload) as Record<string, unknown>;
    expect(payload).toMatchObject({ model: 'win-rate', winProbability: card.baseRate, amount: 26768, stage: 'Engaging' });
    expect(payload.expectedValue as number).toBeGreaterThan(0);
    expect((await cli('sample', ['--json', 'forecast', 'drift'])).lines()).toEqual([{ type: 'drift', deals: 0, drift: null }]);
    const health = (await cli('sample', ['--json', 'deals', 'health', '--as-of', '2018-01-15'])).lines()[0]!;
    expect(health).toMatchObject({ type: 'health', informative: false, openDeals: 5, cycleDays: { median: expect.any(Number) } });
    // The quarters are the close-timing forecast (the back-tested method), computed the same way from the store.
    const st = openStore(path.join(dir, 'sample'));
    const timed = expectedRevenue(listDeals(st), loadCatalogue(st), latestModel(st).model, { asOf: '2018-01-15', calls: callFactsByDeal(st) });
    st.close();
    expect(health.expected).toEqual(timed);
    const quarters = timed.byQuarter;
    expect(quarters.map((q) => [q.period, q.from])).toEqual([['2018-Q1', '2018-01-15'], ['2018-Q2', '2018-04-01'], ['2018-Q3', '2018-07-01'], ['2018-Q4', '2018-10-01']]);
    // Four engaged open deals (OPEN0003 has no engage date: left to the new-deal pace), 1-6 weeks old: most of their value this quarter.
    expect(timed).toMatchObject({ openCounted: 4, notEngaged: 1 });
    expect(quarters[0]!.fromOpen).toBeGreaterThan(quarters[1]!.fromOpen);
    for (const q of quarters) expect(q.low).toBeLessThanOrEqual(q.expected);
    const text = (await cli('sample', ['deals', 'health', '--as-of', '2018-01-15'])).stdout;
    const fmt = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 2 });
    expect(text).toContain(`2018-Q1 (from 2018-01-15): expected ${fmt(quarters[0]!.expected)} (90%: ${fmt(quarters[0]!.low)}-${fmt(quarters[0]!.high)}): ${fmt(quarters[0]!.fromOpen)} from open deals, ${fmt(quarters[0]!.fromNew)} from new deals`);
    expect(text).toContain('1 open deal without an engage date is left to that pace');
    expect((await cli('sample', ['deals', 'health', '--as-of', '2018-01-15', '--period', 'month'])).stdout).toMatch(/^2018-01 \(from 2018-01-15\): expected /m);
    // OPEN0003 has no engage date (Prospecting): its age is unknown, so it is never listed as stalled.
    expect((health.stalled as { deals: { id: string }[] }).deals.map((d) => d.id)).not.toContain('OPEN0003');

    const back = await cli('sample', ['--json', 'forecast', 'backtest']);
    expect(back.code).toBe(0);
    const b = back.lines()[0]!;
    expect(b).toMatchObject({ type: 'backtest', auc: bt.auc, brier: bt.brier, baseRateBrier: bt.baseRateBrier, revenue: { period: 'quarter', periods: expect.any(Array), mape: expect.any(Object) } });
    expect((b.revenue as { periods: { period: string }[] }).periods.map((p) => p.period)).toEqual(['2017-Q2', '2017-Q3', '2017-Q4']);
  }, 120_000);

  it('import a pt-BR Salesforce report, list, score the open deals in the store with reasons, health', async () => {
    const imp = await cli('sf', ['deals', 'import', path.join(fixtures, 'exports/salesforce-pt.csv')]);
    expect(imp.code).toBe(0);
    expect(imp.stdout).toMatch(/^imported 6 deals from .*salesforce-pt\.csv \(Salesforce report, pt\): 6 new, 0 updated; 2 won, 1 lost, 3 open; 6 deals in the store\n$/);
    const list = await cli('sf', ['--json', 'deals', 'list', '--outcome', 'open']);
    expect(list.lines().map((l) => [l.id, l.amount, l.currency, l.expectedClose])).toEqual([
      ['0065g00000AbC03', 130000, 'BRL', '2025-06-30'],
      ['0065g00000AbC04', 9990, 'BRL', '2025-05-15'],
      ['0065g00000AbC05', 1200000, 'BRL', '2025-07-31'],
    ]);
    // A recorded call of Clínica São Lucas (its title names the account): linked by matching.
    let store = openStore(path.join(dir, 'sf'));
    const callId = seedCall(store, { title: 'Clínica São Lucas — proposta', customer: null, language: 'pt', segments: [{ speaker: 'customer', startMs: 0, endMs: 900, text: 'Bom dia' }] });
    store.close();
    const link = await cli('sf', ['--json', 'deals', 'link', callId]);
    expect(link.lines()).toEqual([{ type: 'link', callId, dealId: '0065g00000AbC04', source: 'salesforce', name: 'São Lucas - 15 licenças', account: 'Clínica São Lucas', taskId: expect.any(String) }]);
    store = openStore(path.join(dir, 'sf'));
    expect(getCallListRow(store, callId)).toMatchObject({ deal_name: 'São Lucas - 15 licenças' });
    store.close();
    expect((await cli('sf', ['deals', 'link', callId, 'nope'])).stderr).toBe('salesedge: no deal nope (salesedge deals list shows them)\n');
    expect((await cli('sf', ['deals', 'link', callId, '--unlink'])).stdout).toBe(`call ${callId} is linked to no deal\n`);
    // Three closed deals are too few to train on: the error says what to do.
    const train = await cli('sf', ['forecast', 'train']);
    expect(train.code).toBe(1);
    expect(train.stderr).toBe('salesedge: a forecast needs at least 30 closed (won or lost) deals; the store has 3: import a CRM export first (salesedge deals import FILE)\n');
    const score = await cli('sf', ['forecast', 'score']);
    expect(score.stderr).toBe('salesedge: no forecast model yet: run salesedge forecast train first\n');
  });

  it('a malformed file: one line naming the column and line, exit 1, nothing imported', async () => {
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, 'Record ID,Deal Name,Deal Stage,Close Date,Amount,Create Date\n1,A,Closed won,03/28/2025,"$1,000.00",01/01/2025\n2,B,Closed won,03/28/2025,lots,01/01/2025\n');
    const r = await cli('bad', ['--json', 'deals', 'import', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('salesedge: bad.csv: line 3, column "Amount": "lots" is not an amount; nothing was imported\n');
    expect((await cli('bad', ['--json', 'deals', 'list'])).stdout).toBe('');
    // A column mapping from the command line.
    const custom = path.join(dir, 'custom.csv');
    fs.writeFileSync(custom, 'Nº,Título,Situação,Valor total,Criado em\nN-1,Alfa,Ganho,"R$ 10.000,00",05/01/2025\n');
    const mapped = await cli('bad', ['--json', 'deals', 'import', custom, '--format', 'pipedrive', '--map', 'id=Nº', '--map', 'status=Situação', '--map', 'amount=Valor total', '--map', 'engage=Criado em']);
    expect(mapped.lines()[0]).toMatchObject({ deals: 1, won: 1 });
    expect((await cli('bad', ['deals', 'import', custom, '--map', 'id'])).stderr).toMatch(/option '--map <field=header>' argument 'id' is invalid\. must be field=Header/);
    const missing = await cli('bad', ['deals', 'import', path.join(fixtures, 'exports/hubspot-en.csv'), '--format', 'pipedrive']);
    expect(missing.stderr).toBe('salesedge: hubspot-en.csv: line 1: missing column "Deal - ID / Negócio - ID" for a Pipedrive deals export (name yours with --map id=HEADER); nothing was imported\n');
  });

  it('an export of no known format: imported with the column mapping the app\'s import dialog saved for its header, else a one-line error saying how to map it', async () => {
    const custom = path.join(fixtures, 'exports/custom-pt.csv');
    const none = await cli('mapped', ['--json', 'deals', 'import', custom]);
    expect(none.code).toBe(1);
    expect(none.stderr).toBe('salesedge: custom-pt.csv: line 1: the columns match no known export (maven, salesforce, hubspot, pipedrive) and no column mapping is saved for them: map them once in the app (Deals → Import; it is remembered for this header), or give one with --mapping FILE.json; nothing was imported\n');
    expect((await cli('mapped', ['--json', 'deals', 'list'])).stdout).toBe('');
    // Last month's export (the same columns, three rows) mapped in the app's import dialog.
    const ptMapping: ColumnMapping = { base: 'csv', fields: { id: 'Código', account: 'Empresa', name: 'Negócio', stage: 'Situação', amount: 'Valor', engage: 'Aberto em', close: 'Fechado em', owner: 'Vendedor', product: 'Produto' }, dateOrder: 'dmy', decimalMark: ',', currency: 'BRL' };
    const march = path.join(dir, 'negocios-marco.csv');
    fs.writeFileSync(march, fs.readFileSync(custom, 'utf8').split('\n').slice(0, 4).join('\n') + '\n');
    let store = openStore(path.join(dir, 'mapped'));
    importWithMapping(store, march, 'negocios-marco.csv', ptMapping, Date.parse('2025-04-01T12:00:00Z'));
    store.close();
    // This month's export from the command line: read with that mapping, and it says so.
    const saved = await cli('mapped', ['--json', 'deals', 'import', custom]);
    expect(saved.code).toBe(0);
    expect(saved.lines()).toEqual([expect.objectContaining({ type: 'import', format: 'csv', deals: 6, inserted: 3, updated: 3, won: 2, lost: 1, open: 3, currencies: ['BRL'], mapping: { from: 'saved', signature: expect.stringMatching(/^[0-9a-f]{16}$/), mapping: ptMapping, savedAt: Date.parse('2025-04-01T12:00:00Z'), savedFrom: 'negocios-marco.csv' } })]);
    store = openStore(path.join(dir, 'mapped'));
    expect(listDeals(store).find((d) => d.external_id === 'AG-105')).toMatchObject({ source: 'csv', outcome: 'won', amount: 120000, currency: 'BRL', engage_date: '2024-12-02', close_date: '2025-03-09' });
    store.close();
    const text = await cli('mapped', ['deals', 'import', custom]);
    expect(text.stdout).toMatch(/^imported 6 deals from .*custom-pt\.csv \(mapped CSV, pt\) with the column mapping saved for this header \(from custom-pt\.csv, \d{4}-\d{2}-\d{2}\): 0 new, 6 updated; 2 won, 1 lost, 3 open; 6 deals in the store\n$/);
    // A known export still imports as its format.
    expect((await cli('mapped', ['--json', 'deals', 'import', path.join(fixtures, 'exports/salesforce-pt.csv')])).lines()[0]).toMatchObject({ format: 'salesforce', mapping: null });
  });

  it('--mapping FILE.json: the same mapping from a file, remembered for the header; a bad file or one with --format is one line', async () => {
    const custom = path.join(fixtures, 'exports/custom-en.csv');
    const file = path.join(dir, 'mapping-en.json');
    // base, dateOrder, decimalMark and currency may be left out (csv, auto, auto, none).
    fs.writeFileSync(file, JSON.stringify({ fields: { id: 'Ref', account: 'Company', name: 'Opportunity', stage: 'Pipeline step', amount: 'Deal value', engage: 'Opened on', close: 'Closed on', owner: 'Rep' } }));
    const r = await cli('mapfile', ['--json', 'deals', 'import', custom, '--mapping', file]);
    expect(r.code).toBe(0);
    expect(r.lines()[0]).toMatchObject({ format: 'csv', inserted: expect.any(Number), mapping: { from: 'file', file, mapping: { base: 'csv', dateOrder: 'auto', decimalMark: 'auto', currency: null } } });
    // Remembered: the next import of that export needs no option.
    expect((await cli('mapfile', ['--json', 'deals', 'import', custom])).lines()[0]).toMatchObject({ inserted: 0, mapping: { from: 'saved', savedFrom: 'custom-en.csv' } });
    expect((await cli('mapfile', ['deals', 'import', custom, '--mapping', file, '--format', 'hubspot'])).stderr).toBe('salesedge: --mapping is the whole column mapping: leave out --format and --map\n');
    const bad = path.join(dir, 'bad-mapping.json');
    fs.writeFileSync(bad, JSON.stringify({ fields: { id: 'Ref' }, dateOrder: 'ymd' }));
    expect((await cli('mapfile', ['deals', 'import', custom, '--mapping', bad])).stderr).toMatch(/^salesedge: bad-mapping\.json: not a column mapping: dateOrder: .+\n$/);
    fs.writeFileSync(bad, '{ not json');
    expect((await cli('mapfile', ['deals', 'import', custom, '--mapping', bad])).stderr).toMatch(/^salesedge: bad-mapping\.json: not JSON; a column mapping is \{"base":"csv"/);
    expect((await cli('mapfile', ['deals', 'import', custom, '--mapping', path.join(dir, 'nope.json')])).stderr).toBe(`salesedge: cannot read ${path.join(dir, 'nope.json')}: no such file\n`);
  });
});
