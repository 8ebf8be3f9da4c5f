import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ColumnMapping } from './formats';
import { headerSignature, importWithMapping, inspectDealsFile, previewDealsFile } from './mapping';
import { countDeals, listDeals } from '../store/deals';
import { importMappingFor } from '../store/deal-import-mappings';
import { freshStores } from '../../../test/stores';
import { repoRoot, tempFile } from '../../../test/helpers';

const exports = path.join(repoRoot, 'test/fixtures/crm/exports');
const fresh = freshStores();


/** The mapping a person makes in the dialog for custom-pt.csv: day-first dates, amounts as 1.234,56, in reais. */
const ptMapping: ColumnMapping = {
  base: 'csv',
  fields: { id: 'Código', account: 'Empresa', name: 'Negócio', stage: 'Situação', amount: 'Valor', engage: 'Aberto em', close: 'Fechado em', owner: 'Vendedor', product: 'Produto' },
  dateOrder: 'dmy',
  decimalMark: ',',
  currency: 'BRL',
};

describe('the import dialog: inspect, preview and import with a column mapping', () => {
  it('inspects a CSV of no known format: its columns with samples, the fields to map, a first guess', () => {
    const store = fresh();
    const i = inspectDealsFile(store, path.join(exports, 'custom-pt.csv'));
    expect(i).toMatchObject({ format: null, importable: false, remembered: false, rows: 6 });
    expect(i.columns[0]).toEqual({ header: 'Código', samples: ['AG-101', 'AG-102', 'AG-103'] });
    expect(i.columns.map((c) => c.header)).toEqual(['Código', 'Empresa', 'Negócio', 'Situação', 'Valor', 'Aberto em', 'Fechado em', 'Vendedor', 'Produto']);
    // Every field the importer reads, the required ones marked.
    expect(i.fields.filter((f) => f.required).map((f) => f.field)).toEqual(['id', 'stage', 'amount']);
    expect(i.fields.map((f) => f.field)).toContain('closeValue');
    // No format lacks only one column: a CSV of its own, with the columns some format names (Valor, Produto) guessed.
    expect(i.suggested).toMatchObject({ base: 'csv', fields: { amount: 'Valor', product: 'Produto' }, dateOrder: 'auto', decimalMark: 'auto', currency: null });
    expect(i.signature).toBe(headerSignature([' codigo', 'EMPRESA', 'Negocio', 'situacao', 'valor', 'aberto  em', 'fechado em', 'vendedor', 'produto']));
  });

  it('a known export is importable as it is; one with a renamed required column is completed from its format', () => {
    const store = fresh();
    expect(inspectDealsFile(store, path.join(exports, 'salesforce-pt.csv'))).toMatchObject({ format: 'salesforce', importable: true });
    const renamed = tempFile('sf.csv', fs.readFileSync(path.join(exports, 'salesforce-pt.csv'), 'utf8').replace('"Data de criação"', '"Criada em"'));
    try {
      const i = inspectDealsFile(store, renamed.file);
      expect(i).toMatchObject({ format: null, importable: false, suggested: { base: 'salesforce', fields: { id: 'ID da oportunidade', stage: 'Fase' } } });
      const r = importWithMapping(store, renamed.file, 'sf.csv', { ...i.suggested, fields: { ...i.suggested.fields, engage: 'Criada em' } }, 1);
      // Its deals keep their Salesforce source: the real export later updates them.
      expect(r).toMatchObject({ format: 'salesforce', deals: 6, inserted: 6 });
      expect(listDeals(store).every((d) => d.source === 'salesforce')).toBe(true);
    } finally {
      renamed.cleanup();
    }
  });

  it('previews the first rows as the mapping reads them: the date order and the decimal mark chosen', () => {
    const file = path.join(exports, 'custom-pt.csv');
    const p = previewDealsFile(file, ptMapping, 3);
    expect(p.deals).toBe(6);
    expect(p.rows[0]).toEqual({ id: 'AG-101', name: 'Serra Azul - 25 licenças', account: 'Metalúrgica Serra Azul', owner: 'Juliana Prado', stage: 'Ganho', outcome: 'won', amount: 18750, currency: 'BRL', engageDate: '2025-02-03', closeDate: '2025-04-07' });
    expect(p.rows[2]).toMatchObject({ id: 'AG-103', outcome: 'open', closeDate: null });
    // Month first, the same cells are other dates; "12.500" is 12.5 with a decimal point and 12,500 with a comma.
    expect(previewDealsFile(file, { ...ptMapping, dateOrder: 'mdy' }, 1).rows[0]).toMatchObject({ engageDate: '2025-03-02', closeDate: '2025-07-04' });
    expect(previewDealsFile(file, ptMapping, 6).rows[5]!.amount).toBe(12500);
    expect(previewDealsFile(file, { ...ptMapping, decimalMark: '.' }, 6).rows[5]!.amount).toBe(12.5);
    // English: $ amounts and month-first dates read by themselves (auto).
    const en = previewDealsFile(path.join(exports, 'custom-en.csv'), { base: 'csv', fields: { id: 'Ref', account: 'Company', name: 'Opportunity', stage: 'Pipeline step', amount: 'Deal value', engage: 'Opened on', close: 'Closed on', owner: 'Rep' }, dateOrder: 'auto', decimalMark: 'auto', currency: null }, 2);
    expect(en.rows.map((r) => [r.id, r.outcome, r.amount, r.currency, r.engageDate, r.closeDate])).toEqual([
      ['Q-2001', 'won', 24500, 'USD', '2025-01-15', '2025-03-28'],
      ['Q-2002', 'lost', 3200, 'USD', '2025-02-03', '2025-03-14'],
    ]);
  });

  it('imports with the mapping, remembers it by the header, and a re-import updates instead of duplicating', () => {
    const store = fresh();
    const file = path.join(exports, 'custom-pt.csv');
    const r = importWithMapping(store, file, 'custom-pt.csv', ptMapping, 1);
    expect(r).toMatchObject({ format: 'csv', deals: 6, inserted: 6, updated: 0, won: 2, lost: 1, open: 3, currencies: ['BRL'] });
    expect(listDeals(store).find((d) => d.external_id === 'AG-102')).toMatchObject({ source: 'csv', outcome: 'lost', amount: 4200.5, close_value: 0, close_date: '2025-03-02' });
    expect(listDeals(store).find((d) => d.external_id === 'AG-105')).toMatchObject({ outcome: 'won', close_value: 120000 });
    const again = inspectDealsFile(store, file);
    expect(again).toMatchObject({ remembered: true, suggested: ptMapping });
    expect(importMappingFor(store, again.signature)).toMatchObject({ fileName: 'custom-pt.csv' });
    expect(importWithMapping(store, file, 'custom-pt.csv', again.suggested, 2)).toMatchObject({ inserted: 0, updated: 6, totalDeals: 6 });
  });

  it('a bad cell or a missing mapping is one line naming the column and line; nothing imported, nothing remembered', () => {
    const store = fresh();
    const bad = tempFile('planilha.csv', 'Código;Situação;Valor;Aberto em\nX1;Ganho;10,00;01/02/2025\nX2;Perdido;dez reais;01/02/2025\n');
    try {
      const m: ColumnMapping = { base: 'csv', fields: { id: 'Código', stage: 'Situação', amount: 'Valor', engage: 'Aberto em' }, dateOrder: 'dmy', decimalMark: ',', currency: 'BRL' };
      expect(() => previewDealsFile(bad.file, m)).toThrow('planilha.csv: line 3, column "Valor": "dez reais" is not an amount; nothing was imported');
      expect(() => importWithMapping(store, bad.file, 'planilha.csv', m)).toThrow(/^planilha\.csv: line 3, column "Valor"/);
      expect(countDeals(store)).toBe(0);
      expect(inspectDealsFile(store, bad.file).remembered).toBe(false);
      expect(() => previewDealsFile(bad.file, { ...m, fields: { id: 'Código', amount: 'Valor' } })).toThrow('planilha.csv: line 1: no column is mapped to the field stage (or status); nothing was imported');
      expect(() => previewDealsFile(bad.file, { ...m, fields: { ...m.fields, close: 'Fechamento' } })).toThrow('planilha.csv: line 1: no column "Fechamento" (mapped to the field close); nothing was imported');
    } finally {
      bad.cleanup();
    }
  });
});
