import { afterAll, describe, expect, it } from 'vitest';

// São Paulo (UTC-3, and until 2019 a DST zone): set before any Date is made in this file. Node
// reads TZ again when it changes. (src-shared is also typed for the browser: no `process` type.)
const env = (globalThis as unknown as { process: { env: Record<string, string | undefined> } }).process.env;
const previousTz = env.TZ;
env.TZ = 'America/Sao_Paulo';
afterAll(() => {
  if (previousTz === undefined) delete env.TZ;
  else env.TZ = previousTz;
});

const { dateOrder, formatDayKey, lastLocalDays, localDateTime, localDayBounds, localDayKey, localDayRange, parseDayInput } = await import('./local-date');

describe('local dates in America/Sao_Paulo', () => {
  it('runs in the zone it asked for', () => {
    expect(new Date(Date.UTC(2025, 2, 31, 12)).getTimezoneOffset()).toBe(180);
  });

  it('names the local day and time, not the UTC ones', () => {
    // 01:30 UTC on 31 March is 22:30 on 30 March in São Paulo.
    const late = Date.UTC(2025, 2, 31, 1, 30);
    expect(localDayKey(late)).toBe('2025-03-30');
    expect(localDateTime(late)).toBe('2025-03-30 22:30');
  });

  it('bounds a local day from its first to its last millisecond', () => {
    expect(localDayBounds('2025-03-31')).toEqual({ start: Date.UTC(2025, 2, 31, 3), end: Date.UTC(2025, 3, 1, 3) - 1 });
    // 4 Nov 2018: clocks jumped from 00:00 to 01:00, a 23-hour day.
    const dst = localDayBounds('2018-11-04')!;
    expect(dst.end + 1 - dst.start).toBe(23 * 3_600_000);
    expect(localDayKey(dst.start)).toBe('2018-11-04');
    expect(localDayKey(dst.end)).toBe('2018-11-04');
    expect(localDayKey(dst.end + 1)).toBe('2018-11-05');
  });

  it('a day key shown and read back is the same day (no shift to the next or previous day)', () => {
    for (const ms of [Date.UTC(2025, 2, 31, 2, 59), Date.UTC(2025, 2, 31, 3), Date.UTC(2025, 11, 31, 23, 59)]) {
      const key = localDayKey(ms);
      const b = localDayBounds(key)!;
      expect(ms).toBeGreaterThanOrEqual(b.start);
      expect(ms).toBeLessThanOrEqual(b.end);
    }
  });

  it('refuses days that do not exist', () => {
    expect(localDayBounds('2025-02-29')).toBeNull();
    expect(localDayBounds('2024-02-29')).not.toBeNull();
    expect(localDayBounds('2025-13-01')).toBeNull();
    expect(localDayBounds('31/03/2025')).toBeNull();
    expect(localDayRange('2025-03-31', '2025-03-01')).toBe('badRange');
    expect(localDayRange('', '2025-03-01')).toBe('badDate');
    expect(localDayRange('2025-03-01', '2025-03-31')).toEqual({ from: Date.UTC(2025, 2, 1, 3), to: Date.UTC(2025, 3, 1, 3) - 1 });
  });

  it('the last N days end today, local', () => {
    // 23:00 on 31 March in São Paulo is already 1 April in UTC.
    expect(lastLocalDays(7, new Date(Date.UTC(2025, 3, 1, 2)))).toEqual({ from: '2025-03-25', to: '2025-03-31' });
  });
});

describe('dates as each UI language writes them', () => {
  it('pt-BR is dd/mm/aaaa, English mm/dd/yyyy', () => {
    expect(dateOrder('pt-BR')).toEqual({ order: ['d', 'm', 'y'], separator: '/' });
    expect(dateOrder('en')).toEqual({ order: ['m', 'd', 'y'], separator: '/' });
    expect(formatDayKey('2025-03-31', 'pt-BR')).toBe('31/03/2025');
    expect(formatDayKey('2025-03-31', 'en')).toBe('03/31/2025');
    expect(formatDayKey('nonsense', 'en')).toBe('');
  });

  it('reads what a person types in that order, or ISO', () => {
    expect(parseDayInput('31/03/2025', 'pt-BR')).toBe('2025-03-31');
    expect(parseDayInput('1/4/2025', 'pt-BR')).toBe('2025-04-01');
    expect(parseDayInput('1/4/2025', 'en')).toBe('2025-01-04');
    expect(parseDayInput('31.03.2025', 'pt-BR')).toBe('2025-03-31');
    expect(parseDayInput('2025-03-31', 'pt-BR')).toBe('2025-03-31');
    expect(parseDayInput('31/03/2025', 'en')).toBeNull();
    expect(parseDayInput('29/02/2025', 'pt-BR')).toBeNull();
    expect(parseDayInput('31/03/25', 'pt-BR')).toBeNull();
    expect(parseDayInput('', 'pt-BR')).toBeNull();
    expect(parseDayInput('ontem', 'pt-BR')).toBeNull();
  });
});
