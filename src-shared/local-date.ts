/**
 * Calendar days and clock times in the user's own time zone, for everything a person reads or
 * types: the calls and team filters, call titles, `calls list`, export file names. Stored
 * times stay epoch milliseconds; only machine formats (ISO 8601 with Z in exports, the sync
 * protocol) stay in UTC.
 *
 * A day is written `yyyy-mm-dd` (a "day key", what an HTML date input holds); what the user
 * sees and types is the UI language's own order (31/03/2025 in pt-BR, 3/31/2025 in English).
 */

/** A local calendar day as yyyy-mm-dd. */
export type DayKey = string;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The local day of an instant: yyyy-mm-dd. */
export const localDayKey = (ms: number | Date): DayKey => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

/** The local date and time of an instant to the minute: yyyy-mm-dd hh:mm (24 h). */
export const localDateTime = (ms: number | Date): string => {
  const d = new Date(ms);
  return `${localDayKey(d)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

/** y, m (1-12), d of a day key, or null when it is not a real calendar day. */
function partsOf(key: string): { y: number; m: number; d: number } | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key.trim());
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return realDay(y, m, d) ? { y, m, d } : null;
}

function realDay(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d) || y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  // Day 0 of the next month is the last day of this one.
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** The first and last millisecond of a local day (DST days are 23 or 25 hours long), or null. */
export function localDayBounds(key: DayKey): { start: number; end: number } | null {
  const p = partsOf(key);
  if (!p) return null;
  const start = new Date(p.y, p.m - 1, p.d).getTime();
  const end = new Date(p.y, p.m - 1, p.d + 1).getTime() - 1;
  return { start, end };
}

/** From the start of the first local day to the end of the last one, or why not. */
export function localDayRange(from: DayKey, to: DayKey): { from: number; to: number } | 'badDate' | 'badRange' {
  const a = localDayBounds(from);
  const b = localDayBounds(to);
  if (!a || !b) return 'badDate';
  return a.start > b.end ? 'badRange' : { from: a.start, to: b.end };
}

/** The last N local days, today included. */
export function lastLocalDays(days: number, now: Date = new Date()): { from: DayKey; to: DayKey } {
  return { from: localDayKey(new Date(now.getFullYear(), now.getMonth(), now.getDate() - (days - 1))), to: localDayKey(now) };
}

type DateOrder = { order: ('d' | 'm' | 'y')[]; separator: string };

/** How a locale writes a short numeric date: the order of day, month and year, and the separator. */
export function dateOrder(locale: string): DateOrder {
  const parts = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric' }).formatToParts(new Date(2025, 2, 31));
  const order = parts.flatMap((p) => (p.type === 'day' ? ['d' as const] : p.type === 'month' ? ['m' as const] : p.type === 'year' ? ['y' as const] : []));
  const separator = parts.find((p) => p.type === 'literal')?.value.trim() || '/';
  return order.length === 3 ? { order, separator } : { order: ['y', 'm', 'd'], separator: '-' };
}

/** A day key as the locale writes it, two-digit day and month: 31/03/2025 (pt-BR), 03/31/2025 (en). */
export function formatDayKey(key: DayKey, locale: string): string {
  const p = partsOf(key);
  if (!p) return '';
  const { order, separator } = dateOrder(locale);
  return order.map((f) => (f === 'd' ? pad(p.d) : f === 'm' ? pad(p.m) : String(p.y))).join(separator);
}

/**
 * What a person typed, in the locale's order (31/3/2025, 31.03.2025, 31-03-2025 in pt-BR), or
 * an ISO yyyy-mm-dd, as a day key; null when it is not a real date.
 */
export function parseDayInput(text: string, locale: string): DayKey | null {
  const s = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return partsOf(s) ? s : null;
  const fields = s.split(/[/.\-\s]+/);
  if (fields.length !== 3 || fields.some((f) => !/^\d+$/.test(f))) return null;
  const { order } = dateOrder(locale);
  const value: Record<'d' | 'm' | 'y', number> = { d: 0, m: 0, y: 0 };
  order.forEach((f, i) => {
    value[f] = Number(fields[i]);
  });
  if (fields[order.indexOf('y')]!.length !== 4) return null;
  if (!realDay(value.y, value.m, value.d)) return null;
  return `${value.y}-${pad(value.m)}-${pad(value.d)}`;
}
