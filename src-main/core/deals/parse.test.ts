import { describe, expect, it } from 'vitest';
import { detectDateOrder, parseAmount, parseDate } from './parse';

describe('parseDate', () => {
  it('reads ISO, pt-BR day-first and en month-first dates, with or without a time', () => {
    expect(parseDate('2017-03-01', 'mdy')).toBe('2017-03-01');
    expect(parseDate('2025-03-28 16:02', 'mdy')).toBe('2025-03-28');
    expect(parseDate('2025-03-28T16:02:00Z', 'dmy')).toBe('2025-03-28');
    expect(parseDate('28/03/2025', 'dmy')).toBe('2025-03-28');
    expect(parseDate('03/28/2025 16:02', 'mdy')).toBe('2025-03-28');
    expect(parseDate('10/01/2025 09:12', 'dmy')).toBe('2025-01-10');
    expect(parseDate('10/01/2025', 'mdy')).toBe('2025-10-01');
    expect(parseDate('1/2/25', 'dmy')).toBe('2025-02-01');
    expect(parseDate('  ', 'dmy')).toBeNull();
  });
  it('refuses what is not a date', () => {
    expect(() => parseDate('31/13/2024', 'dmy')).toThrow(/not a date/);
    expect(() => parseDate('2024-02-30', 'dmy')).toThrow(/not a date/);
    expect(() => parseDate('amanhã', 'dmy')).toThrow(/not a date/);
    expect(() => parseDate('03/28/2025', 'dmy')).toThrow(/day\/month\/year/);
  });
  it('detectDateOrder: a part over 12 decides; none says nothing; both is an error', () => {
    expect(detectDateOrder(['01/02/2025', '28/03/2025'])).toBe('dmy');
    expect(detectDateOrder(['03/28/2025', '01/02/2025'])).toBe('mdy');
    expect(detectDateOrder(['01/02/2025', '2025-03-28'])).toBeUndefined();
    expect(() => detectDateOrder(['28/03/2025', '03/28/2025'])).toThrow(/mix/);
    expect(detectDateOrder(['28/03/2025', '01/02/2025', '31/13/2025'])).toBe('dmy');
  });
});

describe('parseAmount', () => {
  it('reads R$ and $ amounts, codes, plain numbers and both decimal conventions', () => {
    expect(parseAmount('R$ 1.234,56', ',')).toEqual({ value: 1234.56, currency: 'BRL' });
    expect(parseAmount('R$ 1.200.000,00', ',')).toEqual({ value: 1200000, currency: 'BRL' });
    expect(parseAmount('R$\u00a012.350,50', ',')).toEqual({ value: 12350.5, currency: 'BRL' });
    expect(parseAmount('$1,234.56', '.')).toEqual({ value: 1234.56, currency: 'USD' });
    expect(parseAmount('US$ 9,999.99', '.')).toEqual({ value: 9999.99, currency: 'USD' });
    expect(parseAmount('BRL 1.234', ',')).toEqual({ value: 1234, currency: 'BRL' });
    expect(parseAmount('1054.0', '.')).toEqual({ value: 1054, currency: null });
    expect(parseAmount('1234,5', ',')).toEqual({ value: 1234.5, currency: null });
    // A lone group of three is thousands in the file's convention for the other mark.
    expect(parseAmount('1.234', ',')!.value).toBe(1234);
    expect(parseAmount('1,234', '.')!.value).toBe(1234);
    expect(parseAmount('1.234', '.')!.value).toBe(1.234);
    expect(parseAmount('(1,500.00)', '.')!.value).toBe(-1500);
    expect(parseAmount('', '.')).toBeNull();
  });
  it('refuses what is not an amount', () => {
    expect(() => parseAmount('doze mil', ',')).toThrow(/not an amount/);
    expect(() => parseAmount('1.2.3,4,5', ',')).toThrow(/not an amount/);
    expect(() => parseAmount('R$', ',')).toThrow(/not an amount/);
  });
});
