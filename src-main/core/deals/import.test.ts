import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importDeals } from './import';
import { countDeals, listAccounts, listDeals, listOwners, listProducts } from '../store/deals';
import { freshStores } from '../../../test/stores';
import { repoRoot, tempFile } from '../../../test/helpers';

const fixtures = path.join(repoRoot, 'test/fixtures/crm');
const fresh = freshStores();


describe('importDeals: the sample format', () => {
  it('imports the 6,711 sample deals with their accounts, products and owners; a re-import updates instead of duplicating', () => {
    const store = fresh();
    const file = path.join(fixtures, 'maven/sales_pipeline.csv');
    const r = importDeals(store, file, { now: 1 });
    expect(r).toMatchObject({ format: 'maven', deals: 6711, inserted: 6711, updated: 0, won: 4238, lost: 2473, open: 0, accounts: 85, products: 7, owners: 35, totalDeals: 6711 });
    const deal = listDeals(store).find((d) => d.external_id === 'Z063OYW0')!;
    // "GTXPro" in the pipeline is products.csv's "GTX Pro"; the amount is its list price, close_value what it closed at.
    expect(deal).toMatchObject({ source: 'maven', owner: 'Darcel Schlecht', product: 'GTX Pro', account: 'Isdom', outcome: 'won', amount: 4821, close_value: 4514, engage_date: '2016-10-25', close_date: '2017-03-11', expected_close: null });
    expect(listAccounts(store).find((a) => a.name === 'Acme Corporation')).toMatchObject({ sector: 'technolgy', employees: 2822, office_location: 'United States' });
    expect(listOwners(store).find((o) => o.name === 'Anna Snelling')).toMatchObject({ manager: 'Dustin Brinkmann', regional_office: 'Central' });
    expect(listProducts(store).find((p) => p.name === 'GTK 500')).toMatchObject({ series: 'GTK', sales_price: 26768 });
    const again = importDeals(store, file, { now: 2 });
    expect(again).toMatchObject({ inserted: 0, updated: 6711, totalDeals: 6711 });
    expect(listDeals(store).find((d) => d.external_id === 'Z063OYW0')).toMatchObject({ id: deal.id, created_at: 1, updated_at: 2 });
  });

  it('reads open deals (Engaging, Prospecting) with no close date or value', () => {
    const store = fresh();
    const r = importDeals(store, path.join(fixtures, 'maven-open/sales_pipeline.csv'));
    expect(r).toMatchObject({ deals: 5, open: 5, won: 0, lost: 0 });
    expect(listDeals(store, { outcome: 'open' }).map((d) => [d.external_id, d.stage, d.close_value, d.close_date])).toContainEqual(['OPEN0003', 'Prospecting', null, null]);
  });
});

