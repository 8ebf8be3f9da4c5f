/**
 * The column mapping of each CRM export the import reads: for each field of a deal, the
 * headers that carry it in the English and the pt-BR export (matched without case, accents or
 * extra spaces). Fields a forecast must never see (Salesforce's Age and Probability (%),
 * HubSpot's days-to-close) are simply not mapped.
 */

export const FORMATS = ['maven', 'salesforce', 'hubspot', 'pipedrive'] as const;
export type Format = (typeof FORMATS)[number];

export type Field = 'id' | 'name' | 'account' | 'product' | 'owner' | 'stage' | 'status' | 'amount' | 'currency' | 'engage' | 'close' | 'expectedClose' | 'wonTime' | 'lostTime' | 'closeValue';

type Spec = { en: string[]; pt: string[]; required?: boolean };
export type Mapping = { format: Format; label: string; fields: Partial<Record<Field, Spec>> };

export const MAPPINGS: Record<Format, Mapping> = {
  // Maven Analytics' CRM sample (sales_pipeline.csv; accounts/products/sales_teams.csv beside it).
  maven: {
    format: 'maven',
    label: 'sample CRM (sales_pipeline.csv)',
    fields: {
      id: { en: ['opportunity_id'], pt: [], required: true },
      owner: { en: ['sales_agent'], pt: [], required: true },
      product: { en: ['product'], pt: [], required: true },
      account: { en: ['account'], pt: [] },
      stage: { en: ['deal_stage'], pt: [], required: true },
      engage: { en: ['engage_date'], pt: [] },
      close: { en: ['close_date'], pt: [] },
      closeValue: { en: ['close_value'], pt: [] },
    },
  },
  // A Salesforce opportunity report exported as CSV (Reports → Export → Details only).
  salesforce: {
    format: 'salesforce',
    label: 'Salesforce opportunity report',
    fields: {
      id: { en: ['Opportunity ID', 'Opportunity ID (18)'], pt: ['ID da oportunidade'], required: true },
      name: { en: ['Opportunity Name'], pt: ['Nome da oportunidade'] },
      account: { en: ['Account Name'], pt: ['Nome da conta'] },
      product: { en: ['Product Name', 'Product'], pt: ['Nome do produto', 'Produto'] },
      owner: { en: ['Opportunity Owner', 'Owner Name'], pt: ['Proprietário da oportunidade', 'Proprietário'] },
      stage: { en: ['Stage'], pt: ['Fase', 'Estágio'], required: true },
      amount: { en: ['Amount'], pt: ['Valor'], required: true },
      currency: { en: ['Opportunity Currency', 'Amount Currency'], pt: ['Moeda da oportunidade', 'Moeda'] },
      engage: { en: ['Created Date'], pt: ['Data de criação'], required: true },
      close: { en: ['Close Date'], pt: ['Data de fechamento'], required: true },
    },
  },
  // HubSpot: CRM → Deals → Export (all properties or the default view).
  hubspot: {
    format: 'hubspot',
    label: 'HubSpot deals export',
    fields: {
      id: { en: ['Record ID', 'Deal ID'], pt: ['ID do registro', 'ID do negócio'], required: true },
      name: { en: ['Deal Name'], pt: ['Nome do negócio'] },
      account: { en: ['Associated Company', 'Company name', 'Associated Company (Primary)'], pt: ['Empresa associada', 'Nome da empresa', 'Empresa associada (principal)'] },
      product: { en: ['Product', 'Line item'], pt: ['Produto', 'Item de linha'] },
      owner: { en: ['Deal owner', 'Deal Owner'], pt: ['Proprietário do negócio'] },
      stage: { en: ['Deal Stage'], pt: ['Etapa do negócio', 'Fase do negócio'], required: true },
      amount: { en: ['Amount'], pt: ['Valor'], required: true },
      currency: { en: ['Currency', 'Deal currency code'], pt: ['Moeda', 'Código da moeda do negócio'] },
      engage: { en: ['Create Date'], pt: ['Data de criação'], required: true },
      close: { en: ['Close Date'], pt: ['Data de fechamento'] },
    },
  },
  // Pipedrive: Deals → … → Export filter results (CSV), column names prefixed "Deal - ".
  pipedrive: {
    format: 'pipedrive',
    label: 'Pipedrive deals export',
    fields: {
      id: { en: ['Deal - ID', 'ID'], pt: ['Negócio - ID'], required: true },
      name: { en: ['Deal - Title', 'Title'], pt: ['Negócio - Título', 'Título'] },
      account: { en: ['Deal - Organization', 'Organization'], pt: ['Negócio - Organização', 'Organização'] },
      product: { en: ['Deal - Product', 'Product'], pt: ['Negócio - Produto', 'Produto'] },
      owner: { en: ['Deal - Owner', 'Owner'], pt: ['Negócio - Proprietário', 'Proprietário'] },
      status: { en: ['Deal - Status', 'Status'], pt: ['Negócio - Status', 'Status'], required: true },
      stage: { en: ['Deal - Stage', 'Stage'], pt: ['Negócio - Etapa', 'Etapa'] },
      amount: { en: ['Deal - Value', 'Value'], pt: ['Negócio - Valor', 'Valor'], required: true },
      currency: { en: ['Deal - Currency', 'Currency'], pt: ['Negócio - Moeda', 'Moeda'] },
      engage: { en: ['Deal - Deal created', 'Deal created'], pt: ['Negócio - Negócio criado', 'Negócio criado'], required: true },
      expectedClose: { en: ['Deal - Expected close date', 'Expected close date'], pt: ['Negócio - Data de fechamento esperada', 'Data de fechamento esperada'] },
      wonTime: { en: ['Deal - Won time', 'Won time'], pt: ['Negócio - Data de ganho', 'Data de ganho'] },
      lostTime: { en: ['Deal - Lost time', 'Lost time'], pt: ['Negócio - Data de perda', 'Data de perda'] },
    },
  },
};

