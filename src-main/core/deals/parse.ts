/**
 * Dates and amounts as CRM exports write them, in pt-BR and en: `2024-03-31`,
 * `31/03/2024` (pt-BR), `03/31/2024` (en), with or without a time; `R$ 1.234,56`,
 * `$1,234.56`, `1234.5`, `BRL 1.234`. Each returns null for an empty cell and throws a
 * `CellError` (the caller adds the line and column) for one it cannot read.
 */

export class CellError extends Error {}

/** Which of day and month comes first in slashed dates: DMY (pt-BR) or MDY (en). */
export type DateOrder = 'dmy' | 'mdy';

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const SLASHED = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:,?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?)?$/;

const valid = (y: number, m: number, d: number): boolean => {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
};
const iso = (y: number, m: number, d: number): string => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/**
 * From a column's values, which order its slashed dates use: a date that is a real date only
 * day first (28/03) counts for day first, one only month first (03/28) for month first; the
 * majority wins (a cell that is no date either way is left for parseDate to name). None says
 * nothing (undefined); as many of each is a file mixing the two (an error).
 */
export function detectDateOrder(values: string[]): DateOrder | undefined {
  let dmy = 0;
  let mdy = 0;
  for (const v of values) {
    const m = SLASHED.exec(v.trim());
    if (!m) continue;
    const [a, b, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const asDmy = valid(y, b, a);
    const asMdy = valid(y, a, b);
    if (asDmy && !asMdy) dmy++;
    if (asMdy && !asDmy) mdy++;
  }
  if (dmy > 0 && dmy === mdy) throw new CellError('mix day-first and month-first dates');
  return dmy > mdy ? 'dmy' : mdy > dmy ? 'mdy' : undefined;
}

/** A date cell as ISO `YYYY-MM-DD`, or null when empty. */
export function parseDate(text: string, order: DateOrder): string | null {
  const t = text.trim();
  if (t === '') return null;
  let m = ISO.exec(t);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (valid(y, mo, d)) return iso(y, mo, d);
    throw new CellError(`"${t}" is not a date`);
  }
  m = SLASHED.exec(t);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    let y = Number(m[3]);
    if (m[3]!.length === 2) y += y < 70 ? 2000 : 1900;
    const [d, mo] = order === 'dmy' ? [a, b] : [b, a];
    if (valid(y, mo, d)) return iso(y, mo, d);
    throw new CellError(`"${t}" is not a date (${order === 'dmy' ? 'day/month/year' : 'month/day/year'})`);
  }
  throw new CellError(`"${t}" is not a date (YYYY-MM-DD, DD/MM/YYYY or MM/DD/YYYY)`);
}

const CURRENCIES: [RegExp, string][] = [
  [/R\$/i, 'BRL'],
  [/\bBRL\b/i, 'BRL'],
  [/US\$/i, 'USD'],
  [/\bUSD\b/i, 'USD'],
  [/€|\bEUR\b/i, 'EUR'],
  [/£|\bGBP\b/i, 'GBP'],
  [/\$/, 'USD'],
];

/** Which decimal separator a file's amounts use when a number alone cannot say (`1.234`, `1,234`). */
export type DecimalMark = ',' | '.';

/** An amount cell: its value and the currency its symbol or code names (null when none). */
export function parseAmount(text: string, mark: DecimalMark): { value: number; currency: string | null } | null {
  let t = text.trim();
  if (t === '') return null;
  let currency: string | null = null;
  for (const [re, code] of CURRENCIES) {
    if (re.test(t)) {
      currency = code;
      break;
    }
  }
  t = t.replace(/R\$|US\$|\$|€|£|\b(BRL|USD|EUR|GBP)\b/gi, '').replace(/[\s\u00a0]/g, '');
  let negative = false;
  if (/^\(.*\)$/.test(t)) {
    negative = true;
    t = t.slice(1, -1);
  }
  if (t.startsWith('-')) {
    negative = !negative;
    t = t.slice(1);
  }
  if (!/^[\d.,]+$/.test(t) || !/\d/.test(t)) throw new CellError(`"${text.trim()}" is not an amount`);
  const lastDot = t.lastIndexOf('.');
  const lastComma = t.lastIndexOf(',');
  let decimal: DecimalMark | null;
  let thousands: DecimalMark | null = null;
  if (lastDot >= 0 && lastComma >= 0) {
    decimal = lastDot > lastComma ? '.' : ',';
    thousands = decimal === '.' ? ',' : '.';
  } else if (lastDot < 0 && lastComma < 0) decimal = null;
  else {
    const sep = lastDot >= 0 ? '.' : ',';
    // `1.234` / `1,234.` style: groups of three after the first are thousands in the file's
    // convention for the other mark; anything else (`1234,5`, `12.50`) is a decimal mark.
    const grouped = new RegExp(`^\\d{1,3}(\\${sep}\\d{3})+$`).test(t);
    decimal = grouped && sep !== mark ? null : sep;
    if (decimal === null) thousands = sep;
  }
  const [int, frac = '', extra] = (decimal ? t.split(decimal) : [t]) as [string, string?, string?];
  if (extra !== undefined) throw new CellError(`"${text.trim()}" is not an amount`);
  const intDigits = thousands ? int.split(thousands).join('') : int;
  if (!/^\d*$/.test(intDigits) || !/^\d*$/.test(frac)) throw new CellError(`"${text.trim()}" is not an amount`);
  const value = Number(`${intDigits || '0'}.${frac || '0'}`);
  return { value: negative ? -value : value, currency };
}