describe('importDeals: Salesforce, HubSpot, Pipedrive exports', () => {
  it('a pt-BR Salesforce opportunity report (";", R$ amounts, day-first dates)', () => {
    const store = fresh();
    const r = importDeals(store, path.join(fixtures, 'exports/salesforce-pt.csv'), { format: 'salesforce' });
    expect(r).toMatchObject({ format: 'salesforce', language: 'pt', deals: 6, won: 2, lost: 1, open: 3, currencies: ['BRL'], owners: 3, accounts: 5 });
    const byId = new Map(listDeals(store).map((d) => [d.external_id, d]));
    expect(byId.get('0065g00000AbC01')).toMatchObject({ name: 'Horizonte - 40 licenças', account: 'Construtora Horizonte Ltda.', owner: 'Mariana Souza', stage: 'Fechado/Ganho', outcome: 'won', amount: 48000, currency: 'BRL', engage_date: '2025-01-24', close_date: '2025-03-28', close_value: 48000 });
    expect(byId.get('0065g00000AbC02')).toMatchObject({ outcome: 'lost', amount: 12350.5, close_value: 0, close_date: '2025-02-14' });
    expect(byId.get('0065g00000AbC05')).toMatchObject({ outcome: 'open', amount: 1200000, close_date: null, expected_close: '2025-07-31', close_value: null });
  });

  it('an en HubSpot deals export ($1,234.56, month-first dates with times), format detected from the columns', () => {
    const store = fresh();
    const r = importDeals(store, path.join(fixtures, 'exports/hubspot-en.csv'));
    expect(r).toMatchObject({ format: 'hubspot', language: 'en', deals: 5, won: 1, lost: 1, open: 3, currencies: ['USD'] });
    const byId = new Map(listDeals(store).map((d) => [d.external_id, d]));
    expect(byId.get('9845120331')).toMatchObject({ outcome: 'won', amount: 24000, close_date: '2025-03-28', engage_date: '2025-01-15', account: 'Northwind Traders', owner: 'Jordan Miles' });
    expect(byId.get('9845120335')).toMatchObject({ name: 'Adventure Works, EMEA', outcome: 'open', amount: 61250, expected_close: '2025-05-31' });
    expect(byId.get('9845120334')!.amount).toBe(9999.99);
  });

  it('a pt-BR Pipedrive export (status Ganho/Perdido/Aberto, R$, won and lost times)', () => {
    const store = fresh();
    const r = importDeals(store, path.join(fixtures, 'exports/pipedrive-pt.csv'), { format: 'pipedrive' });
    expect(r).toMatchObject({ format: 'pipedrive', language: 'pt', deals: 4, won: 1, lost: 1, open: 2, currencies: ['BRL'] });
    const byId = new Map(listDeals(store).map((d) => [d.external_id, d]));
    expect(byId.get('101')).toMatchObject({ outcome: 'won', amount: 75000, close_date: '2025-03-27', engage_date: '2025-01-10', close_value: 75000 });
    expect(byId.get('102')).toMatchObject({ outcome: 'lost', amount: 3450.9, close_date: '2025-02-19', close_value: 0 });
    expect(byId.get('103')).toMatchObject({ outcome: 'open', stage: 'Negociação', expected_close: '2025-06-30', close_date: null });
  });

  it('the same CRM id from two formats is two deals; re-importing one updates it', () => {
    const store = fresh();
    importDeals(store, path.join(fixtures, 'exports/hubspot-en.csv'));
    importDeals(store, path.join(fixtures, 'exports/pipedrive-pt.csv'));
    expect(countDeals(store)).toBe(9);
    expect(importDeals(store, path.join(fixtures, 'exports/hubspot-en.csv'))).toMatchObject({ inserted: 0, updated: 5, totalDeals: 9 });
  });
});

