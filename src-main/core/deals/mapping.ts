/**
 * The import dialog's side of a CRM export (issue 15, point 1): what the Deals page shows when
 * a CSV's columns match no known format, or a known one lacks a required column. The file's
 * columns with sample values, the fields a deal has (the importer's own list), a first
 * guess of the mapping, a preview of the rows parsed with a mapping, and the mapping
 * remembered by the export's header signature so the same export next time imports without
 * asking. Parsing is the importer's (parseDealsFile): the preview and the import read a file
 * the same way, and a bad cell is the same one-line error.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CoreError } from '../../../src-shared/errors';
import { ColumnMapping as ColumnMappingSchema } from '../../../src-shared/ipc/deals';
import type { Store } from '../store/db';
import { importMappingFor, rememberImportMapping } from '../store/deal-import-mappings';
import { CUSTOM_REQUIRED, type ColumnMapping, detectFormat, type Field, FIELDS, type Format, FORMATS, normaliseHeader, resolveColumns } from './formats';
import { type ImportResult, importDeals, parseDealsFile, readTable } from './import';

/** The export's header signature: its column names, normalised (case, accents, spaces), hashed. */
export const headerSignature = (headers: string[]): string =>
  createHash('sha256').update(headers.map(normaliseHeader).join('\u0001')).digest('hex').slice(0, 16);

/** The file's column names as written (a UTF-8 byte-order mark dropped). */
const headersOf = (file: string): string[] => readTable(file).headers.map((h) => h.replace(/^\ufeff/, ''));

export type Inspection = {
  signature: string;
  /** The columns as the file names them, each with up to three non-empty sample values. */
  columns: { header: string; samples: string[] }[];
  rows: number;
  /** The known format the header is (null: none); `importable` when it has every required column. */
  format: (typeof FORMATS)[number] | null;
  importable: boolean;
  /** The fields a deal has and whether a mapping needs them. */
  fields: { field: Field; required: boolean }[];
  /** A first mapping: the remembered one, else what the nearest format's names find. */
  suggested: ColumnMapping;
  remembered: boolean;
};

const SAMPLE_ROWS = 200;

/** What the dialog needs to know of a CSV export; reads it, writes nothing. */
export function inspectDealsFile(store: Store, file: string): Inspection {
  const table = readTable(file);
  const headers = table.headers.map((h) => h.replace(/^\ufeff/, ''));
  const signature = headerSignature(headers);
  const columns = headers.map((header, i) => {
    const samples: string[] = [];
    for (const r of table.rows.slice(0, SAMPLE_ROWS)) {
      const v = r.cells[i]?.trim();
      if (v && !samples.includes(v)) samples.push(v);
      if (samples.length === 3) break;
    }
    return { header, samples };
  });
  const format = detectFormat(headers) ?? null;
  const stored = importMappingFor(store, signature);
  // The nearest format: the one whose names find the most columns. The mapping completes it
  // when it lacks one required column at most (a renamed column); else the file is a CSV of its own.
  const nearest = FORMATS.map((f) => ({ f, r: resolveColumns(f, headers) })).sort((a, b) => a.r.missing.length - b.r.missing.length || Object.keys(b.r.columns).length - Object.keys(a.r.columns).length)[0]!;
  const guessed: ColumnMapping = {
    base: nearest.r.missing.length <= 1 ? nearest.f : 'csv',
    fields: Object.fromEntries((Object.entries(nearest.r.columns) as [Field, number][]).map(([field, at]) => [field, headers[at]!])),
    dateOrder: 'auto',
    decimalMark: 'auto',
    currency: null,
  };
  return {
    signature,
    columns,
    rows: table.rows.length,
    format,
    importable: format !== null,
    fields: FIELDS.map((field) => ({ field, required: CUSTOM_REQUIRED.includes(field) })),
    suggested: stored ? (JSON.parse(stored.mapping) as ColumnMapping) : guessed,
    remembered: stored !== undefined,
  };
}

export type PreviewRow = { id: string; name: string; account: string | null; owner: string | null; stage: string; outcome: 'open' | 'won' | 'lost'; amount: number | null; currency: string | null; engageDate: string | null; closeDate: string | null };