export const normaliseHeader = (h: string): string =>
  h.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/^\ufeff/, '').trim().replace(/\s+/g, ' ').toLowerCase();

export type Resolved = { format: Format; language: 'pt' | 'en'; columns: Partial<Record<Field, number>>; missing: { field: Field; header: string }[] };

/** Where imported deals come from: a known format, or a CSV of no known format mapped in the import dialog. */
export type Source = Format | 'csv';

/**
 * A column mapping made in the Deals page's import dialog: the format it completes (`csv`:
 * none, every field from `fields`), the header of each field, how dates and amounts are
 * written (`auto`: as the importer reads them itself), and the currency of amounts that name none.
 */
export type ColumnMapping = { base: Source; fields: Partial<Record<Field, string>>; dateOrder: 'auto' | 'dmy' | 'mdy'; decimalMark: 'auto' | ',' | '.'; currency: string | null };

/** What a CSV of no known format must map: the deal's id, its amount, and its stage (or status). */
export const CUSTOM_REQUIRED: Field[] = ['id', 'stage', 'amount'];

/** The fields a column mapping may name (`--map field=Header`). */
export const FIELDS: Field[] = ['id', 'name', 'account', 'product', 'owner', 'stage', 'status', 'amount', 'currency', 'engage', 'close', 'expectedClose', 'wonTime', 'lostTime', 'closeValue'];

/**
 * Which column of `headers` holds each field of `format`, the export's language, and the
 * required fields it lacks. `mapping` names the header of a field the format's names miss
 * (an export with renamed or custom columns); a mapped header that is not there is missing.
 */
export function resolveColumns(format: Format, headers: string[], mapping: Partial<Record<Field, string>> = {}): Resolved {
  const norm = headers.map(normaliseHeader);
  const columns: Partial<Record<Field, number>> = {};
  const missing: { field: Field; header: string }[] = [];
  for (const [field, header] of Object.entries(mapping) as [Field, string][]) {
    const at = norm.indexOf(normaliseHeader(header));
    if (at >= 0) columns[field] = at;
    else missing.push({ field, header });
  }
  let pt = 0;
  let en = 0;
  for (const [field, spec] of Object.entries(MAPPINGS[format].fields) as [Field, Spec][]) {
    if (columns[field] !== undefined || mapping[field] !== undefined) continue;
    const enAt = spec.en.map((a) => norm.indexOf(normaliseHeader(a))).find((i) => i >= 0);
    const ptAt = spec.pt.map((a) => norm.indexOf(normaliseHeader(a))).find((i) => i >= 0);
    const at = enAt ?? ptAt;
    if (at !== undefined) {
      columns[field] = at;
      if (enAt !== undefined && !spec.pt.some((a) => normaliseHeader(a) === norm[enAt])) en++;
      else if (ptAt !== undefined && !spec.en.some((a) => normaliseHeader(a) === norm[ptAt])) pt++;
    } else if (spec.required) missing.push({ field, header: spec.en[0]! + (spec.pt[0] ? ` / ${spec.pt[0]}` : '') });
  }
  return { format, language: pt > en ? 'pt' : 'en', columns, missing };
}

/** The format whose required columns the headers have (the most matched wins); undefined when none fits. */
export function detectFormat(headers: string[]): Format | undefined {
  let best: { format: Format; matched: number } | undefined;
  for (const format of FORMATS) {
    const r = resolveColumns(format, headers);
    if (r.missing.length > 0) continue;
    const matched = Object.keys(r.columns).length;
    if (!best || matched > best.matched) best = { format, matched };
  }
  return best?.format;
}

const fold = (s: string): string => normaliseHeader(s);

/** A deal's outcome from its stage (or Pipedrive's status): won, lost or still open. */
export function outcomeOf(stage: string | null, status: string | null): 'open' | 'won' | 'lost' {
  const s = fold(status ?? '');
  if (s) {
    if (/^(won|ganho|ganha)$/.test(s)) return 'won';
    if (/^(lost|perdido|perdida|deleted|excluido)$/.test(s)) return 'lost';
    if (/^(open|aberto|aberta)$/.test(s)) return 'open';
  }
  const t = fold(stage ?? '');
  if (/\b(won|ganho|ganha|fechado\/ganho|fechada ganha)\b|closed ?won|^fechado.*ganh/.test(t)) return 'won';
  if (/\b(lost|perdido|perdida)\b|closed ?lost|^fechado.*perd/.test(t)) return 'lost';
  return 'open';
}