describe('importDeals: a bad file is one line naming the column and line, and nothing is imported', () => {
  const cases: [string, string, string | undefined, RegExp][] = [
    ['missing column', 'Record ID,Deal Name,Close Date,Amount,Create Date\n1,A,03/28/2025,100,01/01/2025\n', 'hubspot', /^bad\.csv: line 1: missing column "Deal Stage \/ Etapa do negócio" for a HubSpot deals export \(name yours with --map stage=HEADER\); nothing was imported$/],
    ['malformed date', 'Record ID,Deal Name,Deal Stage,Close Date,Amount,Create Date\n1,A,Closed won,03/28/2025,100,01/01/2025\n2,B,Closed lost,31/13/2025,100,01/02/2025\n', undefined, /^bad\.csv: line 3, column "Close Date": .*not a date.*; nothing was imported$/],
    ['malformed amount', '"Nome da oportunidade";"Fase";"Valor";"Data de fechamento";"Data de criação";"ID da oportunidade"\n"A";"Fechado/Ganho";"R$ 1.000,00";"28/03/2025";"01/01/2025";"1"\n"B";"Fechado/Ganho";"mil reais";"28/03/2025";"01/01/2025";"2"\n', 'salesforce', /^bad\.csv: line 3, column "Valor": "mil reais" is not an amount; nothing was imported$/],
    ['unknown status', 'Deal - ID,Deal - Title,Deal - Value,Deal - Status,Deal - Deal created\n7,A,100,pending,2025-01-01\n', 'pipedrive', /^bad\.csv: line 2, column "Deal - Status": "pending" is not open, won or lost/],
    ['short row', 'opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value\nA1,X,GTX Basic,Acme,Won,2017-01-01,2017-02-01,500\nA2,X,GTX Basic\n', 'maven', /^bad\.csv: line 3: /],
    ['duplicate id', 'opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value\nA1,X,GTX Basic,Acme,Won,2017-01-01,2017-02-01,500\nA1,X,GTX Basic,Acme,Lost,2017-01-01,2017-02-01,0\n', 'maven', /^bad\.csv: line 3, column "opportunity_id": "A1" is also on line 2/],
    ['unknown columns', 'foo,bar\n1,2\n', undefined, /^bad\.csv: line 1: the columns match no known export/],
  ];
  it.each(cases)('%s', (_name, text, format, message) => {
    const store = fresh();
    importDeals(store, path.join(fixtures, 'exports/hubspot-en.csv'));
    const before = listDeals(store);
    const f = tempFile('bad.csv', text);
    try {
      expect(() => importDeals(store, f.file, { format: format as never })).toThrow(message);
      let msg = '';
      try {
        importDeals(store, f.file, { format: format as never });
      } catch (err) {
        msg = (err as Error).message;
      }
      expect(msg.split('\n')).toHaveLength(1);
    } finally {
      f.cleanup();
    }
    expect(listDeals(store)).toEqual(before);
  });

  it('an error on the last line leaves the earlier good lines out too', () => {
    const store = fresh();
    const good = fs.readFileSync(path.join(fixtures, 'exports/hubspot-en.csv'), 'utf8');
    const f = tempFile('late.csv', `${good.trimEnd()}\n9845120399,Late,Closed won,13/45/2025 00:00,Jordan Miles,"$1.00",USD,01/15/2025 09:30,Sales Pipeline,X,\n`);
    try {
      expect(() => importDeals(store, f.file)).toThrow(/line 7, column "Close Date"/);
    } finally {
      f.cleanup();
    }
    expect(countDeals(store)).toBe(0);
  });
});

describe('importDeals: a column mapping for renamed or custom columns', () => {
  const custom = '"Negócio Nº";"Título";"Situação";"Valor total";"Criado em";"Previsão"\n"N-1";"Piloto Alfa";"Ganho";"R$ 10.000,00";"05/01/2025";"30/03/2025"\n"N-2";"Beta";"Aberto";"R$ 2.500,50";"12/02/2025";"30/06/2025"\n';
  it('names the columns the format\'s names miss; the rest is read as the format reads it', () => {
    const store = fresh();
    const f = tempFile('custom.csv', custom);
    try {
      const mapping = { id: 'Negócio Nº', name: 'Título', status: 'Situação', amount: 'Valor total', engage: 'Criado em', expectedClose: 'Previsão' };
      expect(importDeals(store, f.file, { format: 'pipedrive', mapping })).toMatchObject({ deals: 2, won: 1, open: 1, currencies: ['BRL'] });
      expect(listDeals(store).map((d) => [d.external_id, d.outcome, d.amount, d.engage_date, d.expected_close])).toEqual([
        ['N-1', 'won', 10000, '2025-01-05', null],
        ['N-2', 'open', 2500.5, '2025-02-12', '2025-06-30'],
      ]);
      // Without the mapping: the first column the format misses, and how to name it.
      expect(() => importDeals(store, f.file, { format: 'pipedrive' })).toThrow(/^custom\.csv: line 1: missing column "Deal - ID \/ Negócio - ID" for a Pipedrive deals export \(name yours with --map id=HEADER\); nothing was imported$/);
      expect(() => importDeals(store, f.file, { format: 'pipedrive', mapping: { ...mapping, amount: 'Valor' } })).toThrow(/missing column "Valor" for a Pipedrive deals export \(named in the column mapping\)/);
      expect(() => importDeals(store, f.file, { format: 'pipedrive', mapping: { price: 'Valor total' } as never })).toThrow(/^unknown field price in the column mapping/);
      expect(() => importDeals(store, f.file, { mapping })).toThrow(/needs the export's format/);
    } finally {
      f.cleanup();
    }
  });
});
