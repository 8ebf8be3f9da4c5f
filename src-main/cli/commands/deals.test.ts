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
    const quarters = (health.expected as { byQuarter: { period: string; deals: number; expected: number; low: number; high: number }[] }).byQuarter;
    expect(quarters.reduce((a, q) => a + q.deals, 0)).toBe(5);
    for (const q of quarters) expect(q.low).toBeLessThanOrEqual(q.expected);
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
});
