import { describe, expect, it } from 'vitest';
import { closeWithin, fitCloseTiming, MIN_AT_RISK, newDealsWithin, type TimingDeal } from './timing';

const day = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
const many = (n: number, f: (i: number) => TimingDeal): TimingDeal[] => Array.from({ length: n }, (_, i) => f(i));

describe('close timing (competing-risks life table by deal age)', () => {
  it('every deal closing won at age 10: none closes in its first 10 days, all by the 11th; lost ones count apart', () => {
    const deals = [...many(60, (i) => ({ engage: day(i), close: day(i + 10), won: true })), ...many(40, (i) => ({ engage: day(i), close: day(i + 10), won: false }))];
    const t = fitCloseTiming(deals, day(200));
    expect(t.events).toBe(100);
    expect(closeWithin(t, 0, 10)).toEqual({ won: 0, closed: 0 });
    const w = closeWithin(t, 0, 11);
    expect(w.won).toBeCloseTo(0.6, 6);
    expect(w.closed).toBeCloseTo(1, 6);
    // An older open deal (age 5) still closes at 10 with the same split.
    expect(closeWithin(t, 5, 6).won).toBeCloseTo(0.6, 6);
  });

  it('reads nothing closed on or after its day: those deals are open (censored) at their age then', () => {
    const deals = many(100, (i) => ({ engage: day(i), close: day(i + 30), won: i % 2 === 0 }));
    const t = fitCloseTiming(deals, day(100));
    const blanked = fitCloseTiming(deals.map((d) => (d.close! >= day(100) ? { ...d, close: null, won: false } : d)), day(100));
    expect(blanked).toEqual(t);
    expect(t.events).toBe(70);
    expect(t.censored).toBe(30);
    // A deal engaged on or after the day is not known yet.
    expect(fitCloseTiming([...deals, { engage: day(150), close: day(151), won: true }], day(100))).toEqual(t);
  });

  it('left truncation: with an export of the closes since a date, deals engaged before it count at risk only from it', () => {
    // Every day from day 0 two deals are engaged: one won at age 10, one lost at age 100. The export holds the
    // deals closed from day 60 on (and the open ones): the quick wins engaged before day 50 are not in it.
    const all = Array.from({ length: 200 }, (_, e): TimingDeal[] => [{ engage: day(e), close: day(e + 10), won: true }, { engage: day(e), close: day(e + 100), won: false }]).flat();
    const exported = all.filter((d) => d.close! >= day(60));
    const t = fitCloseTiming(exported, day(250));
    expect(closeWithin(t, 0, 11).won).toBeCloseTo(0.5, 2);
    // Counted at risk from age 0, the slow deals engaged before day 50 would dilute the quick wins.
    const naive = fitCloseTiming([...exported, { engage: day(-400), close: day(-399), won: false }], day(250));
    expect(closeWithin(naive, 0, 11).won).toBeLessThan(0.45);
  });

  it('ages with too few deals at risk take the tail\'s pooled hazard rather than none', () => {
    const deals = many(MIN_AT_RISK + 5, (i) => ({ engage: day(0), close: i < 10 ? day(20 + i) : null, won: true }));
    const t = fitCloseTiming(deals, day(200));
    expect(closeWithin(t, 500, 30).won).toBeGreaterThan(0);
  });

  it('new deals: as many as were engaged over the period before, each won within the days left', () => {
    const deals = many(90, (i) => ({ engage: day(i), close: day(i + 1), won: true }));
    const t = fitCloseTiming(deals, day(90));
    const n = newDealsWithin(t, deals, 30);
    expect(n.deals).toBe(30);
    // Everyone closes won on the day after engaging: won within r days for r ≥ 2, so 29 of 30 remaining-day counts.
    expect(n.winChance).toBeCloseTo(29 / 30, 6);
  });
});
