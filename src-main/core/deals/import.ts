/**
 * Imports deals from a CRM's CSV export into the local store (issue 15): the sample's format
 * (sales_pipeline.csv, with accounts.csv, products.csv and sales_teams.csv read from beside it
 * when present), a Salesforce opportunity report, a HubSpot or a Pipedrive deals export, in
 * English or pt-BR (dates `31/03/2024` or `03/31/2024`, amounts `R$ 1.234,56` or `$1,234.56`).
 * The whole file is read and checked before anything is written; a missing column or a cell
 * that cannot be read is one line naming the file, line and column, and nothing is imported.
 * The rows are written in one transaction, keyed by (format, the CRM's id): importing the same
 * export again updates its deals instead of adding them twice.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { CoreError } from '../../../src-shared/errors';
import type { Store } from '../store/db';
import { countDeals, type DealInput, upsertAccounts, upsertDeals, upsertOwners, upsertProducts } from '../store/deals';
import { transaction } from '../store/query';
import { CellError, type DateOrder, type DecimalMark, detectDateOrder, parseAmount, parseDate } from './parse';
import { CUSTOM_REQUIRED, type ColumnMapping, detectFormat, type Field, FIELDS, type Format, FORMATS, MAPPINGS, normaliseHeader, outcomeOf, resolveColumns, type Source } from './formats';

type Table = { headers: string[]; rows: { line: number; cells: string[] }[] };

/** Text of a CSV export: UTF-8 (BOM or not), else Windows-1252/Latin-1 as older Excel and Salesforce exports write it. */
function readText(file: string): string {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch (err) {
    throw new CoreError('bad_request', `cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  const utf8 = buf.toString('utf8');
  return utf8.includes('\ufffd') ? buf.toString('latin1') : utf8;
}

/** The CSV's header and rows with their line numbers; `;` or tab as separator when the header uses it (pt-BR Excel). */
export function readTable(file: string): Table {
  const text = readText(file);
  const first = text.replace(/^\ufeff/, '').split(/\r?\n/, 1)[0] ?? '';
  const counts = { ',': first.split(',').length, ';': first.split(';').length, '\t': first.split('\t').length };
  const delimiter = (Object.entries(counts).sort((a, b) => b[1] - a[1])[0]![0]) as ',' | ';' | '\t';
  let records: { info: { lines: number }; record: string[] }[];
  try {
    records = parse(text, { bom: true, delimiter, info: true, skip_empty_lines: true, relax_quotes: false, trim: false }) as unknown as typeof records;
  } catch (err) {
    const e = err as Error & { lines?: number };
    throw new CoreError('bad_request', `${path.basename(file)}: line ${e.lines ?? '?'}: ${e.message.replace(/^Invalid Record Length: /, '').replace(/\s+/g, ' ')}`);
  }
  if (records.length === 0) throw new CoreError('bad_request', `${path.basename(file)}: the file is empty (no header line)`);
  const [head, ...rest] = records;
  return { headers: head!.record, rows: rest.map((r) => ({ line: r.info.lines, cells: r.record })) };
}

export type ImportResult = {
  file: string;
  format: Source;
  language: 'pt' | 'en';
  deals: number;
  inserted: number;
  updated: number;
  open: number;
  won: number;
  lost: number;
  accounts: number;
  products: number;
  owners: number;
  currencies: string[];
  totalDeals: number;
};

const cellError = (file: string, line: number, header: string, err: unknown): CoreError =>
  new CoreError('bad_request', `${path.basename(file)}: line ${line}, column "${header}": ${err instanceof CellError ? err.message : String(err)}; nothing was imported`);

/** A product name folded for matching: the sample writes "GTXPro" in the pipeline and "GTX Pro" in products.csv. */
const productKey = (s: string): string => normaliseHeader(s).replace(/[\s_-]+/g, '');

type Parsed = {
  format: Source;
  language: 'pt' | 'en';
  deals: DealInput[];
  accounts: { name: string; sector?: string | null; year_established?: number | null; revenue?: number | null; employees?: number | null; office_location?: string | null; subsidiary_of?: string | null }[];
  products: { name: string; series?: string | null; sales_price?: number | null }[];
  owners: { name: string; manager?: string | null; regional_office?: string | null }[];
};

/** Reads one of the sample's side files (accounts, products, sales_teams) when it is beside the pipeline file. */
function sideFile(dir: string, name: string, required: string[]): { table: Table; col: (h: string) => number; file: string } | undefined {
  const file = path.join(dir, name);
  if (!fs.existsSync(file)) return undefined;
  const table = readTable(file);
  const norm = table.headers.map(normaliseHeader);
  for (const h of required) if (!norm.includes(h)) throw new CoreError('bad_request', `${name}: line 1: missing column "${h}"; nothing was imported`);
  return { table, file, col: (h) => norm.indexOf(h) };
}

const num = (file: string, line: number, header: string, text: string | undefined, mark: DecimalMark): number | null => {
  if (text === undefined) return null;
  try {
    return parseAmount(text, mark)?.value ?? null;
  } catch (err) {
    throw cellError(file, line, header, err);
  }
};

/**
 * Which column holds each field: a known format's (completed by `mapping`, `--map`), or a column
 * mapping made in the import dialog (`custom`: its base format's names completed by its own,
 * or only its own for a CSV of no known format).
 */
function columnsOf(base: string, table: Table, format: Format | undefined, mapping: Partial<Record<Field, string>>, custom: ColumnMapping | undefined): { fmt: Source; columns: Partial<Record<Field, number>>; language: 'pt' | 'en' } {
  if (custom) {
    const headers = table.headers.map(normaliseHeader);
    if (custom.base !== 'csv') {
      const r = resolveColumns(custom.base, table.headers, custom.fields);
      if (r.missing.length > 0) throw new CoreError('bad_request', `${base}: line 1: missing column "${r.missing[0]!.header}" for a ${MAPPINGS[custom.base].label}: map the field ${r.missing[0]!.field} to a column; nothing was imported`);
      return { fmt: custom.base, columns: r.columns, language: r.language };
    }
    const columns: Partial<Record<Field, number>> = {};
    for (const [field, header] of Object.entries(custom.fields) as [Field, string][]) {
      const at = headers.indexOf(normaliseHeader(header));
      if (at < 0) throw new CoreError('bad_request', `${base}: line 1: no column "${header}" (mapped to the field ${field}); nothing was imported`);
      columns[field] = at;
    }
    for (const f of CUSTOM_REQUIRED) if (columns[f] === undefined && !(f === 'stage' && columns.status !== undefined)) throw new CoreError('bad_request', `${base}: line 1: no column is mapped to the field ${f}${f === 'stage' ? ' (or status)' : ''}; nothing was imported`);
    return { fmt: 'csv', columns, language: custom.dateOrder === 'dmy' || custom.decimalMark === ',' ? 'pt' : 'en' };
  }
  const fmt = format ?? detectFormat(table.headers);
  if (!fmt) throw new CoreError('bad_request', `${base}: line 1: the columns match no known export (${FORMATS.join(', ')}); name one with --format to see which column is missing`);
  const resolved = resolveColumns(fmt, table.headers, mapping);
  if (resolved.missing.length > 0) {
    const m = resolved.missing[0]!;
    throw new CoreError('bad_request', `${base}: line 1: missing column "${m.header}" for a ${MAPPINGS[fmt].label}${mapping[m.field] ? ' (named in the column mapping)' : ` (name yours with --map ${m.field}=HEADER)`}; nothing was imported`);
  }
  return { fmt, columns: resolved.columns, language: resolved.language };
}

/** Parses and checks the whole export (and the sample's side files); writes nothing. `custom`: a mapping from the import dialog. */
export function parseDealsFile(file: string, format?: Format, mapping: Partial<Record<Field, string>> = {}, custom?: ColumnMapping): Parsed {
  if (format !== undefined && !FORMATS.includes(format)) throw new CoreError('bad_request', `unknown format ${format}: use ${FORMATS.join(', ')}`);
  for (const f of Object.keys({ ...mapping, ...custom?.fields })) if (!(FIELDS as string[]).includes(f)) throw new CoreError('bad_request', `unknown field ${f} in the column mapping: use ${FIELDS.join(', ')}`);
  if (Object.keys(mapping).length > 0 && format === undefined) throw new CoreError('bad_request', 'a column mapping needs the export\'s format (--format) it completes');
  const table = readTable(file);
  const base = path.basename(file);
  const { fmt, columns, language } = columnsOf(base, table, format, mapping, custom);
  const header = (f: Field): string => table.headers[columns[f]!]!.replace(/^\ufeff/, '');
  for (const r of table.rows) if (r.cells.length < table.headers.length) throw new CoreError('bad_request', `${base}: line ${r.line}: ${r.cells.length} columns where the header has ${table.headers.length}; nothing was imported`);
  const cell = (r: { cells: string[] }, f: Field): string | undefined => (columns[f] === undefined ? undefined : r.cells[columns[f]!]!.trim());

  // Day-first or month-first, from the dates themselves where one says; else the export's language.
  const dateFields: Field[] = ['engage', 'close', 'expectedClose', 'wonTime', 'lostTime'];
  let order: DateOrder = language === 'pt' ? 'dmy' : 'mdy';
  if (custom && custom.dateOrder !== 'auto') order = custom.dateOrder;
  else {
    try {
      order = detectDateOrder(dateFields.flatMap((f) => (columns[f] === undefined ? [] : table.rows.map((r) => cell(r, f)!)))) ?? order;
    } catch (err) {
      throw new CoreError('bad_request', `${base}: the date columns ${(err as Error).message}; nothing was imported`);
    }
  }
  const mark: DecimalMark = custom && custom.decimalMark !== 'auto' ? custom.decimalMark : language === 'pt' ? ',' : '.';
  // A mark the person chose holds for every cell; otherwise a symbol settles the convention.
  const markFixed = custom !== undefined && custom.decimalMark !== 'auto';
  const date = (r: { line: number; cells: string[] }, f: Field): string | null => {
    const v = cell(r, f);
    if (v === undefined) return null;
    try {
      return parseDate(v, order);
    } catch (err) {
      throw cellError(file, r.line, header(f), err);
    }
  };
  const amount = (r: { line: number; cells: string[] }, f: Field): { value: number; currency: string | null } | null => {
    const v = cell(r, f);
    if (v === undefined) return null;
    try {
      // A symbol settles the convention: R$ writes 1.234,56, $ writes 1,234.56.
      const m: DecimalMark = markFixed ? mark : /R\$|BRL/i.test(v) ? ',' : /(US)?\$|USD/i.test(v) ? '.' : mark;
      return parseAmount(v, m);
    } catch (err) {
      throw cellError(file, r.line, header(f), err);
    }
  };

  const parsed: Parsed = { format: fmt, language, deals: [], accounts: [], products: [], owners: [] };
  const dir = path.dirname(file);
  const productNames = new Map<string, { name: string; price: number | null }>();
  if (fmt === 'maven') {
    const accounts = sideFile(dir, 'accounts.csv', ['account']);
    if (accounts) {
      const c = accounts.col;
      for (const r of accounts.table.rows) {
        const g = (h: string): string | undefined => (c(h) >= 0 ? r.cells[c(h)]!.trim() : undefined);
        const name = g('account');
        if (!name) throw cellError(accounts.file, r.line, 'account', new CellError('empty'));
        const int = (h: string): number | null => {
          const v = num(accounts.file, r.line, h, g(h), '.');
          return v === null ? null : Math.round(v);
        };
        parsed.accounts.push({ name, sector: g('sector') || null, year_established: int('year_established'), revenue: num(accounts.file, r.line, 'revenue', g('revenue'), '.'), employees: int('employees'), office_location: g('office_location') || null, subsidiary_of: g('subsidiary_of') || null });
      }
    }
    const products = sideFile(dir, 'products.csv', ['product']);
    if (products) {
      const c = products.col;
      for (const r of products.table.rows) {
        const name = r.cells[c('product')]!.trim();
        if (!name) throw cellError(products.file, r.line, 'product', new CellError('empty'));
        const price = c('sales_price') >= 0 ? num(products.file, r.line, 'sales_price', r.cells[c('sales_price')], '.') : null;
        parsed.products.push({ name, series: c('series') >= 0 ? r.cells[c('series')]!.trim() || null : null, sales_price: price });
        productNames.set(productKey(name), { name, price });
      }
    }
    const teams = sideFile(dir, 'sales_teams.csv', ['sales_agent']);
    if (teams) {
      const c = teams.col;
      for (const r of teams.table.rows) {
        const name = r.cells[c('sales_agent')]!.trim();
        if (!name) throw cellError(teams.file, r.line, 'sales_agent', new CellError('empty'));
        parsed.owners.push({ name, manager: c('manager') >= 0 ? r.cells[c('manager')]!.trim() || null : null, regional_office: c('regional_office') >= 0 ? r.cells[c('regional_office')]!.trim() || null : null });
      }
    }
  }

  const seen = new Map<string, number>();
  for (const r of table.rows) {
    const id = cell(r, 'id')!;
    if (!id) throw cellError(file, r.line, header('id'), new CellError('empty: every deal needs its id'));
    if (seen.has(id)) throw cellError(file, r.line, header('id'), new CellError(`"${id}" is also on line ${seen.get(id)}`));
    seen.set(id, r.line);
    const stage = cell(r, 'stage') || null;
    const status = cell(r, 'status') || null;
    if (columns.status !== undefined && !/^(open|won|lost|deleted|aberto|ganho|perdido|excluido|excluído)$/i.test(status ?? '')) throw cellError(file, r.line, header('status'), new CellError(`"${status ?? ''}" is not open, won or lost`));
    if (columns.stage !== undefined && columns.status === undefined && !stage) throw cellError(file, r.line, header('stage'), new CellError('empty'));
    const outcome = outcomeOf(stage, status);
    let productName = cell(r, 'product') || null;
    let value: { value: number; currency: string | null } | null = amount(r, 'amount');
    if (fmt === 'maven' && productName) {
      // The sample's amount while open is the product's list price; close_value is what it closed at.
      const p = productNames.get(productKey(productName));
      if (p) {
        productName = p.name;
        if (p.price !== null) value = { value: p.price, currency: null };
      }
    }
    const closeDate = date(r, 'close') ?? (outcome === 'won' ? date(r, 'wonTime') : outcome === 'lost' ? date(r, 'lostTime') : null);
    const closeValue = columns.closeValue !== undefined ? amount(r, 'closeValue') : null;
    const currency = cell(r, 'currency')?.toUpperCase() || value?.currency || closeValue?.currency || custom?.currency || null;
    const engage = date(r, 'engage');
    parsed.deals.push({
      source: fmt,
      external_id: id,
      name: cell(r, 'name') || [cell(r, 'account'), productName].filter(Boolean).join(' · ') || id,
      account: cell(r, 'account') || null,
      product: productName,
      owner: cell(r, 'owner') || null,
      stage: stage ?? status ?? outcome,
      outcome,
      amount: value?.value ?? null,
      currency,
      engage_date: engage,
      // Closed deals: when they closed. Open ones: the CRM's expected close date, apart.
      close_date: outcome === 'open' ? null : closeDate,
      expected_close: outcome === 'open' ? (date(r, 'expectedClose') ?? closeDate) : null,
      close_value: outcome === 'open' ? null : fmt === 'maven' ? (closeValue?.value ?? null) : closeValue !== null ? closeValue.value : outcome === 'won' ? (value?.value ?? null) : 0,
    });
    if (fmt === 'maven' && closeValue === null && outcome !== 'open') throw cellError(file, r.line, 'close_value', new CellError('empty for a closed deal'));
  }
  const names = (f: 'account' | 'product' | 'owner') => [...new Set(parsed.deals.map((d) => d[f]).filter((v): v is string => !!v))];
  const have = (list: { name: string }[]) => new Set(list.map((x) => x.name));
  for (const [f, list] of [['account', parsed.accounts], ['product', parsed.products], ['owner', parsed.owners]] as const) {
    const known = have(list);
    for (const n of names(f)) if (!known.has(n)) (list as { name: string }[]).push({ name: n });
  }
  return parsed;
}

/** Reads, checks and imports a CRM export in one transaction; see the module comment. */
export function importDeals(store: Store, file: string, o: { format?: Format; now?: number; mapping?: Partial<Record<Field, string>>; custom?: ColumnMapping } = {}): ImportResult {
  const parsed = parseDealsFile(file, o.format, o.mapping, o.custom);
  const now = o.now ?? Date.now();
  const counts = transaction(store, () => {
    upsertAccounts(store, parsed.accounts.map((a) => ({ ...a, updated_at: now })));
    upsertProducts(store, parsed.products.map((p) => ({ ...p, updated_at: now })));
    upsertOwners(store, parsed.owners.map((w) => ({ ...w, updated_at: now })));
    return upsertDeals(store, parsed.deals, now);
  });
  const by = (k: 'open' | 'won' | 'lost') => parsed.deals.filter((d) => d.outcome === k).length;
  return {
    file,
    format: parsed.format,
    language: parsed.language,
    deals: parsed.deals.length,
    ...counts,
    open: by('open'),
    won: by('won'),
    lost: by('lost'),
    accounts: parsed.accounts.length,
    products: parsed.products.length,
    owners: parsed.owners.length,
    currencies: [...new Set(parsed.deals.map((d) => d.currency).filter((c): c is string => !!c))].sort(),
    totalDeals: countDeals(store),
  };
}