/** The first rows as the mapping reads them (and how many deals the file has), or the one-line error the import would give. */
export function previewDealsFile(file: string, mapping: ColumnMapping, limit = 5): { deals: number; rows: PreviewRow[] } {
  const parsed = parseDealsFile(file, undefined, {}, mapping);
  return {
    deals: parsed.deals.length,
    rows: parsed.deals.slice(0, limit).map((d) => ({
      id: d.external_id,
      name: d.name ?? d.external_id,
      account: d.account ?? null,
      owner: d.owner ?? null,
      stage: d.stage ?? d.outcome ?? 'open',
      outcome: (d.outcome ?? 'open') as PreviewRow['outcome'],
      amount: d.amount ?? null,
      currency: d.currency ?? null,
      engageDate: d.engage_date ?? null,
      closeDate: d.close_date ?? d.expected_close ?? null,
    })),
  };
}

/** Imports with the dialog's mapping (all or nothing, as any import) and, once it succeeded, remembers the mapping for this header. */
export function importWithMapping(store: Store, file: string, fileName: string, mapping: ColumnMapping, now = Date.now()): ImportResult {
  const r = importDeals(store, file, { custom: mapping, now });
  const headers = headersOf(file);
  rememberImportMapping(store, { signature: headerSignature(headers), headers, mapping: JSON.stringify(mapping), fileName }, now);
  return r;
}

/** How `salesedge deals import` read the file: with the mapping saved for its header, with a mapping file, or as a known format (null). */
export type MappingUsed = { from: 'saved' | 'file'; signature: string; mapping: ColumnMapping; /** saved: when it was saved and from which file. */ savedAt?: number; savedFrom?: string | null; /** file: the mapping file. */ file?: string };

/** A mapping file (`--mapping FILE.json`): the dialog's mapping as JSON; base, dateOrder, decimalMark and currency may be left out (csv, auto, auto, none). */
export function readMappingFile(file: string): ColumnMapping {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new CoreError('bad_request', `cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CoreError('bad_request', `${path.basename(file)}: not JSON; a column mapping is {"base":"csv","fields":{"id":"HEADER","stage":"HEADER","amount":"HEADER",…},"dateOrder":"auto|dmy|mdy","decimalMark":"auto|,|.","currency":"BRL"}`);
  }
  const r = ColumnMappingSchema.partial({ base: true, dateOrder: true, decimalMark: true, currency: true }).safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new CoreError('bad_request', `${path.basename(file)}: not a column mapping: ${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message} (fields: ${FIELDS.join(', ')})`);
  }
  return { base: r.data.base ?? 'csv', fields: r.data.fields, dateOrder: r.data.dateOrder ?? 'auto', decimalMark: r.data.decimalMark ?? 'auto', currency: r.data.currency ?? null };
}

/**
 * What `salesedge deals import FILE` does (issue 15, point 1): with `--mapping FILE.json`, the
 * file read with that mapping, remembered for its header as the dialog's is; with `--format`
 * or `--map`, the format named; otherwise the mapping the app's import dialog saved for this
 * header (as the page does: a remembered mapping first), else a known format, else one line
 * saying how to map the columns. Nothing is written unless the whole file reads.
 */
export function importDealsFile(store: Store, file: string, o: { format?: Format; map?: Partial<Record<Field, string>>; mappingFile?: string; now?: number } = {}): ImportResult & { mapping: MappingUsed | null } {
  const now = o.now ?? Date.now();
  const named = o.format !== undefined || Object.keys(o.map ?? {}).length > 0;
  if (o.mappingFile !== undefined) {
    if (named) throw new CoreError('bad_request', '--mapping is the whole column mapping: leave out --format and --map');
    const mapping = readMappingFile(o.mappingFile);
    const r = importWithMapping(store, file, path.basename(file), mapping, now);
    return { ...r, mapping: { from: 'file', signature: headerSignature(headersOf(file)), mapping, file: o.mappingFile } };
  }
  if (named) return { ...importDeals(store, file, { format: o.format, mapping: o.map, now }), mapping: null };
  const headers = headersOf(file);
  const signature = headerSignature(headers);
  const stored = importMappingFor(store, signature);
  if (stored) {
    const mapping = JSON.parse(stored.mapping) as ColumnMapping;
    const r = importWithMapping(store, file, path.basename(file), mapping, now);
    return { ...r, mapping: { from: 'saved', signature, mapping, savedAt: stored.updatedAt, savedFrom: stored.fileName } };
  }
  if (!detectFormat(headers)) {
    throw new CoreError('bad_request', `${path.basename(file)}: line 1: the columns match no known export (${FORMATS.join(', ')}) and no column mapping is saved for them: map them once in the app (Deals → Import; it is remembered for this header), or give one with --mapping FILE.json; nothing was imported`);
  }
  return { ...importDeals(store, file, { now }), mapping: null };
}
