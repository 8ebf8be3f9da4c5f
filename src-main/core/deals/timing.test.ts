import { describe, expect, it } from 'vitest';
import { closeSchedule, type CloseTiming, fitCloseTiming, MIN_AT_RISK, newDealSchedule, type TimingDeal } from './timing';

const day = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
/** Won, and closed, within `days` for a deal open at `age`: one horizon of closeSchedule. */
const closeWithin = (t: CloseTiming, age: number, days: number) => closeSchedule(t, age, [days])[0]!;
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

  it('new deals: engaged one a day, each won within the days left of the period', () => {
    const deals = many(90, (i) => ({ engage: day(i), close: day(i + 1), won: true }));
    const t = fitCloseTiming(deals, day(90));
    // Everyone closes won on the day after engaging: won within r days for r ≥ 2, so 29 of 30 remaining-day counts.
    expect(newDealSchedule(t, [30])[0]! / 30).toBeCloseTo(29 / 30, 6);
  });

  it('schedules: several horizons in one pass are each horizon alone, and the new-deal sums S(b) − S(a) of each window', () => {
    const deals = many(200, (i) => ({ engage: day(i), close: i < 150 ? day(i + 5 + (i % 40)) : null, won: i % 3 !== 0 }));
    const t = fitCloseTiming(deals, day(200));
    const cuts = [0, 7, 30, 31, 90];
    const s = closeSchedule(t, 12, cuts);
    expect(s).toEqual(cuts.map((c) => closeWithin(t, 12, c)));
    // A window [30, 90) of a deal aged 12: won within 90 days less won within 30.
    expect(s[4]!.won - s[2]!.won).toBeGreaterThan(0);
    const sums = newDealSchedule(t, [0, 30, 90]);
    expect(sums[0]).toBe(0);
    expect(sums).toEqual([0, 30, 90].map((c) => newDealSchedule(t, [c])[0]));
    // Deals engaged one a day over [0, 90) and won in [30, 90): S(90) − S(30), summed directly from closeWithin.
    let direct = 0;
    for (let e = 0; e < 90; e++) direct += closeWithin(t, 0, 90 - e).won - closeWithin(t, 0, Math.max(0, 30 - e)).won;
    expect(sums[2]! - sums[1]!).toBeCloseTo(direct, 9);
  });
});
